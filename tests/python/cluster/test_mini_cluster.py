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
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from cse_networks.event_log import pandas_operator_tasks, read_events

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO / "tests" / "python" / "reliability"))
from lab import differences, read_snapshot  # noqa: E402

pytestmark = pytest.mark.cluster
IDENTITY = "dim_person_identities"
# Seconds between two rounds of BI reads while the second build has not reached
# its publish hook: reads go on through the build, without taking one of the
# machine's two cores from it; from the hook's start they run back to back.
READ_PAUSE_SECONDS = 5


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
    _env_path("CSE_CLUSTER_DIR")
    from pyhive import hive

    def connect():
        return hive.connect(
            host="127.0.0.1", port=int(os.environ["CSE_THRIFT_PORT"]), username="cse_bi_reader"
        )

    return connect


def _query(connect, sql: str) -> list[tuple]:
    conn = connect()
    try:
        cursor = conn.cursor()
        cursor.execute(sql)
        return cursor.fetchall()
    finally:
        conn.close()


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
    tables = {row[1] for row in _query(thrift, "show tables in marts")}
    assert "fct_networks" in tables and IDENTITY not in tables
    with pytest.raises(Exception, match=r"(?i)table or view not found|TABLE_OR_VIEW_NOT_FOUND"):
        _query(thrift, f"select count(*) from marts.{IDENTITY}")


def _publishes(connect) -> int:
    return int(_query(connect, "select count(*) from audit.publish_log")[0][0])


def test_bi_reads_one_complete_version_during_a_second_build(thrift, cluster_snapshot) -> None:
    """While a second build rebuilds and republishes the marts, every read of every
    published mart over the Thrift Server returns the complete mart (same inputs: the
    old and the new version are equal), and the publish lands during the reads
    (rounds paced until the build's on-run-end hook, back to back from then).

    The second build is the marts' models only: the publish (what BI must never see
    half-done) needs every mart rebuilt since the last publish, not the whole project
    again nor the marts' data tests, which the first build ran on the same inputs."""
    marts = sorted(name for name in cluster_snapshot if name != IDENTITY)
    expected = {name: len(frame) for name, frame in cluster_snapshot.items()}
    before = _publishes(thrift)
    env = {**os.environ}
    build = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "dbt"),
            "build",
            "--select",
            "path:models/marts",
            "--resource-type",
            "model",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    publishing = threading.Event()

    def follow() -> None:
        for line in build.stdout:
            output.append(line)
            if "on-run-end" in line:
                publishing.set()

    reader = threading.Thread(target=follow, daemon=True)
    reader.start()
    rounds, bad, versions = 0, [], set()
    try:
        deadline = time.monotonic() + 900
        while build.poll() is None and time.monotonic() < deadline:
            if rounds and not publishing.is_set():
                # Paced until the publish hook starts (the Thrift Server's reads take
                # a core from the build), then back to back while the views switch.
                publishing.wait(READ_PAUSE_SECONDS)
            conn = thrift()
            try:
                cursor = conn.cursor()
                for name in marts:
                    cursor.execute(f"select count(*) from marts.{name}")
                    got = int(cursor.fetchall()[0][0])
                    if got != expected[name]:
                        bad.append(f"{name}: {got} rows, want {expected[name]}")
                cursor.execute("show create table marts.fct_networks")
                versions.add(" ".join(r[0] for r in cursor.fetchall()).split("marts_v")[-1][:24])
            finally:
                conn.close()
            rounds += 1
    except BaseException:
        build.kill()  # a failed read must not leave the build running
        raise
    build.wait(timeout=60)
    reader.join(timeout=10)
    text = "".join(output)
    assert build.returncode == 0, text[-3000:]
    assert "publish: published" in text
    assert not bad, bad[:10]
    assert rounds >= 2
    assert _publishes(thrift) == before + 1
    # after the build, a final read: the new version, complete
    final = _query(thrift, "show create table marts.fct_networks")
    versions.add(" ".join(r[0] for r in final).split("marts_v")[-1][:24])
    assert len(versions) >= 2, "reads never saw the publish switch versions"
    print(f"{rounds} complete read rounds of {len(marts)} marts; versions seen: {len(versions)}")
