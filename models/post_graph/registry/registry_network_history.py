"""Rank history of networks: the published runs' rows and this run's (one row per network per
published run; docs block ``id_rules``). Thin: one call into ``id_registry.spark_io``."""


def model(dbt, session):
    dbt.config(materialized="table")
    from id_registry.spark_io import absent, rank_history

    try:
        previous = dbt.source("registry", "registry_network_history")
    except Exception as error:  # not published yet
        previous = absent(error)
    ranked = dbt.ref("pg_networks_scored").select("network_id", "priority_rank", "priority_score")
    dates = dbt.ref("int_run_dates_resolved")
    return rank_history(session, previous, ranked, dates, id_column="network_id")
