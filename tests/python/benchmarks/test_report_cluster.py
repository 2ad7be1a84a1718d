"""The mini-cluster section of BENCHMARKS.md: builds beside each other, and the stage."""

from __future__ import annotations

from benchmarks.report import _cluster_section

RUN = {"load_s": 40.0, "build_s": 300.0, "load_average_start": [1.0], "load_average_end": [2.0]}
CLUSTER = {
    "measured_at": "2026-12-04 08:00 UTC",
    "git_commit": "abc1234",
    "local": RUN,
    "standalone": {**RUN, "build_s": 420.0, "cluster_up_s": 60.0},
}


def test_without_a_stage_run_only_the_builds_are_shown() -> None:
    text = "\n".join(_cluster_section(CLUSTER))
    assert "| standalone | 40.0 | 420.0 |" in text
    assert "mini-cluster stage" not in text


def test_a_stage_run_shows_wall_time_and_the_cpu_bound() -> None:
    stage = {
        "stage_seconds": 600,
        "dbt_build_seconds": 240,
        "cpu_seconds": 900.0,
        "cpu_seconds_services": 400.0,
        "steps_at": {"cluster": 5, "dbt": 100, "done": 600},
        "loadavg_end": "2.0 2.1 2.2",
        "measured_at": "2026-12-04 08:10 UTC",
        "git_commit": "abc1234",
        "note": "",
    }
    text = "\n".join(_cluster_section({**CLUSTER, "stage": stage}))
    assert "600 s wall (10.0 min)" in text
    assert "the `dbt build` 240 s" in text
    # 900 CPU seconds on 2 cores: at least 7.5 minutes
    assert "half of them, 7.5 min" in text
    assert "| cluster | 95 |" in text and "| dbt | 500 |" in text
    assert "| done |" not in text  # the end mark, not a step
    assert "load average at the end 2.0 2.1 2.2" in text


def test_the_load_average_at_the_stage_start_when_recorded() -> None:
    stage = {
        "stage_seconds": 600,
        "dbt_build_seconds": 240,
        "cpu_seconds": 900.0,
        "cpu_seconds_services": 400.0,
        "loadavg_start": "1.0 1.1 1.2",
        "loadavg_end": "2.0 2.1 2.2",
        "measured_at": "2026-12-04 08:10 UTC",
        "git_commit": "abc1234",
    }
    text = "\n".join(_cluster_section({**CLUSTER, "stage": stage}))
    assert "load average 1.0 1.1 1.2 at the start, 2.0 2.1 2.2 at the end" in text
