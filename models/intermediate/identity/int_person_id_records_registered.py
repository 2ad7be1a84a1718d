"""Persistent person ids, record by record: the record registry after this run.

Reads the registry as last published (source ``registry``; empty before the first
publish), gives every cluster of this run a person id by the rules of
``id_registry.persons`` (docs block ``id_rules``: ownership, merge keeps the older id,
split keeps the larger part, ids never reused) and returns one row per record ever
seen. A new id is the keyed pseudonym of the cluster's anchor record
(``cse_networks.pseudonym.person_id``): the key is read here, in the driver, and never
enters Spark. Nothing is written to the registry here: the publish step makes this
table the registry, with the marts, only when the whole run succeeded.
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

    registered, _ = person_registry_from_spark(
        dbt.ref("int_person_records_clustered"), records, persons, as_of=as_of, new_id=new_id
    )
    registered["based_on_registry_run_id"] = based_on
    registered["person_id_key_source"] = key.source
    registered["person_id_key_check"] = key.check_value
    return to_spark(
        session,
        registered,
        "record_id string, person_id string, last_seen_as_of string, anchor_record_id string, "
        "based_on_registry_run_id string, person_id_key_source string, person_id_key_check string",
    )
