"""Rank history of networks: the published runs' rows and this run's (one row per network per
published run; docs block ``id_rules``).
A failed run never publishes, so its rows never reach the registry; ``dbt retry`` of a
run writes its rows once."""


def model(dbt, session):
    dbt.config(materialized="table")
    from id_registry.spark_io import absent, history_for_run, to_spark

    try:
        previous = dbt.source("registry", "registry_network_history")
    except Exception as error:  # not published yet
        previous = absent(error)
    dates = dbt.ref("int_run_dates_resolved").first()
    as_of = str(dates["as_of_date"])
    ranked = dbt.ref("pg_networks_prioritised")
    history = history_for_run(previous, ranked, id_column="network_id", as_of=as_of)
    return to_spark(
        session,
        history,
        "run_id string, as_of_date string, network_id string, priority_rank bigint, "
        "priority_score double, registry_run_id string",
    )
