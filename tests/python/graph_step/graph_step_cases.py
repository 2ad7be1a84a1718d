"""Small named graphs as graph_step input frames (ids are ``p000``, ``p001``, ...), and
the graph-step parameters the unit tests run with."""

from __future__ import annotations

import dataclasses
from typing import Any

import networkx as nx
import pandas as pd

from graph_step import GraphParams

# The parameters of the unit tests on hand-made graphs, spelled out so that retuning the
# product (dbt vars, read by GraphParams.from_vars; tests/python/graph_step/test_params.py
# checks that path) does not change what these tests prove.
SMALL_GRAPH_PARAMS = GraphParams(
    seed=42,  # any fixed seed: the tests assert determinism, not one seed's partition
    # Standard modularity: the named graphs' expected networks (two triangles, karate's
    # factions) are modularity's. The product's resolution is tuned on the synthetic
    # worlds' co-offending graphs (docs block community_choice), not on these.
    leiden_resolution=1.0,
    # One level: the named graphs carry no CSE evidence, so finer levels would never be
    # used; tests of the per-component choice set their own (test_communities.py).
    leiden_finer_resolutions=(),
    leiden_iterations=5,
    min_community_size=3,
    stability_runs=5,
    exact_betweenness_max_nodes=2000,  # every hand-made graph is exact unless a test says
    betweenness_samples=500,
    key_player_k=3,
    pagerank_damping=0.85,
)


def small_graph_params(**overrides: Any) -> GraphParams:
    """:data:`SMALL_GRAPH_PARAMS` with some fields replaced (validated again)."""
    return dataclasses.replace(SMALL_GRAPH_PARAMS, **overrides)


def person(i: int) -> str:
    return f"p{i:03d}"


def frames_from_nx(
    graph: nx.Graph, harm: dict[int, float] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes and edges frames for an integer-labelled networkx graph (weight default 1)."""
    harm = harm or {}
    nodes = pd.DataFrame(
        {
            "person_id": [person(v) for v in graph.nodes],
            "harm_days": [float(harm.get(v, 0.0)) for v in graph.nodes],
            "is_victim": False,
        }
    )
    rows = [
        (person(min(a, b)), person(max(a, b)), float(d.get("weight", 1.0)))
        for a, b, d in graph.edges(data=True)
    ]
    edges = pd.DataFrame(rows, columns=["person_id_a", "person_id_b", "weight"])
    return nodes, edges


def named_graphs() -> dict[str, nx.Graph]:
    """The reference graphs of the tests; karate keeps its interaction-count weights."""
    two_triangles = nx.disjoint_union(nx.complete_graph(3), nx.complete_graph(3))
    with_isolates = nx.path_graph(4)
    with_isolates.add_nodes_from([7, 8])
    weighted_kite = nx.krackhardt_kite_graph()
    for i, (a, b) in enumerate(sorted(weighted_kite.edges)):
        weighted_kite[a][b]["weight"] = 1.0 + (i % 4)
    return {
        "karate": nx.karate_club_graph(),
        "kite": nx.krackhardt_kite_graph(),
        "weighted_kite": weighted_kite,
        "path": nx.path_graph(6),
        "star": nx.star_graph(5),
        "two_triangles": two_triangles,
        "single_edge": nx.path_graph(2),
        "with_isolates": with_isolates,
    }
