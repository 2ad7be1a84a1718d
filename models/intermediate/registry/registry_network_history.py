"""Rank history of networks: the published runs' rows and this run's (one row per
network per published run; docs block ``id_rules``). A failed run never publishes, so
its rows never reach the registry; ``dbt retry`` of a run writes its rows once."""


def model(dbt, session):
    dbt.config(materialized="table")
    from id_registry.history import NETWORK_HISTORY_COLUMNS, append_run
    from id_registry.spark_io import absent, current_run_id, read_previous, to_spark

    try:
        previous_registry_network_history = dbt.source("registry", "registry_network_history")
    except Exception as error:  # not published yet
        previous_registry_network_history = absent(error)
    previous, _ = read_previous(previous_registry_network_history, NETWORK_HISTORY_COLUMNS)
    dates = dbt.ref("int_run_dates_resolved").first()
    as_of = str(dates["as_of_date"])
    current = dbt.ref("int_networks_prioritised").select(
        "network_id", "priority_rank", "priority_score"
    )
    history = append_run(
        previous, current.toPandas().assign(as_of_date=as_of), run_id=current_run_id()
    )
    history["registry_run_id"] = current_run_id()
    return to_spark(
        session,
        history,
        "run_id string, as_of_date string, network_id string, priority_rank bigint, "
        "priority_score double, registry_run_id string",
    )
