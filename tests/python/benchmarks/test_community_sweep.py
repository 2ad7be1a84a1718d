"""The community-choice sweep: its measures, its criterion, and its sweep on a planted graph."""

from __future__ import annotations

import pandas as pd

from benchmarks.community_sweep import choose, graph_vars, partition_measures, sweep


def _members() -> pd.DataFrame:
    # planted groups A (p1-p4) and B (p5-p8); p9 planted but absent from the graph
    rows = [("A", f"t{i}", f"p{i}") for i in range(1, 5)]
    rows += [("B", f"t{i}", f"p{i}") for i in range(5, 9)] + [("B", "t9", None)]
    return pd.DataFrame(rows, columns=["network_key", "true_person_id", "person_id"])


def test_partition_measures_reward_the_planted_split_and_count_a_merge() -> None:
    members = _members()
    split = pd.Series({f"p{i}": (0 if i <= 4 else 1) for i in range(1, 9)})
    merged = pd.Series({f"p{i}": 0 for i in range(1, 9)})
    good = partition_measures(members, {("A", "B")}, split)
    bad = partition_measures(members, {("A", "B")}, merged)
    assert good["separate_groups_apart"] == 1.0 and bad["separate_groups_apart"] == 0.0
    assert good["offender_ari"] > 0.7 and bad["offender_ari"] < 0.1
    # the absent planted offender is a miss: B is not recovered whole
    assert good["recovered_whole"] == 0.5


def test_choose_takes_the_best_ari_and_breaks_ties_by_stability_then_resolution() -> None:
    rows = [
        {"resolution": 0.1, "offender_ari": 0.90, "seed_stability_ari": 0.99},
        {"resolution": 0.3, "offender_ari": 0.95, "seed_stability_ari": 0.95},
        {"resolution": 0.5, "offender_ari": 0.948, "seed_stability_ari": 0.97},
        {"resolution": 1.0, "offender_ari": 0.949, "seed_stability_ari": 0.97},
    ]
    assert choose(rows)["resolution"] == 0.5
    assert choose(rows, tolerance=0.0)["resolution"] == 0.3


def test_sweep_finds_two_cliques_joined_by_one_edge_at_some_resolution() -> None:
    a = [f"p{i}" for i in range(1, 6)]
    b = [f"p{i}" for i in range(6, 11)]
    pairs = [(x, y) for g in (a, b) for i, x in enumerate(g) for y in g[i + 1 :]]
    edges = pd.DataFrame([*pairs, ("p5", "p6")], columns=["person_id_a", "person_id_b"])
    edges["weight"] = 1.0
    nodes = pd.DataFrame({"person_id": a + b, "harm_days": 0.0})
    members = pd.DataFrame(
        {
            "network_key": ["A"] * 5 + ["B"] * 5,
            "true_person_id": a + b,
            "person_id": a + b,
        }
    )
    rows = sweep(nodes, edges, members, {("A", "B")}, resolutions=(0.01, 1.0), n_seeds=2)
    by = {r["resolution"]: r for r in rows}
    assert by[1.0]["offender_ari"] == 1.0 and by[1.0]["separate_groups_apart"] == 1.0
    assert by[0.01]["offender_ari"] < 1.0
    assert choose(rows)["resolution"] == 1.0
    assert graph_vars()["graph_leiden_resolution"] > 0
    # the build's own rule is reported as a last row, never chosen; no CSE column, no mixing
    assert rows[-1]["resolution"] == "per component" and rows[-1]["cse_mixing"] is None
    assert len(rows) == 3
