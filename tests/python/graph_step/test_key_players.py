"""Key players and Borgatti fragmentation, checked by hand on small graphs."""

from __future__ import annotations

import json

import igraph as ig
import networkx as nx
import pandas as pd
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


# Two triangles sharing person 2, the cut vertex.
BOWTIE = [(0, 1), (1, 2), (0, 2), (2, 3), (3, 4), (2, 4)]


def test_bowtie_in_the_whole_step() -> None:
    # the cut vertex splits the network in two
    nodes, edges = frames_from_nx(nx.Graph(BOWTIE))
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


def test_a_bridge_between_two_networks_is_the_components_first_key_player() -> None:
    # Two 5-cliques (0-4 and 6-10) joined only through person 5, who knows 4 and 6:
    # two networks, 5 in one of them. Inside that network removing 4 cuts 5 off, so the
    # network's key player is 4, never 5; over the component, removing the bridge 5
    # splits it in two equal halves (F = 1 - 40/90), the point of disruption the issue
    # asks to name.
    graph = nx.Graph()
    graph.add_edges_from(nx.complete_graph(range(5)).edges)
    graph.add_edges_from(nx.complete_graph(range(6, 11)).edges)
    graph.add_edges_from([(4, 5), (5, 6)])
    nodes, edges = frames_from_nx(graph)
    result = analyse_graph(nodes, edges, params=small_graph_params(), run_id="t")
    persons = result.persons.set_index("person_id")
    assert persons["network_id"].nunique() == 2
    assert pd.isna(persons.loc[person(5), "key_player_order"])
    component = persons["component_key_player_order"].dropna().sort_values()
    assert component.index.tolist()[:1] == [person(5)] and component[person(5)] == 1
    assert persons.loc[person(5), "component_fragmentation_after"] == pytest.approx(1 - 40 / 90)
    assert (persons["component_fragmentation_before"] == 0.0).all()
    # every network of the component names the component's key players, the bridge first
    lists = result.networks["component_key_player_ids"].map(json.loads)
    assert all(ids[:1] == [person(5)] for ids in lists) and len(lists) == 2


def test_a_component_that_is_one_network_has_no_component_key_players() -> None:
    # The bowtie is one network (min_community_size 5): its own key player is the cut
    # vertex; the component-level search is left to networks joined by bridges.
    nodes, edges = frames_from_nx(nx.Graph(BOWTIE))
    params = small_graph_params(min_community_size=5, key_player_k=2)
    result = analyse_graph(nodes, edges, params=params, run_id="t")
    persons = result.persons
    assert persons["network_id"].nunique() == 1
    assert persons["component_key_player_order"].isna().all()
    assert result.networks["component_key_player_ids"].tolist() == ["[]"]
