"""Persistent person ids, id by id: the person registry after this run.

One row per person id ever issued: ACTIVE, MERGED (with the live id it points to) or
ABSENT, and what happened to it in this run (NEW, CONTINUING, GROWN, SHRUNK, CHANGED,
SPLIT_FROM, MERGED_INTO, ABSENT, RETURNED; UNCHANGED for an id already retired or
absent). The same pure, deterministic call as ``int_person_id_records_registered``, so
both agree (docs block ``id_rules``).
"""


def model(dbt, session):
    dbt.config(materialized="table")
    from cse_networks.pseudonym import load_key
    from id_registry.spark_io import absent, person_registries_for_run, to_spark

    key = load_key(dbt.config.get("person_id_key_policy"))
    dates = dbt.ref("int_run_dates_resolved").first()
    as_of = str(dates["as_of_date"])
    try:
        previous = (
            dbt.source("registry", "registry_person_records"),
            dbt.source("registry", "registry_person_ids"),
        )
    except Exception as error:  # not published yet
        previous = absent(error)
    clustered = dbt.ref("int_person_records_clustered")
    _, persons, based_on = person_registries_for_run(clustered, previous, as_of=as_of, key=key)
    return to_spark(
        session,
        persons.assign(based_on_registry_run_id=based_on),
        "person_id string, status string, successor_id string, first_seen_as_of string, "
        "last_seen_as_of string, n_records bigint, change string, related_id string, "
        "n_records_added bigint, n_records_removed bigint, based_on_registry_run_id string",
    )
