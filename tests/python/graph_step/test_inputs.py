"""Degenerate inputs first: empty graph, one node, one edge, isolates, bad weights."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from graph_step_cases import SMALL_GRAPH_PARAMS

from graph_step import PERSON_COLUMNS, analyse_component, analyse_graph
from graph_step.inputs import clean_edges, clean_nodes

PARAMS = SMALL_GRAPH_PARAMS


def _edges(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["person_id_a", "person_id_b", "weight"])


def _nodes(ids: list[str], harm: list[float] | None = None) -> pd.DataFrame:
    return pd.DataFrame({"person_id": ids, "harm_days": harm or [0.0] * len(ids)})


def test_empty_graph_gives_empty_tables_with_schema() -> None:
    result = analyse_graph(_nodes([]), _edges([]), params=PARAMS, run_id="r")
    assert list(result.persons.columns) == PERSON_COLUMNS
    assert len(result.persons) == len(result.networks) == 0
    assert len(result.bridges) == len(result.key_players) == 0


def test_one_node() -> None:
    result = analyse_graph(_nodes(["a"], [4.0]), _edges([]), params=PARAMS, run_id="r")
    row = result.persons.iloc[0]
    assert (row["component_id"], row["network_id"]) == ("C_a", "N_a")
    assert row["degree"] == 0 and row["betweenness"] == 0 and row["eigenvector"] == 0
    assert row["pagerank"] == 1.0 and row["harm_flow_days"] == 4.0
    assert row["network_stability"] == 1.0 and pd.isna(row["key_player_order"])
    assert result.networks["n_members"].tolist() == [1]


def test_one_edge() -> None:
    result = analyse_graph(_nodes(["a", "b"]), _edges([("b", "a", 2.0)]), params=PARAMS, run_id="r")
    persons = result.persons
    assert persons["network_id"].tolist() == ["N_a", "N_a"]
    assert persons["strength"].tolist() == [2.0, 2.0]
    assert persons["harmonic_closeness"].tolist() == pytest.approx([2.0, 2.0])
    assert persons["eigenvector"].tolist() == [1.0, 1.0]
    assert persons["pagerank"].tolist() == pytest.approx([1.0, 1.0])
    assert result.networks["n_edges"].tolist() == [1]
    assert result.networks["density"].tolist() == [1.0]


def test_isolated_nodes_are_own_components() -> None:
    nodes = _nodes(["a", "b", "c", "d"])
    result = analyse_graph(nodes, _edges([("a", "b", 1.0)]), params=PARAMS, run_id="r")
    assert result.persons["component_id"].tolist() == ["C_a", "C_a", "C_c", "C_d"]
    assert result.persons["component_size"].tolist() == [2, 2, 1, 1]


def test_zero_negative_missing_weights_and_self_loops_are_dropped() -> None:
    edges = _edges(
        [("a", "b", 0.0), ("a", "c", -1.0), ("a", "d", np.nan), ("e", "e", 3.0), ("a", "x", 1.0)]
    )
    clean = clean_edges(edges, pd.Series(["a", "b", "c", "d", "e"]))
    assert len(clean) == 0
    result = analyse_graph(_nodes(list("abcde")), edges, params=PARAMS, run_id="r")
    assert result.persons["degree"].tolist() == [0] * 5
    assert result.persons["component_size"].tolist() == [1] * 5


def test_duplicate_and_reversed_pairs_keep_the_largest_weight() -> None:
    edges = _edges([("a", "b", 1.0), ("b", "a", 3.0), ("a", "b", 2.0)])
    clean = clean_edges(edges)
    assert clean.to_dict("records") == [{"person_id_a": "a", "person_id_b": "b", "weight": 3.0}]


def test_duplicate_nodes_and_bad_harm() -> None:
    nodes = pd.DataFrame({"person_id": ["b", "a", "b", None], "harm_days": [1.0, -2.0, 5.0, 9.0]})
    clean = clean_nodes(nodes)
    assert clean["person_id"].tolist() == ["a", "b"]
    assert clean["harm_days"].tolist() == [0.0, 5.0]


def test_analyse_component_schema_dtypes() -> None:
    persons = analyse_component(
        _nodes(["a", "b", "c"]), _edges([("a", "b", 1.0)]), params=PARAMS, run_id="r"
    )
    assert list(persons.columns) == PERSON_COLUMNS
    assert str(persons["key_player_order"].dtype) == "Int64"
    assert persons["degree"].dtype == np.int64
