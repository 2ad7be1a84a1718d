"""Reruns, faults and the volume guard, driven against one disposable warehouse.

The operator's story runs once, in a fixed order, inside the session fixture
``rerun_scenario`` (tests/python/reliability/conftest.py; the lab
``scenarios.ids_then_hostile_then_reruns``); each test asserts one part of what it
recorded, so the tests pass or fail alone and in any order. It starts from the
hostile extract's whole `dbt build`, the warehouse's second publish
(test_hostile_extracts.py reads the same publish, test_id_persistence.py the two);
every step after it is a `dbt run`, `dbt retry` or a load: a full run
publishes; a graph-step failure leaves the published marts untouched and `dbt
retry` completes the job with the same marts; a run killed while the marts are
being rebuilt (driver and Spark JVM, SIGKILL) leaves them untouched; a truncated
extract is stopped by the volume guard before publishing, and an acknowledged run
publishes it, dropping a version schema an earlier publish stopped mid-way left.

That a second whole build from scratch gives the test command's marts row for row
is the mini-cluster stage's test (tests/python/cluster/test_mini_cluster.py,
`test_cluster_marts_equal_the_local_tiny_build`): a fresh build on other executors.

Whole-pipeline builds, because nothing cheaper proves the same: publishing is
an on-run-end hook over the run's real results, and a fault, a retry and a kill
only mean something against marts a real run published.
"""

from __future__ import annotations

import pandas as pd
import pytest
from lab import differences, registry_of

pytestmark = pytest.mark.pipeline


def _assert_same_marts(left: dict, right: dict) -> None:
    """Identical, bit for bit, outside the run's own ids and times."""
    diff = differences(left, right)
    assert not diff, "marts differ:\n" + "\n".join(diff)


def test_full_build_publishes(rerun_scenario: dict) -> None:
    s = rerun_scenario
    assert s["load"].returncode == 0
    assert s["build"].returncode == 0, f"first build failed; see {s['root']}/build-1.out"
    assert "publish: published" in s["build"].output
    assert {"fct_networks", "fct_person_scores"} <= set(s["marts_1"])
    assert s["publishes_before"] == 1  # run 1 of the id tests, on the cut world
    assert s["publishes_1"] == s["publishes_before"] + 1
    ranks = s["marts_1"]["fct_networks"]["priority_rank"]
    assert ranks.notna().all() and ranks.is_unique


def test_failure_part_way_keeps_previous_marts(rerun_scenario: dict) -> None:
    s = rerun_scenario
    assert s["fault"].returncode != 0
    results = s["fault_results"]
    assert results["graph_person_metrics"]["status"] == "error"
    assert "fault injected into the graph step" in results["graph_person_metrics"]["message"]
    assert results["fct_networks"]["status"] == "skipped"
    assert "NOT publishing marts" in s["fault"].output
    assert s["publishes_after_fault"] == s["publishes_1"]
    _assert_same_marts(s["marts_1"], s["marts_after_fault"])
    # the id registry did not advance either: a failed run writes no ids
    before = registry_of(s["root"], s["snapshot_1"])
    after = registry_of(s["root"], "after-fault")
    for table in before:
        pd.testing.assert_frame_equal(before[table], after[table], check_like=True)


def test_dbt_retry_completes_and_publishes(rerun_scenario: dict) -> None:
    """The retry rebuilds only what failed or was skipped, then publishes a complete set."""
    s = rerun_scenario
    assert s["retry"].returncode == 0, f"dbt retry failed; see {s['root']}/retry.out"
    assert "graph_person_metrics" in s["retry_results"]
    assert "publish: published" in s["retry"].output
    assert s["publishes_after_retry"] == s["publishes_1"] + 1
    # Same inputs, so the same marts as the full run, bit for bit: every person and
    # network id survives the second publish.
    _assert_same_marts(s["marts_1"], s["marts_after_retry"])


def test_a_rerun_on_the_same_extract_changes_no_id(rerun_scenario: dict) -> None:
    """The retried run publishes the hostile build's extract a second time: every
    network CONTINUING at its previous rank, history one more row per network, the
    registry's person ids and their status unchanged (docs block id_rules)."""
    s = rerun_scenario
    first, second = s["marts_1"], s["marts_after_retry"]
    changes = second["fct_network_changes"]
    assert set(changes["status"]) == {"CONTINUING"}
    assert (changes["previous_rank"] == changes["priority_rank"]).all()
    assert (changes["rank_change"] == 0).all()
    assert set(changes["network_id"]) == set(first["fct_networks"]["network_id"])
    history, history_1 = second["fct_network_history"], first["fct_network_history"]
    assert history["run_id"].nunique() == history_1["run_id"].nunique() + 1
    new_rows = history[~history["run_id"].isin(history_1["run_id"])]
    assert sorted(new_rows["network_id"]) == sorted(first["fct_networks"]["network_id"])
    columns = ["person_id", "status", "successor_id"]
    ids_1 = registry_of(s["root"], s["snapshot_1"])["registry_person_ids"][columns]
    ids_2 = registry_of(s["root"], "after-retry")["registry_person_ids"][columns]
    key = columns[0]
    pd.testing.assert_frame_equal(
        ids_1.sort_values(key).reset_index(drop=True),
        ids_2.sort_values(key).reset_index(drop=True),
    )


def test_run_killed_mid_build_keeps_previous_marts(rerun_scenario: dict) -> None:
    """A crash while marts are being rebuilt: readers still see the last publish, whole."""
    s = rerun_scenario
    assert s["killed"].returncode == -9, f"dbt ended before it could be killed; see {s['root']}"
    assert s["publishes_after_kill"] == s["publishes_after_retry"]
    _assert_same_marts(s["marts_after_retry"], s["marts_after_kill"])


def test_volume_guard_stops_a_truncated_extract(rerun_scenario: dict) -> None:
    s = rerun_scenario
    assert s["load_truncated_manifest"].returncode == 2
    assert "table crimes: manifest" in s["load_truncated_manifest"].output
    assert s["load_truncated"].returncode == 0
    assert s["guarded"].returncode != 0
    assert "Volume guard" in s["guarded"].output
    assert "crimes" in s["guarded"].output
    assert s["publishes_after_guard"] == s["publishes_after_kill"]
    _assert_same_marts(s["marts_after_kill"], s["marts_after_guard"])
    assert s["acknowledged"].returncode == 0
    assert "publish: published" in s["acknowledged"].output


def test_a_version_left_by_a_publish_stopped_mid_way_is_dropped_by_a_later_one(
    rerun_scenario: dict,
) -> None:
    """A run killed or failed while copying the marts leaves a version schema no publish
    logged, which the kept-versions rule never sees. The next publish drops it (and its
    registry version) once it is older than `publish_abandoned_version_hours`; one made
    an hour ago, which another process could still be writing, stays."""
    s = rerun_scenario
    assert s["planted_versions"].returncode == 0, s["planted_versions"].output[-2000:]
    assert s["acknowledged"].returncode == 0
    after = s["versions_after"]
    assert after is not None, f"the version list was not written; see {s['root']}"
    assert not [name for name in after if name.endswith("_abandon1")]
    assert sorted(n.split("_v")[0] for n in after if n.endswith("_inflight")) == [
        "marts",
        "registry",
    ]
    dropped = [line for line in s["acknowledged"].output.splitlines() if "publish: dropped" in line]
    assert len(dropped) == 1 and "_abandon1" in dropped[0] and "_inflight" not in dropped[0]
    # the live views still read a logged version: the marts as published, whole
    assert "publish: published" in s["acknowledged"].output
