"""Graph step, person level: components, networks, centralities, brokerage, key players.

Runs on the offender side of the graph only (offenders, suspects, associates); persons
who are only victims are not in its output.

A thin dbt Python model: reads the graph inputs, runs ``python/graph_step`` per
component on Spark (``graph_step.spark_io``) and returns one row per person.
Parameters come from dbt vars (see ``_graph_step__models.yml``); ``run_id`` is
derived from the parameters and a fingerprint of the inputs, so the same
inputs and vars give the same rows.
"""

import hashlib
import os


def _fingerprint(frame, columns):
    """Row count and an order-independent hash sum of the given columns."""
    from pyspark.sql import functions as sf

    row = frame.select(
        sf.count(sf.lit(1)).alias("n"),
        sf.sum(sf.xxhash64(*columns).cast("decimal(38,0)")).alias("h"),
    ).first()
    return f"{row['n']}:{row['h']}"


def model(dbt, session):
    dbt.config(materialized="table")
    from graph_step import GraphParams
    from graph_step.spark_io import analyse_graph_spark, offender_graph_spark

    # Documented fault-injection switch for the reliability tests (write-audit-publish).
    if os.environ.get("CSE_FAULT_INJECT") == "graph_step":
        raise RuntimeError("fault injected into the graph step (CSE_FAULT_INJECT=graph_step)")

    params = GraphParams.from_vars(dbt.config.get("graph_vars"))
    # Networks are offender groups: victims and offender-victim links are left out
    # here and attached to the networks afterwards (docs block network_definition).
    nodes, edges = offender_graph_spark(dbt.ref("graph_nodes"), dbt.ref("graph_edges"))
    fingerprint = "|".join(
        [
            params.to_json(),
            _fingerprint(nodes, ["person_id", "harm_days"]),
            _fingerprint(edges, ["person_id_a", "person_id_b", "weight"]),
        ]
    )
    run_id = "graph-" + hashlib.sha256(fingerprint.encode()).hexdigest()[:16]
    outputs = analyse_graph_spark(nodes, edges, params=params, run_id=run_id)
    return outputs["persons"]
