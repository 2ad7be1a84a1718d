"""Two first builds of the same inputs compared row for row (no Spark): build-identity
columns by their pattern, everything else by value, no table left out."""

from __future__ import annotations

import pandas as pd
from lab import differences, value_pattern


def _history(run: str, at: str, scores: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "network_id": ["N1", "N2", "N3"],
            "run_id": [run, run, None],
            "built_at": pd.to_datetime([at, at, at]),
            "score": scores,
        }
    )


def test_the_build_identity_differs_only_in_value() -> None:
    left = {"fct_network_history": _history("run-a", "2026-12-04 10:00", [1.0, 2.0, 3.0])}
    right = {"fct_network_history": _history("run-b", "2026-12-04 11:30", [1.0, 2.0, 3.0])}
    assert differences(left, right, same_inputs=True) == []


def test_a_changed_value_outside_the_identity_is_named() -> None:
    left = {"fct_network_history": _history("run-a", "2026-12-04 10:00", [1.0, 2.0, 3.0])}
    right = {"fct_network_history": _history("run-b", "2026-12-04 10:00", [1.0, 2.5, 3.0])}
    assert differences(left, right, same_inputs=True) == [
        "fct_network_history.score: 1 of 3 rows, max abs difference 0.5"
    ]


def test_a_row_from_another_run_breaks_the_pattern() -> None:
    left = {"fct_network_history": _history("run-a", "2026-12-04 10:00", [1.0, 2.0, 3.0])}
    mixed = _history("run-b", "2026-12-04 10:00", [1.0, 2.0, 3.0])
    mixed.loc[1, "run_id"] = "run-old"  # one row left over from an earlier run
    assert differences(left, {"fct_network_history": mixed}, same_inputs=True) == [
        "fct_network_history.run_id: 1 of 3 rows"
    ]


def test_a_rerun_comparison_still_leaves_out_the_history_marts() -> None:
    left = {"fct_network_history": _history("run-a", "2026-12-04 10:00", [1.0, 2.0, 3.0])}
    right = {"fct_network_history": _history("run-b", "2026-12-04 10:00", [9.0, 9.0, 9.0])}
    assert differences(left, right) == []
    assert differences(left, right, same_inputs=True) != []


def test_value_pattern_keeps_nulls_and_shared_values() -> None:
    frame = pd.DataFrame({"k": [2, 1, 3], "run_id": ["x", "y", None]})
    out = value_pattern(frame, ["run_id"])
    assert out.set_index("k")["run_id"].to_dict() == {1: "#0", 2: "#1", 3: None}
