"""The event-log reader that proves where the graph step ran (no Spark needed)."""

from __future__ import annotations

import json
from pathlib import Path

from cse_networks.event_log import SENT_TO_PYTHON, pandas_operator_tasks, read_events

SQL_START = "org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart"


def _plan(node: str, acc: int) -> dict:
    return {
        "nodeName": "AdaptiveSparkPlan",
        "metrics": [],
        "children": [
            {
                "nodeName": node,
                "metrics": [
                    {"name": SENT_TO_PYTHON, "accumulatorId": acc, "metricType": "size"},
                    {"name": "number of output rows", "accumulatorId": acc + 1},
                ],
                "children": [],
            }
        ],
    }


def _task(executor: str, updates: dict[int, int], run_ms: int = 5) -> dict:
    return {
        "Event": "SparkListenerTaskEnd",
        "Task Info": {
            "Executor ID": executor,
            "Accumulables": [{"ID": i, "Update": str(v)} for i, v in updates.items()],
        },
        "Task Metrics": {"Executor Run Time": run_ms},
    }


def test_counts_only_tasks_that_fed_pandas_operators_python_workers() -> None:
    events = [
        {"Event": SQL_START, "sparkPlanInfo": _plan("FlatMapCoGroupsInPandas", 10)},
        {"Event": SQL_START, "sparkPlanInfo": _plan("HashAggregate", 20)},
        _task("0", {10: 512, 11: 3}),
        _task("1", {10: 128}, run_ms=7),
        _task("1", {20: 999}),  # another operator's metric: not graph-step work
        _task("driver", {11: 4}),  # rows only, nothing sent to Python
    ]
    found = pandas_operator_tasks(events)
    assert found.operator_count == 1
    assert found.tasks_by_executor == {"0": 1, "1": 1}
    assert found.run_ms_by_executor == {"0": 5, "1": 7}


def test_work_in_the_driver_shows_as_the_driver() -> None:
    events = [
        {"Event": SQL_START, "sparkPlanInfo": _plan("FlatMapGroupsInPandas", 1)},
        _task("driver", {1: 64}),
    ]
    assert pandas_operator_tasks(events).executors == {"driver"}


def test_reads_plain_event_log_files_and_skips_a_partial_last_line(tmp_path: Path) -> None:
    folder = tmp_path / "eventlog_v2_app-1"
    folder.mkdir()
    lines = [json.dumps({"Event": "SparkListenerLogStart"}), '{"Event": "Spark']
    (folder / "events_1_app-1").write_text("\n".join(lines))
    (folder / "appstatus_app-1.inprogress").write_text("")
    assert [e["Event"] for e in read_events(tmp_path)] == ["SparkListenerLogStart"]
