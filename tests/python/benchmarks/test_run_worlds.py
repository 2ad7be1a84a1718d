"""make bench runs the tuning world's scales, then the chosen ones again on the alt world."""

from __future__ import annotations

from benchmarks.run import planned_runs
from benchmarks.worlds import world_label


def test_default_runs_add_the_alt_world_at_the_chosen_scales() -> None:
    runs = planned_runs(["tiny", "default", "large"], "default", "default")
    assert runs == [
        ("tiny", "default"),
        ("default", "default"),
        ("large", "default"),
        ("default", "alt"),
    ]
    assert planned_runs(["tiny"], "default", "default") == [("tiny", "default")]
    assert planned_runs(["default"], "default", "") == [("default", "default")]


def test_an_alt_run_runs_only_the_alt_world() -> None:
    assert planned_runs(["default"], "alt", "default") == [("default", "alt")]
    assert [world_label(s, p) for s, p in planned_runs(["default"], "default", "default")] == [
        "default",
        "default-alt",
    ]
