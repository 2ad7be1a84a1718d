"""Where Spark ran the graph step's per-component Python work, read from an event log.

``scripts/test-cluster.sh`` builds the tiny data set on the mini-cluster with
Spark's event log on; this module reads that log back:

    python -m cse_networks.event_log DIR

A task counts as graph-step Python work when it updated a metric of a
``FlatMapCoGroupsInPandas`` / ``FlatMapGroupsInPandas`` operator (the physical
operators of ``applyInPandas``) with data sent to its Python workers. The
operators' metric ids come from the SQL plans in the same log (initial and
adaptive), so the answer rests on what ran, not on names or results. Prints
counts per executor id only.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PandasTasks", "pandas_operator_tasks", "read_events"]

PANDAS_OPERATORS = ("FlatMapCoGroupsInPandas", "FlatMapGroupsInPandas")
SENT_TO_PYTHON = "data sent to Python workers"
_SQL_PLAN_EVENTS = (
    "org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart",
    "org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveExecutionUpdate",
)


@dataclass(frozen=True)
class PandasTasks:
    """Tasks that ran applyInPandas operators: counts and run time per executor id."""

    tasks_by_executor: dict[str, int]
    run_ms_by_executor: dict[str, int]
    operator_count: int

    @property
    def executors(self) -> set[str]:
        return set(self.tasks_by_executor)


_CODECS = {".zstd": "zstd", ".zst": "zstd", ".lz4": "lz4", ".gz": "gzip"}


def _text(path: Path) -> str:
    """An event log file's text, decompressed when Spark compressed it (Spark 4: zstd)."""
    codec = _CODECS.get(path.suffix)
    if codec is None:
        return path.read_text(encoding="utf-8")
    import pyarrow as pa

    with pa.input_stream(str(path), compression=codec) as stream:
        return stream.read().decode("utf-8")


def read_events(folder: Path) -> Iterator[dict]:
    """Every event of every event log file under ``folder`` (Spark's ``events_*`` files,
    plain or compressed; a log still being written may end in a partial line)."""
    for path in sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.name.startswith(("events", "app-", "local-"))
    ):
        for line in _text(path).splitlines():
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError:
                    continue


def _plan_metric_ids(plan: dict) -> Iterator[tuple[str, int]]:
    """(metric name, accumulator id) of every applyInPandas operator in a plan tree."""
    if str(plan.get("nodeName", "")).startswith(PANDAS_OPERATORS):
        for metric in plan.get("metrics", []):
            yield metric["name"], int(metric["accumulatorId"])
    for child in plan.get("children", []):
        yield from _plan_metric_ids(child)


def pandas_operator_tasks(events: Iterable[dict]) -> PandasTasks:
    """Which executors ran tasks that fed applyInPandas operators' Python workers."""
    sent_ids: set[int] = set()
    tasks: Counter[str] = Counter()
    run_ms: Counter[str] = Counter()
    task_ends = []
    for event in events:
        kind = event.get("Event")
        if kind in _SQL_PLAN_EVENTS:
            for name, acc_id in _plan_metric_ids(event.get("sparkPlanInfo", {})):
                if name == SENT_TO_PYTHON:
                    sent_ids.add(acc_id)
        elif kind == "SparkListenerTaskEnd":
            task_ends.append(event)
    for event in task_ends:
        info = event.get("Task Info", {})
        updates = {int(a["ID"]): a.get("Update") for a in info.get("Accumulables", [])}
        if any(int(updates.get(i) or 0) > 0 for i in sent_ids & set(updates)):
            executor = str(info.get("Executor ID"))
            tasks[executor] += 1
            run_ms[executor] += int((event.get("Task Metrics") or {}).get("Executor Run Time", 0))
    return PandasTasks(dict(tasks), dict(run_ms), len(sent_ids))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    found = pandas_operator_tasks(read_events(args.folder))
    print(
        f"applyInPandas operators: {found.operator_count} metric(s); tasks by executor: "
        f"{dict(sorted(found.tasks_by_executor.items()))}; run ms by executor: "
        f"{dict(sorted(found.run_ms_by_executor.items()))}"
    )


if __name__ == "__main__":
    main()
