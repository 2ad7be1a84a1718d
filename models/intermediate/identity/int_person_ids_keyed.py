"""The pseudonymous person id of every cluster anchor: HMAC-SHA256 with the secret key.

Thin on purpose: the id is defined once in ``cse_networks.pseudonym.person_id``. The
key is read here, in the driver, from DBT_ENV_SECRET_CSE_PERSON_ID_KEY or the file
named by CSE_PERSON_ID_KEY_FILE, and reaches the executors inside the UDF's closure:
never a Spark conf, a SQL literal or a query plan.
"""


def model(dbt, session):
    dbt.config(materialized="table")
    from pyspark.sql.functions import lit

    from cse_networks.pseudonym import load_key
    from cse_networks.pseudonym_spark import with_person_ids

    key = load_key(dbt.config.get("person_id_key_policy"))
    anchors = dbt.ref("int_person_records_clustered").select("anchor_record_id").distinct()
    keyed = with_person_ids(anchors, anchor_column="anchor_record_id", key=key, out="person_id")
    return keyed.select(
        "anchor_record_id",
        "person_id",
        lit(key.source).alias("person_id_key_source"),
        lit(key.check_value).alias("person_id_key_check"),
    )
