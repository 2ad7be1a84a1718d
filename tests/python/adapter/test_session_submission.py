"""The sparksession adapter runs Python models in-process inside `dbt build`.

One `dbt build` + `dbt docs generate` of the probe project (tests/python/adapter/project):
SQL -> Python -> SQL in one DAG, tests on the Python model's output, a failing
Python model that fails with its traceback and skips its child, and a catalog in
which the Python model has columns and lineage.

Both commands and the read of the seed's values run in one child process, through
dbt's programmatic entry point (``dbtRunner``, what the ``dbt`` command itself
calls) on one SparkSession: one JVM start instead of three. The child is still a
process of its own, so the pytest process never holds the probe's metastore.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

# dbt runs a small project on Spark: a full-suite (`spark`) test
pytestmark = pytest.mark.spark

PROJECT = Path(__file__).parent / "project"
REPO = Path(__file__).resolve().parents[3]


# The probe's child process: `dbt build`, then `dbt docs generate`, then a read of the
# seed's values on the session dbt ran on. dbt's log goes to stdout as the command's
# does; a marker line ends the build's part, the last line is the JSON result.
_BUILD_DONE = "=== probe: dbt build done"
_PROBE = f"""
import json, os, shutil
from dbt.cli.main import dbtRunner

runner = dbtRunner()
build = runner.invoke(["build"])
# the build's results, before `docs generate` writes its own run_results.json
target = os.environ["DBT_TARGET_PATH"]
shutil.copy(os.path.join(target, "run_results.json"), os.path.join(target, "build_results.json"))
# the dbt command's exit codes (dbt.utils.ExitCodes): 1 a node failed, 2 dbt itself did
build_code = 0 if build.success else (2 if build.exception else 1)
print({_BUILD_DONE!r}, flush=True)
docs = runner.invoke(["docs", "generate"])
from cse_networks.spark import get_spark
from dbt.adapters.sparksession.orphans import remove_orphan_location
spark = get_spark()
rows = spark.sql("select is_intact from probe.probe_labels_checked order by label_id")
print(json.dumps({{
    "build_code": build_code,
    "docs_ok": docs.success,
    "labels_intact": [r.is_intact for r in rows.collect()],
    # a registered table's folder is never removed, whatever is in it
    "removed_registered": remove_orphan_location(spark, "probe", "probe_numbers"),
    "numbers_after": spark.table("probe.probe_numbers").count(),
}}))
"""

# Folders an interrupted run left without registering their tables (files written,
# the process killed before the metastore update), planted before the build: a SQL
# model's, a Python model's and a seed's. Each would stop its table's `create table`
# with LOCATION_ALREADY_EXISTS; the adapter removes them first (orphans.py).
LEFTOVERS = [("probe", "probe_numbers"), ("probe", "probe_doubled"), ("staging", "probe_labels")]


def _plant_leftovers(warehouse: Path) -> list[Path]:
    planted = []
    for schema, table in LEFTOVERS:
        folder = warehouse / f"{schema}.db" / table
        folder.mkdir(parents=True)
        pd.DataFrame({"leftover": [1, 2]}).to_parquet(folder / "part-00000-killed.parquet")
        planted.append(folder / "part-00000-killed.parquet")
    return planted


@pytest.fixture(scope="module")
def probe_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("probe")
    planted = _plant_leftovers(work / "warehouse" / "warehouse")
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(REPO),
        "CSE_TARGET": "local",
        "CSE_WAREHOUSE_DIR": str(work / "warehouse"),
        "DBT_TARGET_PATH": str(work / "target"),
        "DBT_LOG_PATH": str(work / "logs"),
        "CSE_SCHEMA_PREFIX": "",
    }
    child = subprocess.run(
        [sys.executable, "-c", _PROBE], cwd=PROJECT, env=env, capture_output=True, text=True
    )
    assert child.returncode == 0, (child.stdout + child.stderr)[-3000:]
    build_log, _, after = child.stdout.partition(_BUILD_DONE + "\n")
    outcome = json.loads(after.strip().splitlines()[-1])
    assert outcome["docs_ok"], after[-3000:]
    results = json.loads((work / "target" / "build_results.json").read_text())
    return {
        "labels_intact": outcome["labels_intact"],
        "planted": planted,
        "hive_session_folders": sorted((work / "warehouse" / "tmp").glob("*_resources")),
        "removed_registered": outcome["removed_registered"],
        "numbers_after": outcome["numbers_after"],
        "build": subprocess.CompletedProcess(["dbt", "build"], outcome["build_code"], build_log),
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


def test_row_rules_fail_once_per_broken_rule_and_pass_when_every_rule_holds(
    probe_run: dict,
) -> None:
    """The project's generic test (tests/generic/row_rules.sql) on the probe seed: one
    rule of each kind broken (a key and a combination repeated by is_intact, true on
    every row; not null, accepted values, accepted range and an expression broken by
    label 4) gives six failing rows; rules of the same kinds that hold, among them a
    key whose one null passes and accepted values with an apostrophe and a
    backslash, give none."""
    with_breaks = probe_run["status"]["row_rules_probe_labels_with_breaks"]
    assert (with_breaks["status"], with_breaks["failures"]) == ("warn", 6)
    assert _status(probe_run, "row_rules_probe_labels_without_breaks") == "pass"


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


def test_folders_a_killed_run_left_unregistered_are_removed_before_creating(
    probe_run: dict,
) -> None:
    """A SQL model, a Python model and a seed each build over a folder of stray files
    left with no table in the catalog; the log names each removed folder, the stray
    files are gone and the tables hold the build's rows (checked above)."""
    for name in ("probe_numbers", "probe_doubled", "probe_labels"):
        assert _status(probe_run, name) == "success"
    log = probe_run["build"].stdout
    assert "LOCATION_ALREADY_EXISTS" not in log
    for schema, table in LEFTOVERS:
        assert f"{schema}.{table}: removed the folder" in log
    assert not any(path.exists() for path in probe_run["planted"])


def test_a_registered_tables_folder_is_never_removed(probe_run: dict) -> None:
    assert probe_run["removed_registered"] is None
    assert probe_run["numbers_after"] == 5


def test_hive_session_folders_stay_in_the_warehouse(probe_run: dict) -> None:
    """Hive makes a folder per session and removes it only when the session is closed,
    which an exiting dbt process never does: profiles.yml puts it in the warehouse's
    tmp, so runs do not leave one in /tmp each."""
    assert probe_run["hive_session_folders"]
