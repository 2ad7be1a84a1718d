"""Spark edges of the graph step: the only module that imports pyspark (lazily).

- :func:`clean_edges_spark` applies the cleaning rules of :mod:`graph_step.inputs` in Spark.
- :func:`components_spark` finds connected components in Spark (min-label propagation with
  pointer jumping, lineage cut by ``localCheckpoint`` so no checkpoint directory is
  needed); the edge list never goes to the driver.
- :func:`analyse_graph_spark` sends batches of whole components to
  :func:`graph_step.analyse_component` with ``cogroup(...).applyInPandas`` and derives the
  network, bridge and key-player tables with the same pandas functions as the in-process
  path, so both paths give identical rows.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import pandas as pd

from graph_step.analyse import analyse_component
from graph_step.components import COMPONENT_PREFIX
from graph_step.outputs import bridges_from_persons, networks_from_persons
from graph_step.params import GraphParams
from graph_step.schema import (
    BRIDGE_SCHEMA,
    KEY_PLAYER_COLUMNS,
    NETWORK_SCHEMA,
    PERSON_SCHEMA,
)

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = [
    "analyse_graph_spark",
    "clean_edges_spark",
    "clean_nodes_spark",
    "components_spark",
    "derive_outputs_spark",
    "offender_graph_spark",
]

_BATCH = "_graph_batch"

# Edge weight left once the OFFENDER_VICTIM part is taken away; at or below this the
# edge carried only offender-victim evidence (float sums of the same values).
_NO_WEIGHT = 1e-9


def offender_graph_spark(nodes_sdf: DataFrame, edges_sdf: DataFrame) -> tuple[DataFrame, DataFrame]:
    """The graph networks are found on: offenders, suspects and associates only.

    A network is an offender group (docs block ``network_definition``): persons flagged
    ``is_victim_only`` in ``graph_nodes`` are left out, and every edge loses the weight
    of its OFFENDER_VICTIM links (``weight_offender_victim``), so an edge that was only
    an offender-victim link disappears. Victims are attached to the networks that
    harmed them afterwards, through the crimes (``pg_network_victims_linked``).
    Frames without those columns pass unchanged.

    Parameters
    ----------
    nodes_sdf : DataFrame
        ``graph_nodes`` (``person_id``, ``harm_days``, ``is_victim_only``, ...).
    edges_sdf : DataFrame
        ``graph_edges`` (``person_id_a``, ``person_id_b``, ``weight``,
        ``weight_offender_victim``, ...).

    Returns
    -------
    tuple of DataFrame
        ``(nodes, edges)``; edges may still touch dropped persons (the cleaning rules
        drop those).
    """
    from pyspark.sql import functions as sf

    nodes = nodes_sdf
    if "is_victim_only" in nodes_sdf.columns:
        nodes = nodes_sdf.where(~sf.coalesce(sf.col("is_victim_only"), sf.lit(False)))
    edges = edges_sdf
    if "weight_offender_victim" in edges_sdf.columns:
        without = sf.col("weight") - sf.coalesce(sf.col("weight_offender_victim"), sf.lit(0.0))
        edges = edges_sdf.withColumn("weight", without).where(sf.col("weight") > _NO_WEIGHT)
    return nodes, edges


def clean_nodes_spark(nodes_sdf: DataFrame) -> DataFrame:
    """``person_id`` (string, not null), ``harm_days`` (double) and ``is_cse_nominal``
    (boolean, false when absent or null) of every node row.

    Duplicates are left in place: they share a component, hence a batch, and
    :func:`graph_step.inputs.clean_nodes` resolves them there.
    """
    from pyspark.sql import functions as sf

    harm = sf.col("harm_days") if "harm_days" in nodes_sdf.columns else sf.lit(0.0)
    cse = sf.col("is_cse_nominal") if "is_cse_nominal" in nodes_sdf.columns else sf.lit(False)
    return nodes_sdf.select(
        sf.col("person_id").cast("string").alias("person_id"),
        harm.cast("double").alias("harm_days"),
        sf.coalesce(cse.cast("boolean"), sf.lit(False)).alias("is_cse_nominal"),
    ).where(sf.col("person_id").isNotNull())


def clean_edges_spark(edges_sdf: DataFrame, nodes_sdf: DataFrame) -> DataFrame:
    """Canonical, unique, positive-weight edges between known persons (rules of ``inputs``).

    Parameters
    ----------
    edges_sdf : DataFrame
        ``person_id_a``, ``person_id_b``, ``weight`` (other columns ignored).
    nodes_sdf : DataFrame
        Holds ``person_id``; edges touching other persons are dropped.

    Returns
    -------
    DataFrame
        ``person_id_a`` < ``person_id_b``, ``weight`` (max over duplicates).
    """
    from pyspark.sql import functions as sf

    a = sf.col("person_id_a").cast("string")
    b = sf.col("person_id_b").cast("string")
    w = sf.col("weight").cast("double")
    known = nodes_sdf.select(sf.col("person_id").cast("string").alias("person_id")).distinct()
    # Spark orders NaN above every number, so NaN must be excluded explicitly.
    edges = edges_sdf.select(
        sf.least(a, b).alias("person_id_a"),
        sf.greatest(a, b).alias("person_id_b"),
        w.alias("weight"),
    ).where(
        sf.col("person_id_a").isNotNull()
        & sf.col("person_id_b").isNotNull()
        & (sf.col("person_id_a") != sf.col("person_id_b"))
        & sf.col("weight").isNotNull()
        & ~sf.isnan("weight")
        & (sf.col("weight") > 0)
        & (sf.col("weight") < float("inf"))
    )
    edges = edges.join(known.withColumnRenamed("person_id", "person_id_a"), "person_id_a", "semi")
    edges = edges.join(known.withColumnRenamed("person_id", "person_id_b"), "person_id_b", "semi")
    return edges.groupBy("person_id_a", "person_id_b").agg(sf.max("weight").alias("weight"))


def components_spark(
    edges_sdf: DataFrame, nodes_sdf: DataFrame, *, clean: bool = True, max_iterations: int = 200
) -> DataFrame:
    """Connected components in Spark: ``(person_id, component_id)`` for every person.

    Each person starts with its own id as label; every round takes the smallest label
    among itself and its neighbours, then jumps to its label's label (pointer jumping,
    which cuts the rounds to about the log of the diameter). The fixed point labels each
    component with its smallest person id, the same ``C_<id>`` as the in-process path.

    Parameters
    ----------
    edges_sdf : DataFrame
        Edges (``person_id_a``, ``person_id_b``, ``weight``).
    nodes_sdf : DataFrame
        Holds ``person_id``; persons without edges become their own component.
    clean : bool
        Apply :func:`clean_edges_spark` first (so a zero-weight link joins nothing);
        ``False`` when the edges are already clean.
    max_iterations : int
        Safety bound; exceeding it raises ``RuntimeError``.

    Returns
    -------
    DataFrame
        ``person_id``, ``component_id``.
    """
    from pyspark.sql import functions as sf

    if clean:
        edges_sdf = clean_edges_spark(edges_sdf, nodes_sdf)
    pairs = edges_sdf.select(sf.col("person_id_a").alias("src"), sf.col("person_id_b").alias("dst"))
    both = pairs.union(pairs.select(sf.col("dst").alias("src"), sf.col("src").alias("dst")))
    both = both.localCheckpoint()
    labels = (
        nodes_sdf.select(sf.col("person_id").cast("string").alias("id"))
        .distinct()
        .withColumn("label", sf.col("id"))
        .localCheckpoint()
    )
    for _ in range(max_iterations):
        spread = both.join(labels.withColumnRenamed("id", "src"), "src").select(
            sf.col("dst").alias("id"), "label"
        )
        best = labels.union(spread).groupBy("id").agg(sf.min("label").alias("label"))
        target = best.select(sf.col("id").alias("label"), sf.col("label").alias("jump"))
        jumped = best.join(target, "label", "left").select(
            "id", sf.least("label", sf.coalesce("jump", "label")).alias("label")
        )
        jumped = jumped.localCheckpoint()
        changed = (
            jumped.join(labels.withColumnRenamed("label", "old"), "id")
            .where(sf.col("label") != sf.col("old"))
            .limit(1)
            .count()
        )
        labels = jumped
        if changed == 0:
            break
    else:
        raise RuntimeError(f"components did not converge in {max_iterations} rounds")
    return labels.select(
        sf.col("id").alias("person_id"),
        sf.concat(sf.lit(COMPONENT_PREFIX), sf.col("label")).alias("component_id"),
    )


def _with_batch(frame: DataFrame, n_batches: int, column: str = "component_id") -> DataFrame:
    from pyspark.sql import functions as sf

    return frame.withColumn(_BATCH, sf.pmod(sf.xxhash64(column), sf.lit(n_batches)))


def _persons_batch(
    nodes: pd.DataFrame, edges: pd.DataFrame, *, params: GraphParams, run_id: str
) -> pd.DataFrame:
    return analyse_component(nodes, edges, params=params, run_id=run_id)


def _bridges_batch(persons: pd.DataFrame, edges: pd.DataFrame) -> pd.DataFrame:
    return bridges_from_persons(persons, edges)


def analyse_graph_spark(
    nodes_sdf: DataFrame,
    edges_sdf: DataFrame,
    *,
    params: GraphParams,
    run_id: str,
    n_batches: int | None = None,
) -> dict[str, Any]:
    """Run the graph step on Spark DataFrames.

    Parameters
    ----------
    nodes_sdf : DataFrame
        ``graph_nodes`` (``person_id``, ``harm_days``, ...).
    edges_sdf : DataFrame
        ``graph_edges`` (``person_id_a``, ``person_id_b``, ``weight``, ...).
    params : GraphParams
        Run parameters.
    run_id : str
        Identifier carried on every row.
    n_batches : int or None
        Number of component batches (one pandas call each); default
        ``spark.sql.shuffle.partitions``. Does not change the results.

    Returns
    -------
    dict of DataFrame
        ``persons``, ``networks``, ``bridges``, ``key_players`` (and ``components``).
    """
    from pyspark.sql import functions as sf

    spark = nodes_sdf.sparkSession
    if n_batches is None:
        n_batches = int(spark.conf.get("spark.sql.shuffle.partitions", "200"))
    nodes = clean_nodes_spark(nodes_sdf)
    edges = clean_edges_spark(edges_sdf, nodes).localCheckpoint()
    components = components_spark(edges, nodes, clean=False).localCheckpoint()

    nodes_b = _with_batch(nodes.join(components, "person_id"), n_batches)
    # Fresh column names: Spark rejects a cogroup whose keys trace back to one column.
    edge_component = components.select(
        sf.col("person_id").alias("person_id_a"), sf.col("component_id").alias("_edge_component")
    )
    edges_b = _with_batch(
        edges.join(edge_component, "person_id_a"), n_batches, "_edge_component"
    ).drop("_edge_component")
    run = functools.partial(_persons_batch, params=params, run_id=run_id)
    persons = (
        nodes_b.groupBy(_BATCH)
        .cogroup(edges_b.groupBy(_BATCH))
        .applyInPandas(run, schema=PERSON_SCHEMA)
        .localCheckpoint()
    )
    derived = derive_outputs_spark(persons, edges, n_batches=n_batches, components=components)
    return {"components": components, "persons": persons, **derived}


def derive_outputs_spark(
    persons: DataFrame,
    edges_sdf: DataFrame,
    *,
    n_batches: int | None = None,
    components: DataFrame | None = None,
) -> dict[str, Any]:
    """Network, bridge and key-player tables from person rows (e.g. a stored person table).

    Uses the same pandas functions as the in-process path, per batch of whole
    components. Spark is lazy: only the tables a caller writes are computed.

    Parameters
    ----------
    persons : DataFrame
        Person rows (``PERSON_SCHEMA``).
    edges_sdf : DataFrame
        ``graph_edges``; cleaned here with the rules of :mod:`graph_step.inputs`.
    n_batches : int or None
        Number of component batches; default ``spark.sql.shuffle.partitions``.
    components : DataFrame or None
        ``(person_id, component_id)``; taken from ``persons`` when omitted.

    Returns
    -------
    dict of DataFrame
        ``networks``, ``bridges``, ``key_players``.
    """
    from pyspark.sql import functions as sf

    spark = persons.sparkSession
    if n_batches is None:
        n_batches = int(spark.conf.get("spark.sql.shuffle.partitions", "200"))
    if components is None:
        components = persons.select("person_id", "component_id")
    nodes = persons.select("person_id", sf.lit(0.0).alias("harm_days"))
    edges = clean_edges_spark(edges_sdf, nodes)
    edge_component = components.select(
        sf.col("person_id").alias("person_id_a"), sf.col("component_id").alias("_edge_component")
    )
    edges_b = _with_batch(
        edges.join(edge_component, "person_id_a"), n_batches, "_edge_component"
    ).drop("_edge_component")
    persons_b = _with_batch(persons, n_batches)
    networks = persons_b.groupBy(_BATCH).applyInPandas(
        lambda frame: networks_from_persons(frame.drop(columns=[_BATCH])), schema=NETWORK_SCHEMA
    )
    bridges = (
        persons_b.select(_BATCH, "person_id", "network_id", "run_id", "algorithm", "parameters")
        .groupBy(_BATCH)
        .cogroup(edges_b.groupBy(_BATCH))
        .applyInPandas(_bridges_batch, schema=BRIDGE_SCHEMA)
    )
    key_players = persons.where(sf.col("key_player_order").isNotNull()).select(
        *[
            sf.col("key_player_order").alias("removal_order")
            if name == "removal_order"
            else sf.col(name)
            for name in KEY_PLAYER_COLUMNS
        ]
    )
    return {"networks": networks, "bridges": bridges, "key_players": key_players}
