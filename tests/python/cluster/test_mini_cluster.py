"""The tiny build on the mini-cluster (scripts/test-cluster.sh): a Spark standalone
master and two workers whose own Python lacks the project's packages, a Hive
metastore on PostgreSQL shared by the dbt driver and the Spark Thrift Server.

Run only by the cluster stage of ``make test``, after it built and snapshotted
the tiny data set on the ``standalone`` target; elsewhere every test here skips
with the reason. Inside the stage (``CSE_CLUSTER_STAGE=1``) a missing input
fails instead.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from bi_reads import problems, published_version, publishes, query, thrift_connect
from tiny_warehouse import RESTRICTED_MARTS

from cse_networks.event_log import pandas_operator_tasks, read_events

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO / "tests" / "python" / "reliability"))
from lab import differences, read_snapshot  # noqa: E402

pytestmark = pytest.mark.cluster


def _env_path(name: str) -> Path:
    value = os.environ.get(name)
    if value and Path(value).exists():
        return Path(value)
    if os.environ.get("CSE_CLUSTER_STAGE") == "1":
        pytest.fail(f"{name} is not set or missing inside the cluster stage")
    pytest.skip(f"needs the mini-cluster stage ({name}): run make test-cluster")


@pytest.fixture(scope="module")
def cluster_snapshot() -> dict[str, pd.DataFrame]:
    return read_snapshot(_env_path("CSE_CLUSTER_SNAPSHOT"))


@pytest.fixture(scope="module")
def thrift():
    """Connections to the mini-cluster's Thrift Server, as a BI tool makes them."""
    _env_path("CSE_CLUSTER_DIR")
    return thrift_connect


def test_cluster_marts_equal_the_local_tiny_build(cluster_snapshot) -> None:
    """Row for row, ranks, history and the run audit included: two first builds of the
    same inputs (the same files, the same freshness check) and vars, each in a fresh
    warehouse (lab.comparable_builds: the columns naming the build, its times, its
    load and target, compared by their pattern)."""
    local = read_snapshot(_env_path("CSE_TINY_SNAPSHOT"))
    assert set(cluster_snapshot) == set(local)
    assert {"fct_networks", "fct_person_scores", "rpt_run_audit"} <= set(local)
    diff = differences(local, cluster_snapshot, same_inputs=True)
    assert not diff, "cluster marts differ from the local build:\n" + "\n".join(diff)


def test_graph_step_ran_on_the_executors() -> None:
    """Tasks that fed applyInPandas operators' Python workers ran on executors, not the driver."""
    found = pandas_operator_tasks(read_events(_env_path("CSE_CLUSTER_EVENT_LOG")))
    assert found.operator_count > 0, "no applyInPandas operator in the event log's plans"
    assert found.executors, "no task ran an applyInPandas operator"
    assert "driver" not in found.executors
    assert sum(found.run_ms_by_executor.values()) > 0
    print(f"applyInPandas tasks by executor: {found.tasks_by_executor}")


def test_executors_run_the_archive_and_workers_python_lacks_the_project() -> None:
    """Executors run the shipped archive; the workers' own python3 lacks the project.

    The stage ran cse_networks.executor_probe's tasks (importing graph_step and igraph
    on the executors) in the application that snapshotted the marts."""
    rows = json.loads(_env_path("CSE_CLUSTER_PROBE").read_text())
    assert len(rows) == 8
    work = str(Path(os.environ["CSE_CLUSTER_DIR"]) / "work")
    # the archive, unpacked in an executor's directory on a worker
    prefixes = [row["prefix"] for row in rows]
    assert all(p.startswith(work) and p.endswith("/environment") for p in prefixes), prefixes
    # Workers run with a clean PATH (scripts/cluster.sh launch): their python3 lacks the project.
    bare = subprocess.run(
        ["env", "-i", "PATH=/usr/local/bin:/usr/bin:/bin", "python3", "-c", "import graph_step"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bare.returncode != 0 and "graph_step" in bare.stderr


def test_identity_model_is_not_readable_through_the_published_schema(thrift) -> None:
    tables = {row[1] for row in query(thrift, "show tables in marts")}
    assert "fct_networks" in tables and not tables & set(RESTRICTED_MARTS)
    for name in RESTRICTED_MARTS:
        with pytest.raises(Exception, match=r"(?i)table or view not found|TABLE_OR_VIEW_NOT_FOUND"):
            query(thrift, f"select count(*) from marts.{name}")


def test_bi_reads_one_complete_version_during_a_second_build(thrift, cluster_snapshot) -> None:
    """While a second build rebuilds and republishes the marts, every read of every
    published mart over the Thrift Server returned the complete mart (same inputs: the
    old and the new version are equal), and the publish landed during the reads
    (rounds paced until the publish began, back to back from then).

    The stage ran the build and recorded the reads (``bi_reads.read_during``, in the
    first build's application); this test judges the record against the snapshot and
    the publish log as it is now. The second build is the marts' models only: the
    publish (what BI must never see half-done) needs every mart rebuilt since the last
    publish, not the whole project again nor the marts' data tests, which the first
    build ran on the same inputs."""
    record = json.loads(_env_path("CSE_CLUSTER_BI_READS").read_text())
    # what BI can read: the snapshot's marts but the restricted ones, as the stage read them
    expected = {
        name: len(frame) for name, frame in cluster_snapshot.items() if name not in RESTRICTED_MARTS
    }
    found = problems(
        record,
        expected,
        publishes_now=publishes(thrift),
        version_now=published_version(thrift),
    )
    assert not found, found[:10]
    rounds = record["rounds"]
    during = sum(r["publishing"] for r in rounds)
    print(
        f"{len(rounds)} complete read rounds of {len(expected)} marts, {during} during the publish"
    )
