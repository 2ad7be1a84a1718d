"""The Spark path gives the same tables as the in-process path (one local session)."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from graph_step_cases import SMALL_GRAPH_PARAMS, frames_from_nx, small_graph_params
from local_spark import local_spark

from graph_step import analyse_graph
from graph_step.spark_io import analyse_graph_spark, components_spark

PARAMS = small_graph_params(
    stability_runs=2, exact_betweenness_max_nodes=40, betweenness_samples=20
)
KEYS = {
    "persons": ["person_id"],
    "networks": ["network_id"],
    "bridges": ["network_id", "linked_network_id", "person_id_a", "person_id_b"],
    "key_players": ["network_id", "removal_order"],
}


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    folder = tmp_path_factory.mktemp("graph_step_spark")
    conf = {"spark.sql.shuffle.partitions": "4"}
    with local_spark(folder, app_name="graph_step_test", conf=conf) as session:
        yield session


def _graph_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    parts = [
        nx.relaxed_caveman_graph(6, 8, 0.15, seed=2),
        nx.karate_club_graph(),
        nx.path_graph(7),
        nx.complete_graph(3),
        nx.empty_graph(2),
    ]
    graph = nx.disjoint_union_all(parts)
    for i, (a, b) in enumerate(sorted(graph.edges)):
        graph[a][b]["weight"] = 1.0 + (i * 3 % 4)
    nodes, edges = frames_from_nx(graph, harm={1: 5.0, 60: 2.0, 90: 1.0})
    # Dirty rows the cleaning must handle identically on both paths.
    dirty = pd.DataFrame(
        [
            ("p001", "p000", 9.0),  # reversed duplicate: max weight wins
            ("p002", "p003", 0.0),
            ("p004", "p004", 1.0),
            ("p005", "p999", 1.0),
            ("p006", "p007", np.nan),
        ],
        columns=["person_id_a", "person_id_b", "weight"],
    )
    return nodes, pd.concat([edges, dirty], ignore_index=True)


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def test_spark_path_equals_in_process_path(spark) -> None:
    nodes, edges = _graph_frames()
    expected = analyse_graph(nodes, edges, params=PARAMS, run_id="run-1")
    assert expected.persons["betweenness_sample_size"].notna().any()
    result = analyse_graph_spark(
        spark.createDataFrame(nodes),
        spark.createDataFrame(edges),
        params=PARAMS,
        run_id="run-1",
        n_batches=3,
    )
    for name, keys in KEYS.items():
        want = _sorted(getattr(expected, name), keys)
        got = _sorted(result[name].toPandas(), keys)
        got = got.astype(want.dtypes.to_dict())
        pd.testing.assert_frame_equal(want, got, check_exact=False, rtol=1e-12, obj=name)
    components = result["components"].toPandas().set_index("person_id")["component_id"]
    persons = expected.persons.set_index("person_id")["component_id"]
    assert components.sort_index().equals(persons.sort_index())


def test_components_spark_cleans_raw_edges(spark) -> None:
    nodes = pd.DataFrame({"person_id": ["a", "b", "c", "d", "e"]})
    edges = pd.DataFrame(
        [("b", "a", 1.0), ("c", "d", 0.0), ("d", "e", 2.0), ("e", "zz", 1.0)],
        columns=["person_id_a", "person_id_b", "weight"],
    )
    got = components_spark(spark.createDataFrame(edges), spark.createDataFrame(nodes)).toPandas()
    labels = got.set_index("person_id")["component_id"].sort_index().to_dict()
    assert labels == {"a": "C_a", "b": "C_a", "c": "C_c", "d": "C_d", "e": "C_d"}


def test_offender_graph_leaves_victims_and_offender_victim_weight_out(spark) -> None:
    """Two offender pairs abusing the same victim: the victim and every offender-victim
    weight go, so the pairs are two components; a mixed edge keeps its other weight."""
    from graph_step.spark_io import offender_graph_spark

    nodes = pd.DataFrame(
        {
            "person_id": ["a1", "a2", "b1", "b2", "v"],
            "harm_days": [1.0, 1.0, 1.0, 1.0, 0.0],
            "is_victim_only": [False, False, False, False, True],
        }
    )
    edges = pd.DataFrame(
        {
            "person_id_a": ["a1", "b1", "a1", "b1", "a2"],
            "person_id_b": ["a2", "b2", "v", "v", "b2"],
            "weight": [1.9, 1.0, 0.9, 0.9, 0.9],
            "weight_offender_victim": [0.9, 0.0, 0.9, 0.9, 0.9],
        }
    )
    kept_nodes, kept_edges = offender_graph_spark(
        spark.createDataFrame(nodes), spark.createDataFrame(edges)
    )
    assert sorted(r["person_id"] for r in kept_nodes.collect()) == ["a1", "a2", "b1", "b2"]
    rows = sorted(
        (r["person_id_a"], r["person_id_b"], round(r["weight"], 9)) for r in kept_edges.collect()
    )
    # a2-b2 was only an offender-victim link (one robbed the other): it never groups them
    assert rows == [("a1", "a2", 1.0), ("b1", "b2", 1.0)]
    result = analyse_graph_spark(kept_nodes, kept_edges, params=SMALL_GRAPH_PARAMS, run_id="t")[
        "persons"
    ].toPandas()
    assert result["component_id"].nunique() == 2
    assert "v" not in set(result["person_id"])
