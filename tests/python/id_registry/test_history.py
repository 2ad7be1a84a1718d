"""The network-id registry after a run and the rank history (id_registry.history)."""

from __future__ import annotations

import pandas as pd

from id_registry.history import (
    NETWORK_HISTORY_COLUMNS,
    NETWORK_ID_COLUMNS,
    append_run,
    network_registry_after,
)


def _ids(rows: list[list]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=NETWORK_ID_COLUMNS)


def test_live_ids_take_this_runs_rank_and_retired_ids_keep_their_last() -> None:
    previous = _ids(
        [
            ["N000001", "ACTIVE", None, "2026-01-01", "2026-02-01", 1],
            ["N000002", "ACTIVE", None, "2026-01-01", "2026-02-01", 2],
            ["N000003", "DISSOLVED", None, "2025-01-01", "2025-06-01", 4],
        ]
    )
    changes = pd.DataFrame(
        {
            "network_id": ["N000001", "N000002", "N000004"],
            "status": ["GROWN", "MERGED_INTO", "NEW"],
            "related_network_id": [None, "N000001", None],
        }
    )
    ranks = pd.DataFrame({"network_id": ["N000001", "N000004"], "priority_rank": [2, 1]})
    out = network_registry_after(previous, changes, ranks, as_of="2026-03-01").set_index(
        "network_id"
    )
    assert list(out.index) == ["N000001", "N000002", "N000003", "N000004"]
    assert out.loc["N000001", "status"] == "ACTIVE"
    assert out.loc["N000001", "priority_rank"] == 2
    assert out.loc["N000001", "first_seen_as_of"] == "2026-01-01"
    assert out.loc["N000001", "last_seen_as_of"] == "2026-03-01"
    assert out.loc["N000002", "status"] == "MERGED"
    assert out.loc["N000002", "successor_id"] == "N000001"
    assert out.loc["N000002", "priority_rank"] == 2  # its last rank, not a new one
    assert out.loc["N000002", "last_seen_as_of"] == "2026-02-01"
    assert out.loc["N000003", "status"] == "DISSOLVED"  # untouched: kept, never reused
    assert out.loc["N000004", "first_seen_as_of"] == "2026-03-01"


def test_history_appends_a_run_once() -> None:
    previous = pd.DataFrame(
        [["r1", "2026-01-01", "N000001", 1, 0.9]], columns=NETWORK_HISTORY_COLUMNS
    )
    current = pd.DataFrame(
        {"network_id": ["N000001"], "priority_rank": [2], "priority_score": [0.8]}
    ).assign(as_of_date="2026-02-01")
    once = append_run(previous, current, run_id="r2")
    twice = append_run(once, current, run_id="r2")  # dbt retry of the same run
    assert list(once["run_id"]) == ["r1", "r2"]
    pd.testing.assert_frame_equal(once, twice)
