"""The sparksession adapter runs Python models in-process inside `dbt build`.

One `dbt build` + `dbt docs generate` of the probe project (tests/python/adapter/project):
SQL -> Python -> SQL in one DAG, tests on the Python model's output, a failing
Python model that fails with its traceback and skips its child, and a catalog in
which the Python model has columns and lineage.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# dbt runs a small project on Spark: a full-suite (`spark`) test
pytestmark = pytest.mark.spark

PROJECT = Path(__file__).parent / "project"
REPO = Path(__file__).resolve().parents[3]
DBT = Path(sys.executable).parent / "dbt"


_READ_LABELS = """
import json
from cse_networks.spark import get_spark
rows = get_spark().sql("select is_intact from probe.probe_labels_checked order by label_id")
print(json.dumps([r.is_intact for r in rows.collect()]))
"""


@pytest.fixture(scope="module")
def probe_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("probe")
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(REPO),
        "CSE_TARGET": "local",
        "CSE_WAREHOUSE_DIR": str(work / "warehouse"),
        "DBT_TARGET_PATH": str(work / "target"),
        "DBT_LOG_PATH": str(work / "logs"),
        "CSE_SCHEMA_PREFIX": "",
    }
    build = subprocess.run(
        [str(DBT), "build"], cwd=PROJECT, env=env, capture_output=True, text=True, check=False
    )
    results = json.loads((work / "target" / "run_results.json").read_text())
    docs = subprocess.run(
        [str(DBT), "docs", "generate"], cwd=PROJECT, env=env, capture_output=True, text=True
    )
    assert docs.returncode == 0, docs.stdout[-3000:]
    check = subprocess.run(
        [sys.executable, "-c", _READ_LABELS], cwd=PROJECT, env=env, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr[-2000:]
    return {
        "labels_intact": json.loads(check.stdout.strip().splitlines()[-1]),
        "build": build,
        "status": {r["unique_id"].split(".")[2]: r for r in results["results"]},
        "catalog": json.loads((work / "target" / "catalog.json").read_text()),
        "manifest": json.loads((work / "target" / "manifest.json").read_text()),
    }


def _status(probe_run: dict, name: str) -> str:
    return next(r["status"] for k, r in probe_run["status"].items() if k.startswith(name))


def test_build_fails_only_because_of_the_broken_model(probe_run: dict) -> None:
    assert probe_run["build"].returncode == 1
    assert _status(probe_run, "probe_broken") == "error"


def test_python_model_reads_sql_and_feeds_sql(probe_run: dict) -> None:
    assert _status(probe_run, "probe_numbers") == "success"
    assert _status(probe_run, "probe_doubled") == "success"
    assert _status(probe_run, "probe_summary") == "success"
    assert "python table model probe.probe_doubled" in probe_run["build"].stdout


def test_data_tests_run_on_python_model_output(probe_run: dict) -> None:
    assert _status(probe_run, "unique_probe_doubled_number_id") == "pass"
    assert _status(probe_run, "not_null_probe_doubled_doubled_amount") == "pass"


def test_error_carries_python_traceback_and_skips_children(probe_run: dict) -> None:
    message = probe_run["status"]["probe_broken"]["message"]
    assert "Traceback (most recent call last)" in message
    assert "in explode" in message
    assert "ValueError: deliberate failure inside a Python model" in message
    assert _status(probe_run, "probe_after_broken") == "skipped"


def test_seed_values_with_quotes_backslashes_and_empty_cells_load_intact(probe_run: dict) -> None:
    assert _status(probe_run, "probe_labels") == "success"
    assert _status(probe_run, "probe_labels_checked") == "success"
    assert probe_run["labels_intact"] == [True, True, True, True]


def test_catalog_has_python_model_columns_and_lineage(probe_run: dict) -> None:
    node = probe_run["catalog"]["nodes"]["model.adapter_probe.probe_doubled"]
    assert set(node["columns"]) == {"number_id", "amount", "doubled_amount"}
    manifest = probe_run["manifest"]
    assert manifest["parent_map"]["model.adapter_probe.probe_doubled"] == [
        "model.adapter_probe.probe_numbers"
    ]
    assert (
        "model.adapter_probe.probe_summary"
        in manifest["child_map"]["model.adapter_probe.probe_doubled"]
    )
