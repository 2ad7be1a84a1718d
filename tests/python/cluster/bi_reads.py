"""BI reads over the Thrift Server while a second build republishes the marts.

The mini-cluster stage (``scripts/test-cluster.sh``) runs the second build in the
application of the first, right after the marts' snapshot, with :func:`read_during`
reading every published mart from a thread of the same process; it records what each
read returned, and ``test_mini_cluster.py`` judges the record with :func:`problems`
against the snapshot (``test_bi_reads.py`` plants each fault in a good record). In the
first application because a second one cost a driver, two executors, the archive
unpacked on each and dbt's imports again: the second build took 22-24 s there (dbt's
own figure) against 59.5 s in an application of its own, in the stage's tail after pytest
(benchmarks/notes/20-test-suite-wall-time.md). What the reads go through is the same:
the Thrift Server's own application and the metastore.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

# Seconds between two rounds of reads until the build's publish begins: reads go on
# through the build without taking one of the machine's two cores from it; from the
# publish's first line (macros/publish/publish_marts.sql: the audit passed, the copy
# into the new version begins) they run back to back while the views switch. dbt's own
# "START hook" line comes only after the hook has run.
READ_PAUSE_SECONDS = 5
# The longest the reads follow a build that does not end (a hang guard, not a budget).
READ_DEADLINE_SECONDS = 900
PUBLISH_BEGINS = "publish: audit passed"
PUBLISH_ENDS = "publish: published"
# A build run by read_during: given a callback for each log message, it runs and
# returns (success, the messages worth keeping).
RunBuild = Callable[[Callable[[str], None]], tuple[bool, list[str]]]


def thrift_connect() -> Any:
    """A connection to the mini-cluster's Thrift Server, as a BI tool makes one."""
    from pyhive import hive

    return hive.connect(
        host="127.0.0.1", port=int(os.environ["CSE_THRIFT_PORT"]), username="cse_bi_reader"
    )


def query(connect: Callable[[], Any], sql: str) -> list[tuple]:
    """Rows of one statement, on a connection of its own."""
    conn = connect()
    try:
        cursor = conn.cursor()
        cursor.execute(sql)
        return cursor.fetchall()
    finally:
        conn.close()


def publishes(connect: Callable[[], Any]) -> int:
    """Publishes so far: rows of the audit schema's publish log."""
    return int(query(connect, "select count(*) from audit.publish_log")[0][0])


# The live marts' version: the schema the view marts.fct_networks points at.
LIVE_VERSION_SQL = "show create table marts.fct_networks"


def published_version(connect: Callable[[], Any]) -> str:
    """The version schema ``marts.fct_networks`` points at (its view's definition)."""
    return _version_in(query(connect, LIVE_VERSION_SQL))


def _version_in(rows: list[tuple]) -> str:
    """The version named in the rows of ``LIVE_VERSION_SQL``."""
    return " ".join(row[0] for row in rows).split("marts_v")[-1][:24]


def read_round(connect: Callable[[], Any], marts: Sequence[str]) -> dict[str, Any]:
    """One BI read of every mart: its row count, then the version it was read from."""
    conn = connect()
    try:
        cursor = conn.cursor()
        counts = {}
        for name in marts:
            cursor.execute(f"select count(*) from marts.{name}")
            counts[name] = int(cursor.fetchall()[0][0])
        cursor.execute(LIVE_VERSION_SQL)
        version = _version_in(cursor.fetchall())
    finally:
        conn.close()
    return {"counts": counts, "version": version}


def _observed(connect: Callable[[], Any], marts: Sequence[str]) -> dict[str, Any]:
    """A round's record: what it read, or the error it met (for the test to judge)."""
    try:
        return read_round(connect, marts)
    except Exception as error:
        return {"error": f"{type(error).__name__}: {error}"[:500]}


