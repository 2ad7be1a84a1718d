"""The end-to-end figure is `make run` itself: the main job's step lines are read
into seconds per step, and the target row adds them up and judges the limit."""

from __future__ import annotations

from benchmarks.report import _end_to_end_target
from benchmarks.run import main_job_step_seconds

LOG = """
== load
INFO cse_ingest.load: raw.crimes: 10 rows
-- load: exit 0 in 25s
== source freshness
-- source freshness: exit 1 in 9s
== dbt build
-- dbt build: exit 0 in 240s
"""


def _stage(stage: str, seconds: float, code: int = 0) -> dict:
    return {"stage": stage, "seconds": seconds, "returncode": code}


def test_step_seconds_are_read_from_the_chain_lines() -> None:
    assert main_job_step_seconds(LOG) == {
        "load": 25.0,
        "source freshness": 9.0,
        "dbt build": 240.0,
    }
    assert main_job_step_seconds("") == {}


def test_the_row_is_make_run_itself_with_its_steps_and_judges_the_limit() -> None:
    one = {
        "scale": "default",
        "stages": [_stage("make_run", 286)],
        "steps": {"load": 25.0, "dbt build": 240.0},
    }
    what, ok, figure = _end_to_end_target(one, 5)
    assert "`make run` itself" in what
    assert ok and figure == "4.8 min (load 25s, dbt build 240s)"
    assert not _end_to_end_target({**one, "stages": [_stage("make_run", 300)]}, 5)[1]
    assert not _end_to_end_target({**one, "stages": [_stage("make_run", 100, code=2)]}, 5)[1]
    # a pass that did not run make run alone is not read as one
    two = {**one, "stages": [_stage("make_run", 200), _stage("make_run", 10)]}
    assert not _end_to_end_target(two, 5)[1]


def test_an_older_two_stage_pass_still_reads_as_it_was() -> None:
    one = {
        "scale": "default",
        "stages": [_stage("generate", 6), _stage("main_job", 280)],
        "steps": {"load": 25.0, "dbt build": 240.0},
    }
    what, ok, figure = _end_to_end_target(one, 5)
    assert "as `make run` runs it" in what
    assert ok and figure == "4.8 min (generate 6s, load 25s, dbt build 240s)"
    slow = {**one, "stages": [_stage("generate", 6), _stage("main_job", 300)]}
    assert not _end_to_end_target(slow, 5)[1]
    failed = {**one, "stages": [_stage("generate", 6), _stage("main_job", 100, code=1)]}
    assert not _end_to_end_target(failed, 5)[1]


def test_an_older_four_command_pass_still_reads_as_it_was() -> None:
    stages = [_stage(s, 60) for s in ("generate", "load", "dbt_build", "dbt_docs")]
    what, ok, figure = _end_to_end_target({"scale": "default", "stages": stages}, 5)
    assert "are not in this figure" in what and ok and figure.startswith("4.0 min")


def test_a_stage_by_stage_pass_is_judged_only_without_a_make_run_pass() -> None:
    from benchmarks.report import STAGED_END_TO_END, _staged_end_to_end_target

    staged = {
        "scale": "default",
        "git_commit": "abc1234",
        "stages": [{**_stage(name, 60), "peak_pss_mib": 1024} for name in STAGED_END_TO_END],
    }
    what, ok, figure = _staged_end_to_end_target(staged, 5, by_make_run=False)
    assert ok is False and figure == "6.0 min, peak PSS 1.0 GiB"
    # beside a `make run` pass of the same scale it keeps its timing, with no verdict
    what, ok, figure = _staged_end_to_end_target(staged, 5, by_make_run=True)
    assert ok is None and "judged on the `make run` row" in what
    assert figure == "6.0 min, peak PSS 1.0 GiB at `abc1234`"
