"""Key players and Borgatti fragmentation, checked by hand on small graphs."""

from __future__ import annotations

import igraph as ig
import networkx as nx
import pytest
from graph_step_cases import frames_from_nx, person, small_graph_params

from graph_step import analyse_graph
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


def test_star_hub_only_no_tie_break_among_the_isolated() -> None:
    star = ig.Graph.Star(5)
    _, removed = greedy_key_players(star, 3)
    # Afterwards all isolated: no further removal raises F, so nobody else is named.
    assert removed == [(0, 1.0)]


def test_no_key_players_when_no_removal_fragments() -> None:
    for graph in (ig.Graph.Full(3), ig.Graph.Full(6), ig.Graph.Ring(7)):
        before, removed = greedy_key_players(graph, 5)
        assert before == 0.0 and removed == []
    assert greedy_key_players(ig.Graph(n=2, edges=[(0, 1)]), 3) == (0.0, [])


def test_stops_when_a_later_removal_adds_nothing() -> None:
    # Two 4-cycles joined at person 0: removing 0 leaves paths 1-2-3 and 4-5-6
    # (F = 1 - 12/30); then a path centre (F = 1 - 6/20); then the other centre
    # (all isolated, F = 1); a fourth removal would add nothing.
    graph = ig.Graph(n=7, edges=[(0, 1), (1, 2), (2, 3), (3, 0), (0, 4), (4, 5), (5, 6), (6, 0)])
    _, removed = greedy_key_players(graph, 4)
    assert [v for v, _ in removed] == [0, 2, 5]
    assert [f for _, f in removed] == pytest.approx([0.6, 0.7, 1.0])


def test_bowtie_in_the_whole_step() -> None:
    # Two triangles sharing person 2: the cut vertex splits the network in two.
    bowtie = nx.Graph([(0, 1), (1, 2), (0, 2), (2, 3), (3, 4), (2, 4)])
    nodes, edges = frames_from_nx(bowtie)
    params = small_graph_params(min_community_size=5, key_player_k=2)
    result = analyse_graph(nodes, edges, params=params, run_id="t")
    keys = result.key_players
    # After 2: {0,1},{3,4} -> 2/3. Removing 0 as well leaves {1},{3,4}: 1 - 2/6, no
    # gain, so the set stops at the cut vertex.
    assert keys["person_id"].tolist() == [person(2)]
    assert keys["fragmentation_after"].tolist() == pytest.approx([2 / 3])
    assert result.networks["key_player_ids"].tolist() == ['["p002"]']


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
