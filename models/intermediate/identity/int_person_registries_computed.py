"""Persistent person ids: the record and the person registries after this run, computed once.

Reads the registry as last published (source ``registry``; absent before the first
publish), gives every cluster of this run a person id by the rules of
``id_registry.persons`` (docs block ``id_rules``: ownership, merge keeps the older id,
split keeps the larger part, ids never reused) and returns both registries in one
frame, told apart by ``registry_part`` (RECORD: one row per record ever seen; PERSON:
one row per person id ever issued). ``int_person_id_records_registered`` and
``int_person_ids_registered`` each select their part. A new id is the keyed pseudonym
of the cluster's anchor record: the key is read here, in the driver, and never enters
Spark. Nothing is written to the registry here: the publish step makes the registry
models the registry, with the marts, only when the whole run succeeded.
"""

SCHEMA = (
    "registry_part string, record_id string, person_id string, anchor_record_id string, "
    "status string, successor_id string, first_seen_as_of string, last_seen_as_of string, "
    "n_records bigint, change string, related_id string, n_records_added bigint, "
    "n_records_removed bigint, based_on_registry_run_id string, "
    "person_id_key_source string, person_id_key_check string"
)


def model(dbt, session):
    dbt.config(materialized="table")
    import pandas as pd

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
    records, persons, based_on = person_registries_for_run(
        dbt.ref("int_person_records_clustered"), previous, as_of=str(dates["as_of_date"]), key=key
    )
    both = pd.concat(
        [records.assign(registry_part="RECORD"), persons.assign(registry_part="PERSON")],
        ignore_index=True,
    ).assign(
        based_on_registry_run_id=based_on,
        person_id_key_source=key.source,
        person_id_key_check=key.check_value,
    )
    # counts of PERSON rows stay whole numbers beside the RECORD rows' nulls
    counts = ["n_records", "n_records_added", "n_records_removed"]
    both[counts] = both[counts].astype("Int64")
    columns = [part.split()[0] for part in SCHEMA.split(", ")]
    return to_spark(session, both.reindex(columns=columns), SCHEMA)
