"""Graph step, network level: one row per network, derived from the person-level output."""


def model(dbt, session):
    dbt.config(materialized="table")
    from graph_step.spark_io import derive_outputs_spark, offender_graph_spark
    from id_registry.spark_io import with_network_ids

    # persistent network ids (docs block id_rules) in place of the working labels
    persons = with_network_ids(dbt.ref("graph_person_metrics"), dbt.ref("graph_network_ids"))
    _, edges = offender_graph_spark(dbt.ref("graph_nodes"), dbt.ref("graph_edges"))
    return derive_outputs_spark(persons, edges)["networks"]
