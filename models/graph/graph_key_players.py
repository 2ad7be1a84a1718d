"""Graph step: the greedy key-player set of each network, in removal order."""


def model(dbt, session):
    dbt.config(materialized="table")
    from graph_step.spark_io import derive_outputs_spark

    persons = dbt.ref("graph_person_metrics")
    return derive_outputs_spark(persons, dbt.ref("graph_edges"))["key_players"]
