"""Reruns, faults and the volume guard, driven against one disposable warehouse.

The tests run in order and share one lab. They use `dbt run` (models only:
the data tests are exercised by the test command's own `dbt build`), which
publishes under the same rules as `dbt build`: a full run publishes; a second
full run gives identical marts; a graph-step failure leaves the published
marts untouched and `dbt retry` completes the job; a run killed while the
marts are being rebuilt (driver and Spark JVM, SIGKILL) leaves them untouched;
a truncated extract is stopped by the volume guard before publishing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from lab import Lab, differences, read_snapshot

pytestmark = pytest.mark.pipeline


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Lab:
    return Lab(tmp_path_factory.mktemp("rerun-lab"))


@pytest.fixture(scope="module")
def state() -> dict:
    return {}


def _published(lab: Lab, name: str) -> tuple[dict[str, pd.DataFrame], int]:
    """The marts readers see now, and how many publishes the audit log holds."""
    out = lab.snapshot("marts", name, also=["audit.publish_log"])
    log = out / "_also" / "audit.publish_log.parquet"
    return read_snapshot(out), len(pd.read_parquet(log)) if log.exists() else 0


def _assert_same_marts(left: dict, right: dict) -> None:
    """Identical, bit for bit, outside the run's own ids and times."""
    diff = differences(left, right)
    assert not diff, "marts differ:\n" + "\n".join(diff)


def test_full_build_publishes(lab: Lab, tiny_data: Path, state: dict) -> None:
    assert lab.load(tiny_data / "raw").returncode == 0
    assert lab.dbt("seed", name="seed").returncode == 0
    build = lab.dbt("run", name="build-1")
    assert build.returncode == 0, f"first build failed; see {lab.root}/build-1.out"
    assert "publish: published" in build.output
    state["marts_1"], state["publishes"] = _published(lab, "run-1")
    state["published"] = state["marts_1"]
    assert {"fct_networks", "fct_person_scores"} <= set(state["marts_1"])
    assert state["publishes"] == 1


def test_two_full_runs_give_identical_marts(lab: Lab, state: dict) -> None:
    """Row for row, ranks included, against the test command's own tiny build."""
    reference = os.environ.get("CSE_TINY_SNAPSHOT")
    if reference and Path(reference).is_dir():
        other = read_snapshot(Path(reference))
    else:
        build = lab.dbt("run", name="build-2")
        assert build.returncode == 0
        other, state["publishes"] = _published(lab, "run-2")
        state["published"] = other  # this second run published too
    _assert_same_marts(state["marts_1"], other)
    ranks = state["marts_1"]["fct_networks"]["priority_rank"]
    assert ranks.notna().all() and ranks.is_unique


def test_failure_part_way_keeps_previous_marts(lab: Lab, state: dict) -> None:
    before = state["publishes"]
    # The graph step and every mart (what an operator reruns after new links):
    # the marts not downstream of the graph step build; the graph step fails.
    failed = lab.dbt(
        "run",
        "--select",
        "tag:graph+",
        "tag:marts",
        name="build-fault",
        CSE_FAULT_INJECT="graph_step",
    )
    assert failed.returncode != 0
    results = lab.run_results()
    assert results["graph_person_metrics"]["status"] == "error"
    assert "fault injected into the graph step" in results["graph_person_metrics"]["message"]
    assert results["fct_networks"]["status"] == "skipped"
    assert "NOT publishing marts" in failed.output
    marts, publishes = _published(lab, "after-fault")
    assert publishes == before
    _assert_same_marts(state["published"], marts)


def test_dbt_retry_completes_and_publishes(lab: Lab, state: dict) -> None:
    """The retry rebuilds only what failed or was skipped, then publishes a complete set."""
    retried = lab.dbt("retry", name="retry")
    assert retried.returncode == 0, f"dbt retry failed; see {lab.root}/retry.out"
    assert "graph_person_metrics" in lab.run_results()
    assert "publish: published" in retried.output
    marts, publishes = _published(lab, "after-retry")
    assert publishes == state["publishes"] + 1
    # Same inputs, so the same marts as the full run, bit for bit.
    _assert_same_marts(state["published"], marts)
    state["published"], state["publishes"] = marts, publishes


def test_run_killed_mid_build_keeps_previous_marts(lab: Lab, state: dict) -> None:
    """A crash while marts are being rebuilt: readers still see the last publish, whole."""
    killed = lab.dbt_killed_when(
        "run",
        "--select",
        "tag:marts",
        marker="START sql table model marts_build.",
        name="build-killed",
    )
    assert killed.returncode == -9, f"dbt ended before it could be killed; see {lab.root}"
    marts, publishes = _published(lab, "after-kill")
    assert publishes == state["publishes"]
    _assert_same_marts(state["published"], marts)


def test_volume_guard_stops_a_truncated_extract(lab: Lab, tiny_data: Path, state: dict) -> None:
    truncated = lab.root / "truncated-raw"
    shutil.copytree(tiny_data / "raw", truncated)
    crimes = truncated / "crimes.parquet"
    frame = pd.read_parquet(crimes)
    frame.head(len(frame) // 10).to_parquet(crimes, index=False)
    # with the generator's control totals the loader itself refuses the cut file ...
    refused = lab.load(truncated, name="load-truncated-manifest")
    assert refused.returncode == 2
    assert "table crimes: manifest" in refused.output
    # ... sent without them, the load passes and the volume guard must stop the publish
    (truncated / "_manifest.json").unlink()
    assert lab.load(truncated, name="load-truncated").returncode == 0
    before = state["publishes"]
    guarded = lab.dbt("run", "--select", "tag:marts", name="build-guard")
    assert guarded.returncode != 0
    assert "Volume guard" in guarded.output
    assert "crimes" in guarded.output
    marts, publishes = _published(lab, "after-guard")
    assert publishes == before
    _assert_same_marts(state["published"], marts)
    accepted = lab.dbt(
        "run",
        "--select",
        "tag:marts",
        "--vars",
        "{volume_guard_acknowledged: true}",
        name="build-guard-acknowledged",
    )
    assert accepted.returncode == 0
    assert "publish: published" in accepted.output
    state["lab_root"] = lab.root