def read_during(
    run_build: RunBuild,
    marts: Sequence[str],
    connect: Callable[[], Any] = thrift_connect,
    pause: float = READ_PAUSE_SECONDS,
) -> dict[str, Any]:
    """Rounds of :func:`read_round` while ``run_build`` runs, and the record of them.

    ``run_build(on_message)`` runs the build in this thread, calling ``on_message`` with
    each of its log messages, and returns (success, the messages worth keeping). The
    rounds run in a second thread: ``pause`` seconds apart until the publish's first
    message (``PUBLISH_BEGINS``), back to back from then until its last one
    (``PUBLISH_ENDS``), paced again until the build returns. Each round records whether
    it began between the two: while the copy ran and the views switched. A read that fails is
    recorded with its error, and the rounds go on.
    """
    publishing, published, finished = threading.Event(), threading.Event(), threading.Event()
    rounds: list[dict[str, Any]] = []

    def on_message(message: str) -> None:
        if message.startswith(PUBLISH_BEGINS):
            publishing.set()
        elif message.startswith(PUBLISH_ENDS):
            published.set()

    def in_publish() -> bool:
        return publishing.is_set() and not published.is_set()

    def reader() -> None:
        deadline = time.monotonic() + READ_DEADLINE_SECONDS
        while not finished.is_set() and time.monotonic() < deadline:
            if rounds and not in_publish():
                # paced: until the publish begins (waking when it does), and after it ends
                (finished if published.is_set() else publishing).wait(pause)
                if finished.is_set():
                    break
            rounds.append({**_observed(connect, marts), "publishing": in_publish()})

    publishes_before = publishes(connect)
    thread = threading.Thread(target=reader, name="bi-reads", daemon=True)
    thread.start()
    try:
        success, messages = run_build(on_message)
    finally:
        finished.set()
        thread.join(timeout=120)
    return {
        "marts": list(marts),
        "build_success": success,
        "build_messages": messages,
        "publishes_before": publishes_before,
        "rounds": rounds,
        "final": _observed(connect, marts),
    }


def dbt_build_with_messages(args: Sequence[str]) -> RunBuild:
    """``run_build`` for :func:`read_during`: ``dbt build ARGS`` through dbt's
    programmatic entry point in this process (the Spark session already started here),
    keeping its info-level messages."""

    def run(on_message: Callable[[str], None]) -> tuple[bool, list[str]]:
        from dbt.cli.main import dbtRunner

        kept: list[str] = []

        def callback(event: Any) -> None:
            message = event.info.msg
            on_message(message)
            if event.info.level in ("info", "warn", "error"):
                kept.append(message)

        result = dbtRunner(callbacks=[callback]).invoke(list(args))
        return bool(result.success), kept

    return run


def problems(
    record: dict[str, Any], expected: dict[str, int], *, publishes_now: int, version_now: str
) -> list[str]:
    """What is wrong with a record of :func:`read_during`, judged against the marts'
    row counts (``expected``, the snapshot before the build: same inputs, so the new
    version must equal the old) and the publish log and live version after it. Empty
    when every read got every mart complete, some read ran during the publish, the
    reads saw the version switch to the live one and exactly one publish landed."""
    messages = "\n".join(record["build_messages"])
    if not record["build_success"]:
        return [f"the second build failed: {messages[-3000:]}"]
    found = []
    if "publish: published" not in messages:
        found.append("the second build did not publish")
    if sorted(record["marts"]) != sorted(expected):
        found.append(f"read {sorted(record['marts'])}, want {sorted(expected)}")
    rounds = record["rounds"]
    observed = [*rounds, record["final"]]
    found += [f"read failed: {r['error']}" for r in observed if "error" in r]
    found += [
        f"{name}: {got} rows, want {expected.get(name)}"
        for r in observed
        for name, got in r.get("counts", {}).items()
        if got != expected.get(name)
    ]
    if len(rounds) < 2:
        found.append(f"{len(rounds)} read round(s) during the build, want 2 or more")
    if not any(r.get("publishing") for r in rounds):
        found.append("no read ran once the publish began")
    if publishes_now != record["publishes_before"] + 1:
        found.append(f"publishes: {record['publishes_before']} before, {publishes_now} after")
    versions = {r["version"] for r in observed if "version" in r}
    if record["final"].get("version") != version_now:
        found.append(f"the final read saw {record['final'].get('version')}, BI reads {version_now}")
    if len(versions) < 2:
        found.append("the reads never saw the publish switch versions")
    return found
