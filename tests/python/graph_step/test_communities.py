"""Networks: Leiden per component, stable labels, stability, small components kept whole,
and the level chosen per component by CSE mixing."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from graph_step_cases import frames_from_nx, person, small_graph_params

from graph_step import analyse_graph, as_node_clustering, network_partition
from graph_step.communities import best_match_jaccard, choose_level, cse_mixing

PARAMS = small_graph_params(stability_runs=3)


def _planted(groups: int = 4, size: int = 8) -> nx.Graph:
    """Cliques joined in a ring by single edges: the planted partition is obvious."""
    graph = nx.Graph()
    for g in range(groups):
        members = range(g * size, (g + 1) * size)
        graph.add_edges_from((a, b) for a in members for b in members if a < b)
        graph.add_edge(g * size, ((g + 1) % groups) * size + 1)
    return graph


def test_planted_partition_is_found_with_stable_labels() -> None:
    nodes, edges = frames_from_nx(_planted())
    result = analyse_graph(nodes, edges, params=PARAMS, run_id="t")
    persons = result.persons.set_index("person_id")
    for g in range(4):
        members = [person(v) for v in range(g * 8, (g + 1) * 8)]
        assert set(persons.loc[members, "network_id"]) == {f"N_{person(g * 8)}"}
    assert result.networks["stability"].tolist() == [1.0] * 4
    assert result.networks["n_edges"].tolist() == [28] * 4
    assert (result.networks["fragmentation_before"] == 0).all()


def test_modularity_contributions_sum_to_modularity(to_frames, graphs) -> None:
    nodes, edges = to_frames(graphs["karate"])
    result = analyse_graph(nodes, edges, params=PARAMS, run_id="t")
    clustering = as_node_clustering(result.persons, edges)
    assert clustering.method_name == "igraph-leiden-modularity"
    assert len(clustering.communities) == len(result.networks)
    q = result.networks["modularity_contribution"].sum()
    graph = nx.relabel_nodes(graphs["karate"], person)
    partition = [set(m) for _, m in result.persons.groupby("network_id")["person_id"]]
    assert q == pytest.approx(nx.community.modularity(graph, partition, weight="weight"))
    assert q > 0.4  # weighted karate optimum is about 0.445
    assert result.networks["n_members"].sum() == 34


def test_small_components_are_kept_whole(to_frames, graphs) -> None:
    path = nx.path_graph(3)  # 3 persons = min_community_size: one network
    nodes, edges = to_frames(path)
    persons = analyse_graph(nodes, edges, params=PARAMS, run_id="t").persons
    assert persons["network_id"].nunique() == 1
    long_path = nx.path_graph(12)
    nodes, edges = to_frames(long_path)
    persons = analyse_graph(nodes, edges, params=PARAMS, run_id="t").persons
    assert persons["network_id"].nunique() > 1


def test_networks_never_cross_components(to_frames) -> None:
    graph = nx.disjoint_union(_planted(), nx.karate_club_graph())
    nodes, edges = to_frames(graph)
    persons = analyse_graph(nodes, edges, params=PARAMS, run_id="t").persons
    assert (persons.groupby("network_id")["component_id"].nunique() == 1).all()
    smallest = persons.groupby("network_id")["person_id"].min()
    assert (smallest.index == "N_" + smallest.to_numpy()).all()


def test_stability_is_a_share(to_frames) -> None:
    nodes, edges = to_frames(nx.gnm_random_graph(80, 200, seed=5))
    networks = analyse_graph(nodes, edges, params=PARAMS, run_id="t").networks
    assert networks["stability"].between(0, 1).all()
    no_runs = small_graph_params(stability_runs=0)
    networks = analyse_graph(nodes, edges, params=no_runs, run_id="t").networks
    assert networks["stability"].isna().all()


def test_best_match_jaccard() -> None:
    base = np.array([0, 0, 0, 1, 1])
    other = np.array([5, 5, 6, 6, 6])
    scores = best_match_jaccard(base, other)
    assert scores.to_dict() == {0: pytest.approx(2 / 3), 1: pytest.approx(2 / 3)}


def test_resolution_changes_granularity(to_frames, graphs) -> None:
    nodes, edges = to_frames(graphs["karate"])
    coarse = analyse_graph(
        nodes, edges, params=small_graph_params(leiden_resolution=0.3), run_id="t"
    ).networks
    fine = analyse_graph(nodes, edges, params=small_graph_params(leiden_resolution=2.0), run_id="t")
    assert len(coarse) < len(fine.networks)
    # every person of the finer split sits in one of its networks, and every network has people
    assert set(fine.persons["network_id"].dropna()) == set(fine.networks["network_id"])
    assert fine.persons["network_id"].notna().all()


@pytest.mark.parametrize("resolution", [0.3, 1.0, 2.0])
def test_network_partition_matches_the_graph_step(to_frames, graphs, resolution: float) -> None:
    """The sweep's networks-only path groups persons exactly as the full graph step does."""
    from graph_step import network_partition

    params = small_graph_params(leiden_resolution=resolution, stability_runs=0)
    for name in ("karate", "weighted_kite", "two_triangles", "with_isolates"):
        nodes, edges = to_frames(graphs[name])
        persons = analyse_graph(nodes, edges, params=params, run_id="t").persons
        full = persons.set_index("person_id")["network_id"]
        codes = network_partition(nodes, edges, params=params).reindex(full.index)
        # same partition: each network id maps to one code and back
        pairs = set(zip(full, codes, strict=True))
        assert len(pairs) == full.nunique() == codes.nunique()
    if resolution == 2.0:  # karate splits into several networks, not one per person
        assert 1 < network_partition(*to_frames(graphs["karate"]), params=params).nunique() < 34


