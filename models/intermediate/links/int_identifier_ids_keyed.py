"""The pseudonymous id of every identifier observation: HMAC-SHA256 with the secret key.

Thin on purpose: the id is defined once in ``cse_networks.pseudonym.identifier_id``
(the same key as the person ids). The key is read here, in the driver, and reaches
the executors inside the UDF's closure: never a Spark conf, a SQL literal or a plan.
"""


def model(dbt, session):
    dbt.config(materialized="table")
    from pyspark.sql.functions import lit

    from cse_networks.pseudonym import load_key
    from cse_networks.pseudonym_spark import with_identifier_ids

    key = load_key(dbt.config.get("person_id_key_policy"))
    identifiers = dbt.ref("stg_person_records__identifiers").select(
        "identifier_key", "identifier_type", "identifier_value"
    )
    keyed = with_identifier_ids(
        identifiers,
        type_column="identifier_type",
        value_column="identifier_value",
        key=key,
        out="identifier_id",
    )
    return keyed.select(
        "identifier_key",
        "identifier_id",
        lit(key.source).alias("person_id_key_source"),
        lit(key.check_value).alias("person_id_key_check"),
    )
