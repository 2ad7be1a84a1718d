"""Persistent person ids, record by record: the record registry after this run.

Reads the registry as last published (source ``registry``; absent before the first
publish), gives every cluster of this run a person id by the rules of
``id_registry.persons`` (docs block ``id_rules``: ownership, merge keeps the older id,
split keeps the larger part, ids never reused) and returns one row per record ever
seen. A new id is the keyed pseudonym of the cluster's anchor record: the key is read
here, in the driver, and never enters Spark. Nothing is written to the registry here:
the publish step makes this table the registry, with the marts, only when the whole
run succeeded.
"""


def model(dbt, session):
    dbt.config(materialized="table")
    from cse_networks.pseudonym import load_key
    from id_registry.spark_io import absent, person_registries_for_run, to_spark

    key = load_key(dbt.config.get("person_id_key_policy"))
    dates = dbt.ref("int_run_dates_resolved").first()
    try:
        previous = (
            dbt.source("registry", "registry_person_records"),
            dbt.source("registry", "registry_person_ids"),
        )
    except Exception as error:  # not published yet
        previous = absent(error)
    records, _, based_on = person_registries_for_run(
        dbt.ref("int_person_records_clustered"), previous, as_of=str(dates["as_of_date"]), key=key
    )
    records = records.assign(
        based_on_registry_run_id=based_on,
        person_id_key_source=key.source,
        person_id_key_check=key.check_value,
    )
    return to_spark(
        session,
        records,
        "record_id string, person_id string, last_seen_as_of string, anchor_record_id string, "
        "based_on_registry_run_id string, person_id_key_source string, person_id_key_check string",
    )
