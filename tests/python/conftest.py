"""Shared fixtures: the tiny warehouse built by the test command, and its marts.

The test command (``scripts/test.sh``) builds the tiny warehouse before pytest
and exports ``CSE_TINY_WAREHOUSE`` (warehouse folder) and ``CSE_TINY_DATA``
(data folder with ``raw/`` and ``truth/``), ``CSE_TINY_TARGET`` and
``CSE_TINY_LOGS`` (dbt's target and log folders) and ``CSE_TINY_EVENT_LOG``
(Spark's event log of the build). Without them, ``tiny_build`` generates, loads
and builds a tiny warehouse in a temporary folder (slow). Both builds run with
Spark's event log on and the test person-id key ``TINY_PERSON_ID_KEY`` (a
public, distinctive key: the leak test looks for it in every file the build
wrote).

Marts are read in a child process: a JVM keeps the Derby metastore location of
its first SparkSession, so opening the tiny warehouse in the pytest process
could silently read another test's metastore. The child
(``tiny_warehouse.main``) opens Spark with ``CSE_WAREHOUSE_DIR=$CSE_TINY_WAREHOUSE``
through ``cse_networks.spark.get_spark`` and writes each mart's Spark schema and
rows (never the restricted identity mart's rows) to a folder. The test command
runs that child once, right after its build, in the Spark session of its marts
snapshot, and exports the folder as ``CSE_TINY_MARTS`` (one JVM start less);
without it the fixture runs the child itself. A view that cannot be read fails
the dump (the test command's stage, or the fixture): the published views are
what BI reads, so they are what is tested (tests/python/marts/test_marts_reading.py
is the negative control). No test may open a SparkSession on the tiny warehouse
in the pytest process (embedded Derby allows one JVM).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tiny_warehouse import (
    KEY_ENV_VAR,
    REPO,
    TINY_PERSON_ID_KEY,
    Marts,
    TinyBuild,
    _run,
    load_marts,
    read_published_marts,
    tiny_as_of_date,
)


def _build_tiny(root: Path) -> TinyBuild:
    """Generate, load and dbt-build the tiny data set into ``root`` (fallback, slow)."""
    data, warehouse = root / "data" / "tiny", root / "warehouse"
    event_log = root / "eventlog"
    event_log.mkdir(parents=True)
    env = {
        **os.environ,
        "CSE_WAREHOUSE_DIR": str(warehouse),
        "DBT_TARGET_PATH": str(root / "target"),
        "DBT_LOG_PATH": str(root / "logs"),
        "DBT_PROFILES_DIR": str(REPO),
        KEY_ENV_VAR: TINY_PERSON_ID_KEY,
        # As scripts/test.sh: the synthetic world's own date (docs block as_of_date).
        "CSE_AS_OF_DATE": tiny_as_of_date(),
    }
    env.pop("CSE_PERSON_ID_KEY_FILE", None)
    python = sys.executable
    gen = [python, "-m", "cse_synth.generate", "--scale", "tiny", "--seed", "42"]
    _run([*gen, "--out", str(data)], env)
    _run([python, "-m", "cse_ingest.load", "--data", str(data / "raw")], env)
    # As scripts/test.sh: freshness of the load, logged for rpt_run_audit (the
    # frozen synthetic world is stale by design: dbt's exit status is not checked).
    dbt = str(Path(python).with_name("dbt"))
    subprocess.run(
        [dbt, "source", "freshness"], env=env, cwd=REPO, capture_output=True, check=False
    )
    _run([python, "-m", "cse_ingest.freshness"], env)
    # As scripts/test.sh: Spark's event log on, for the person-id key leak test.
    submit = f"--conf spark.eventLog.enabled=true --conf spark.eventLog.dir={event_log.as_uri()}"
    build_env = {**env, "PYSPARK_SUBMIT_ARGS": f"{submit} pyspark-shell"}
    _run([dbt, "build"], build_env)
    return TinyBuild(
        warehouse=warehouse,
        data=data,
        target=root / "target",
        logs=root / "logs",
        event_log=event_log,
        person_id_key=TINY_PERSON_ID_KEY,
    )


@pytest.fixture(scope="session")
def tiny_build(tmp_path_factory: pytest.TempPathFactory) -> TinyBuild:
    """The tiny warehouse and data set: the test command's, or built here."""
    warehouse, data = os.environ.get("CSE_TINY_WAREHOUSE"), os.environ.get("CSE_TINY_DATA")
    if warehouse and data:

        def folder(name: str) -> Path | None:
            return Path(os.environ[name]) if os.environ.get(name) else None

        return TinyBuild(
            warehouse=Path(warehouse),
            data=Path(data),
            target=folder("CSE_TINY_TARGET"),
            logs=folder("CSE_TINY_LOGS"),
            event_log=folder("CSE_TINY_EVENT_LOG"),
            person_id_key=os.environ.get(KEY_ENV_VAR) or None,
        )
    return _build_tiny(tmp_path_factory.mktemp("tiny-build"))


@pytest.fixture(scope="session")
def tiny_marts(tiny_build: TinyBuild, tmp_path_factory: pytest.TempPathFactory) -> Marts:
    """Schemas and rows of the published marts (schema ``marts``) of the tiny build:
    the test command's dump of them (``CSE_TINY_MARTS``), or read here."""
    schema = os.environ.get("CSE_SCHEMA_PREFIX", "") + "marts"
    dumped = os.environ.get("CSE_TINY_MARTS")
    if (
        dumped
        and os.environ.get("CSE_TINY_WAREHOUSE")
        and (Path(dumped) / "_schemas.json").exists()
    ):
        marts = load_marts(Path(dumped))
        if marts.schema_name == schema:
            return marts
    return read_published_marts(tiny_build.warehouse, schema, tmp_path_factory.mktemp("tiny-marts"))


# Fixtures that start a JVM or read the tiny warehouse: tests using them are `spark`
# tests, left out of `make test-fast` (see the README, "Tests").
_SPARK_FIXTURES = {"spark", "tiny_build", "tiny_marts"}
# Fixtures that run the dbt CLI (`run-operation` on the macros-only project of
# tests/python/marts/conftest.py): tests using them are `dbt` tests.
_DBT_FIXTURES = {"run_operation", "macro_project"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if _SPARK_FIXTURES & fixtures:
            item.add_marker(pytest.mark.spark)
        if _DBT_FIXTURES & fixtures:
            item.add_marker(pytest.mark.dbt)