def _core_and_crowd() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A CSE group (five people who all offend together) tied through one man, who has
    a crime with three of them, to four people he offends with on other crime. Leiden
    keeps the twelve whole at resolution 0.2 and 0.3 and splits them at 0.5."""
    core = [f"C{i}" for i in range(5)]
    crowd = [f"X{i}" for i in range(4)]
    edges = [(a, b, 1.0) for a, b in itertools.combinations(core, 2)]
    edges += [("H", c, 1.0) for c in core[:3]] + [("H", x, 1.0) for x in crowd]
    nodes = pd.DataFrame({"person_id": [*core, "H", *crowd]})
    nodes["is_cse_nominal"] = nodes["person_id"].str.startswith("C")
    return nodes, pd.DataFrame(edges, columns=["person_id_a", "person_id_b", "weight"])


LEVELS = {"leiden_resolution": 0.2, "leiden_finer_resolutions": (0.3, 0.5)}


def test_cse_mixing_counts_the_minority_side() -> None:
    membership = np.array([0, 0, 0, 0, 1, 1, 1])
    cse = np.array([True, True, True, False, False, False, True])
    assert cse_mixing(membership, cse) == 2
    assert cse_mixing(membership, np.zeros(7, dtype=bool)) == 0
    assert cse_mixing(np.array([], dtype=np.int64), np.array([], dtype=bool)) == 0


def test_choose_level_takes_the_coarsest_least_mixed() -> None:
    cse = np.array([True, True, False, False])
    merged, split = np.array([0, 0, 0, 0]), np.array([0, 0, 1, 1])
    assert choose_level([merged, split, split], cse) == 1
    assert choose_level([split, merged], cse) == 0
    assert choose_level([merged, merged], cse) == 0  # a tie keeps the coarser


def test_a_finer_level_separates_a_cse_group_from_a_general_crowd() -> None:
    nodes, edges = _core_and_crowd()
    # one level: the twelve are one network
    base = network_partition(
        nodes, edges, params=small_graph_params(**LEVELS | {"leiden_finer_resolutions": ()})
    )
    assert base.nunique() == 1
    result = analyse_graph(nodes, edges, params=small_graph_params(**LEVELS), run_id="t")
    persons = result.persons.set_index("person_id")
    core_networks = set(persons.loc[[f"C{i}" for i in range(5)], "network_id"])
    crowd_networks = set(persons.loc[[f"X{i}" for i in range(4)], "network_id"])
    assert len(core_networks) == 1 and core_networks.isdisjoint(crowd_networks)
    assert (persons["network_resolution"] == 0.5).all()
    assert (result.networks["resolution"] == 0.5).all()


@pytest.mark.parametrize("evidence", ["none", "all"])
def test_a_component_without_mixing_keeps_the_base_level(evidence: str) -> None:
    nodes, edges = _core_and_crowd()
    nodes["is_cse_nominal"] = evidence == "all"
    result = analyse_graph(nodes, edges, params=small_graph_params(**LEVELS), run_id="t")
    assert result.persons["network_id"].nunique() == 1
    assert (result.persons["network_resolution"] == 0.2).all()


def test_the_level_choice_repeats_in_the_stability_runs() -> None:
    nodes, edges = _core_and_crowd()
    params = small_graph_params(**LEVELS, stability_runs=3)
    result = analyse_graph(nodes, edges, params=params, run_id="t")
    # every seed makes the same choice on this graph, so each network is fully stable
    assert (result.networks["stability"] == 1.0).all()
    assert analyse_graph(nodes, edges, params=params, run_id="t").persons.equals(result.persons)
