"""igraph-based metrics against networkx on small named graphs."""

from __future__ import annotations

from fractions import Fraction

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from graph_step_cases import person, small_graph_params

from graph_step import analyse_graph

PARAMS = small_graph_params(stability_runs=1)
NAMES = [
    "karate",
    "kite",
    "weighted_kite",
    "path",
    "star",
    "two_triangles",
    "single_edge",
    "with_isolates",
]


def _by_person(values: dict) -> pd.Series:
    return pd.Series({person(v): _plain(x) for v, x in values.items()}).sort_index()


def _plain(value: object) -> object:
    return float(value) if isinstance(value, Fraction) else value


def _reference(graph: nx.Graph) -> dict[str, pd.Series]:
    """networkx values of the same definitions, per component where that matters."""
    g = graph.copy()
    for _, _, d in g.edges(data=True):
        d.setdefault("weight", 1.0)
        # Exact rational distances: float sums such as 1/3 + 1/3 + 1/3 would break ties
        # between equally short paths that igraph (rightly) treats as equal.
        d["distance"] = Fraction(1) / Fraction(d["weight"])
    eigen: dict[int, float] = {}
    rank: dict[int, float] = {}
    for members in nx.connected_components(g):
        sub = g.subgraph(members)
        if sub.number_of_edges() == 0:
            eigen.update(dict.fromkeys(members, 0.0))
            rank.update(dict.fromkeys(members, 1.0))
            continue
        ev = nx.eigenvector_centrality(sub, weight="weight", max_iter=100_000, tol=1e-13)
        top = max(abs(x) for x in ev.values())
        eigen.update({v: abs(x) / top for v, x in ev.items()})
        pr = nx.pagerank(sub, weight="weight", tol=1e-12, max_iter=10_000)
        rank.update({v: x * len(members) for v, x in pr.items()})
    return {
        "degree": _by_person(dict(g.degree())),
        "strength": _by_person(dict(g.degree(weight="weight"))),
        "betweenness": _by_person(
            nx.betweenness_centrality(g, weight="distance", normalized=False)
        ),
        "harmonic_closeness": _by_person(nx.harmonic_centrality(g, distance="distance")),
        "eigenvector": _by_person(eigen),
        "pagerank": _by_person(rank),
        "clustering": _by_person(nx.clustering(g)),
        "coreness": _by_person(nx.core_number(g)),
        "is_articulation_point": _by_person(
            {v: v in set(nx.articulation_points(g)) for v in g.nodes}
        ),
    }


@pytest.mark.parametrize("name", NAMES)
def test_metrics_match_networkx(name: str, graphs: dict, to_frames) -> None:
    graph = graphs[name]
    nodes, edges = to_frames(graph)
    persons = analyse_graph(nodes, edges, params=PARAMS, run_id="t").persons
    persons = persons.set_index("person_id").sort_index()
    for column, expected in _reference(graph).items():
        got = persons[column].reindex(expected.index)
        if expected.dtype == bool or column in ("degree", "coreness"):
            assert got.tolist() == expected.tolist(), column
        else:
            assert got.to_numpy(float) == pytest.approx(
                expected.to_numpy(float), rel=1e-6, abs=1e-9
            ), column


def test_betweenness_normalised_and_exact_flag(graphs: dict, to_frames) -> None:
    nodes, edges = to_frames(graphs["star"])
    persons = analyse_graph(nodes, edges, params=PARAMS, run_id="t").persons
    hub = persons.set_index("person_id").loc[person(0)]
    assert hub["betweenness"] == pytest.approx(10.0)  # C(5, 2) leaf pairs
    assert hub["betweenness_normalised"] == pytest.approx(1.0)
    assert persons["betweenness_sample_size"].isna().all()


def test_harm_pagerank_matches_personalised_networkx(graphs: dict, to_frames) -> None:
    graph = graphs["karate"]
    harm = {0: 0.0, 5: 30.0, 33: 10.0, 16: 60.0}
    nodes, edges = to_frames(graph, harm=harm)
    persons = analyse_graph(nodes, edges, params=PARAMS, run_id="t").persons
    persons = persons.set_index("person_id").sort_index()
    reference = nx.pagerank(
        graph, weight="weight", personalization={v: harm.get(v, 0.0) for v in graph}, tol=1e-12
    )
    expected = _by_person(reference)
    assert persons["harm_pagerank"].to_numpy() == pytest.approx(expected.to_numpy(), rel=1e-6)
    assert persons["harm_flow_days"].sum() == pytest.approx(100.0)
    # People next to the high-harm person rise against plain PageRank.
    neighbour = person(5)  # linked to 16, the most harmful
    ratio = persons["harm_pagerank"] * len(persons) / persons["pagerank"]
    assert ratio[neighbour] > ratio.median()


def test_zero_harm_component_falls_back_to_uniform(graphs: dict, to_frames) -> None:
    nodes, edges = to_frames(graphs["two_triangles"], harm={0: 5.0})
    persons = analyse_graph(nodes, edges, params=PARAMS, run_id="t").persons
    harmless = persons[persons["component_id"] == "C_p003"]
    assert harmless["harm_pagerank"].to_numpy() == pytest.approx(np.full(3, 1 / 3))
    assert harmless["harm_flow_days"].tolist() == [0.0, 0.0, 0.0]


def test_sampled_betweenness_is_flagged_and_close(graphs: dict, to_frames) -> None:
    graph = nx.connected_watts_strogatz_graph(300, 6, 0.1, seed=3)
    nodes, edges = to_frames(graph)
    exact = analyse_graph(nodes, edges, params=PARAMS, run_id="t").persons
    sampled_params = small_graph_params(
        stability_runs=1, exact_betweenness_max_nodes=100, betweenness_samples=150
    )
    sampled = analyse_graph(nodes, edges, params=sampled_params, run_id="t").persons
    assert (sampled["betweenness_sample_size"] == 150).all()
    assert (sampled["harmonic_sample_size"] == 150).all()
    for column in ("betweenness", "harmonic_closeness"):
        rho = exact[column].rank().corr(sampled[column].rank())
        assert rho > 0.85, column
    assert sampled["harmonic_closeness"].sum() == pytest.approx(
        exact["harmonic_closeness"].sum(), rel=0.05
    )
    # All sources sampled = exact.
    full = small_graph_params(
        stability_runs=1, exact_betweenness_max_nodes=100, betweenness_samples=300
    )
    every = analyse_graph(nodes, edges, params=full, run_id="t").persons
    assert every["betweenness"].to_numpy() == pytest.approx(exact["betweenness"].to_numpy())
    assert every["harmonic_closeness"].to_numpy() == pytest.approx(
        exact["harmonic_closeness"].to_numpy()
    )
