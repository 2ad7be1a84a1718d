"""Participation coefficient, linked networks and bridge edges."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from graph_step_cases import SMALL_GRAPH_PARAMS

from graph_step import analyse_graph
from graph_step.brokerage import brokerage_metrics


def test_participation_by_hand() -> None:
    # Vertex 0 (network 0) links to 1 (net 0, w=2), 2 (net 1, w=1), 3 (net 2, w=1).
    src = np.array([0, 0, 0])
    dst = np.array([1, 2, 3])
    w = np.array([2.0, 1.0, 1.0])
    network = np.array([0, 0, 1, 2])
    out = brokerage_metrics(4, src, dst, w, network)
    # k = 4: shares 2/4, 1/4, 1/4 -> 1 - (1/4 + 1/16 + 1/16)
    assert out["participation_coefficient"][0] == pytest.approx(0.625)
    assert out["participation_coefficient"][1:].tolist() == [0.0, 0.0, 0.0]
    assert out["n_linked_networks"].tolist() == [2, 0, 1, 1]
    assert out["n_bridge_edges"].tolist() == [2, 0, 1, 1]


def _two_cliques() -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = []
    for group in ("a", "b"):
        members = [f"{group}{i}" for i in range(5)]
        rows += [(x, y, 1.0) for i, x in enumerate(members) for y in members[i + 1 :]]
    rows.append(("a0", "b0", 0.5))
    edges = pd.DataFrame(rows, columns=["person_id_a", "person_id_b", "weight"])
    nodes = pd.DataFrame({"person_id": sorted({p for r in rows for p in r[:2]})})
    return nodes, edges


def test_bridges_listed_in_both_directions() -> None:
    nodes, edges = _two_cliques()
    result = analyse_graph(nodes, edges, params=SMALL_GRAPH_PARAMS, run_id="t")
    bridges = result.bridges
    assert bridges[["network_id", "linked_network_id", "person_id_a", "person_id_b"]].to_dict(
        "records"
    ) == [
        {
            "network_id": "N_a0",
            "linked_network_id": "N_b0",
            "person_id_a": "a0",
            "person_id_b": "b0",
        },
        {
            "network_id": "N_b0",
            "linked_network_id": "N_a0",
            "person_id_a": "b0",
            "person_id_b": "a0",
        },
    ]
    assert bridges["weight"].tolist() == [0.5, 0.5]
    persons = result.persons.set_index("person_id")
    assert persons.loc["a0", "n_linked_networks"] == 1
    assert persons.loc["a0", "participation_coefficient"] == pytest.approx(
        1 - (4 / 4.5) ** 2 - (0.5 / 4.5) ** 2
    )
    assert persons.loc["a1", "participation_coefficient"] == 0.0
