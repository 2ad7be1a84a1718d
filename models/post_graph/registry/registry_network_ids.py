"""The network-id registry to publish: every network id ever issued, its status
(ACTIVE, MERGED, DISSOLVED), when it was first and last live and its last rank
(docs block ``id_rules``). Thin: one call into ``id_registry.history``."""


def model(dbt, session):
    dbt.config(materialized="table")
    from id_registry.history import NETWORK_ID_COLUMNS, network_registry_after
    from id_registry.spark_io import absent, current_run_id, read_previous, to_spark

    try:
        previous_registry_network_ids = dbt.source("registry", "registry_network_ids")
    except Exception as error:  # not published yet
        previous_registry_network_ids = absent(error)
    previous, _ = read_previous(previous_registry_network_ids, NETWORK_ID_COLUMNS)
    changes = dbt.ref("graph_network_ids").select("network_id", "status", "related_network_id")
    ranks = dbt.ref("pg_networks_scored").select("network_id", "priority_rank")
    dates = dbt.ref("int_run_dates_resolved").first()
    as_of = str(dates["as_of_date"])
    registry = network_registry_after(previous, changes.toPandas(), ranks.toPandas(), as_of=as_of)
    registry["registry_run_id"] = current_run_id()
    return to_spark(
        session,
        registry,
        "network_id string, status string, successor_id string, first_seen_as_of string, "
        "last_seen_as_of string, priority_rank bigint, registry_run_id string",
    )
