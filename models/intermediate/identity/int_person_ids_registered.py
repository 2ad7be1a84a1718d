"""Persistent person ids, id by id: the person registry after this run.

One row per person id ever issued: ACTIVE, MERGED (with the live id it points to) or
ABSENT, and what happened to it in this run (NEW, CONTINUING, GROWN, SHRUNK, CHANGED,
SPLIT_FROM, MERGED_INTO, ABSENT, RETURNED; UNCHANGED for an id already retired or
absent). The same call into ``id_registry.persons`` as ``int_person_id_records_registered``
(pure and deterministic, so both agree); docs block ``id_rules``.
"""


def model(dbt, session):
    dbt.config(materialized="table")
    from cse_networks.pseudonym import load_key, person_id
    from id_registry import PERSON_REGISTRY_COLUMNS, RECORD_REGISTRY_COLUMNS
    from id_registry.spark_io import absent, person_registry_from_spark, read_previous, to_spark

    key = load_key(dbt.config.get("person_id_key_policy"))
    dates = dbt.ref("int_run_dates_resolved").first()
    as_of = str(dates["as_of_date"])
    try:
        previous_registry_person_records = dbt.source("registry", "registry_person_records")
    except Exception as error:  # not published yet
        previous_registry_person_records = absent(error)
    records, based_on = read_previous(previous_registry_person_records, RECORD_REGISTRY_COLUMNS)
    try:
        previous_registry_person_ids = dbt.source("registry", "registry_person_ids")
    except Exception as error:  # not published yet
        previous_registry_person_ids = absent(error)
    persons, _ = read_previous(previous_registry_person_ids, PERSON_REGISTRY_COLUMNS)

    def new_id(anchor: str, attempt: int) -> str:
        return person_id(anchor if attempt == 0 else f"{anchor}#{attempt}", key.secret)

    _, registry = person_registry_from_spark(
        dbt.ref("int_person_records_clustered"), records, persons, as_of=as_of, new_id=new_id
    )
    registry["based_on_registry_run_id"] = based_on
    return to_spark(
        session,
        registry,
        "person_id string, status string, successor_id string, first_seen_as_of string, "
        "last_seen_as_of string, n_records bigint, change string, related_id string, "
        "n_records_added bigint, n_records_removed bigint, based_on_registry_run_id string",
    )
