"""Key players and Borgatti fragmentation, checked by hand on small graphs."""

from __future__ import annotations

import igraph as ig
import networkx as nx
import pytest
from graph_step_cases import frames_from_nx, person

from graph_step import GraphParams, analyse_graph
from graph_step.key_players import fragmentation, greedy_key_players


def test_fragmentation_by_hand() -> None:
    assert fragmentation([5]) == 0.0
    assert fragmentation([1, 1, 1]) == 1.0
    # sizes 2 + 2: 4 of 12 ordered pairs connected -> F = 1 - 4/12
    assert fragmentation([2, 2]) == pytest.approx(2 / 3)
    assert fragmentation([]) == 0.0 and fragmentation([1]) == 0.0


def test_path_centre_is_removed_first() -> None:
    path = ig.Graph(n=5, edges=[(0, 1), (1, 2), (2, 3), (3, 4)])
    before, removed = greedy_key_players(path, 1)
    assert before == 0.0
    # Removing 2 leaves {0,1},{3,4}: F = 1 - (2+2)/(4*3) = 2/3 (removing 1 gives 1-6/12).
    assert removed == [(2, pytest.approx(2 / 3))]


def test_star_hub_then_tie_break_by_id() -> None:
    star = ig.Graph.Star(5)
    _, removed = greedy_key_players(star, 3)
    assert removed[0] == (0, 1.0)
    # Afterwards all isolated: every choice gives F = 1; smallest id wins.
    assert [v for v, _ in removed] == [0, 1, 2]
    assert [f for _, f in removed] == [1.0, 1.0, 1.0]


def test_at_most_n_minus_two_removals() -> None:
    triangle = ig.Graph.Full(3)
    _, removed = greedy_key_players(triangle, 5)
    assert len(removed) == 1 and removed[0] == (0, 0.0)
    assert greedy_key_players(ig.Graph(n=2, edges=[(0, 1)]), 3) == (0.0, [])


def test_bowtie_in_the_whole_step() -> None:
    # Two triangles sharing person 2: the cut vertex splits the network in two.
    bowtie = nx.Graph([(0, 1), (1, 2), (0, 2), (2, 3), (3, 4), (2, 4)])
    nodes, edges = frames_from_nx(bowtie)
    params = GraphParams(min_community_size=5, key_player_k=2)
    result = analyse_graph(nodes, edges, params=params, run_id="t")
    keys = result.key_players
    assert keys["person_id"].tolist() == [person(2), person(0)]
    # After 2: {0,1},{3,4} -> 2/3. After 0 as well: {1},{3,4} -> 1 - 2/6.
    assert keys["fragmentation_after"].tolist() == pytest.approx([2 / 3, 2 / 3])
    assert result.networks["key_player_ids"].tolist() == ['["p002", "p000"]']


def test_pair_sums_match_brute_force_on_random_graphs() -> None:
    from graph_step.communities import seeded_igraph
    from graph_step.key_players import _pair_sums_after_removal

    for seed in range(12):
        with seeded_igraph(seed):
            graph = ig.Graph.Erdos_Renyi(n=25, m=22 + seed, loops=False)
        expected = []
        for v in range(graph.vcount()):
            rest = graph.induced_subgraph([u for u in range(graph.vcount()) if u != v])
            sizes = rest.connected_components().sizes()
            expected.append(sum(s * (s - 1) for s in sizes))
        assert _pair_sums_after_removal(graph).tolist() == expected, seed
