"""Persistent network ids: each network of this run keeps the id of the network of the
last published run whose offender members it mostly shares, or gets the next id of a
sequence (docs block ``id_rules``). One row per network of this run (with the graph
step's working label ``network_key``) and one per id retired in this run.

Thin: reads the registry as last published (source ``registry``), the graph step's
offender members and this run's person registry (to follow merge pointers), and makes
one call into ``id_registry``.
"""


def model(dbt, session):
    dbt.config(materialized="table")
    from id_registry import PERSON_REGISTRY_COLUMNS
    from id_registry.history import NETWORK_ID_COLUMNS
    from id_registry.spark_io import absent, network_ids_from_spark, read_previous, to_spark

    members = dbt.ref("graph_person_metrics").where("network_id is not null")
    members = members.selectExpr("network_id as network_key", "person_id")
    try:
        previous_registry_network_members = dbt.source("registry", "registry_network_members")
    except Exception as error:  # not published yet
        previous_registry_network_members = absent(error)
    previous_members, based_on = read_previous(
        previous_registry_network_members, ["network_id", "person_id"]
    )
    try:
        previous_registry_network_ids = dbt.source("registry", "registry_network_ids")
    except Exception as error:  # not published yet
        previous_registry_network_ids = absent(error)
    previous_ids, _ = read_previous(previous_registry_network_ids, NETWORK_ID_COLUMNS)
    persons = dbt.ref("int_person_ids_registered").select(*PERSON_REGISTRY_COLUMNS).toPandas()
    changes = network_ids_from_spark(
        members,
        previous_members,
        previous_ids,
        persons,
        threshold=float(dbt.config.get("network_id_min_jaccard")),
    )
    changes["based_on_registry_run_id"] = based_on
    return to_spark(
        session,
        changes,
        "network_id string, status string, previous_network_ids array<string>, "
        "related_network_id string, jaccard double, n_members bigint, n_members_added bigint, "
        "n_members_removed bigint, network_key string, previous_rank bigint, "
        "previous_as_of string, based_on_registry_run_id string",
    )
