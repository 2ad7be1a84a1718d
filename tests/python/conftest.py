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
could silently read another test's metastore. The child opens Spark with
``CSE_WAREHOUSE_DIR=$CSE_TINY_WAREHOUSE`` through ``cse_networks.spark.get_spark``
and writes each mart's Spark schema and rows (never the restricted identity
mart's rows) to a temporary folder. If the metastore is busy (embedded Derby
allows one JVM), the newest published mart version's Parquet files are read
directly instead.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
RESTRICTED_MARTS = ("dim_person_identities",)
# The tiny build's person-id key: public (synthetic data), distinctive enough to
# search for, at least 32 bytes, and free of the words Spark's redaction regex
# matches (secret, password, token, access key), so a leak would show in clear.
TINY_PERSON_ID_KEY = "cse-tiny-leak-probe-5d1f0b9e7a3c28e4a6b0"
KEY_ENV_VAR = "DBT_ENV_SECRET_CSE_PERSON_ID_KEY"

_DUMP_SCRIPT = r"""
import json, os, sys
from cse_networks.spark import get_spark

out, schema, restricted = sys.argv[1], sys.argv[2], set(sys.argv[3].split(","))
spark = get_spark()
schemas = {}
for table in sorted(t.name for t in spark.catalog.listTables(schema)):
    frame = spark.table(f"{schema}.{table}")
    schemas[table] = {f.name: f.dataType.simpleString() for f in frame.schema.fields}
    if table not in restricted:
        frame.toPandas().to_parquet(os.path.join(out, f"{table}.parquet"))
with open(os.path.join(out, "_schemas.json"), "w") as fh:
    json.dump(schemas, fh)
spark.stop()
"""


@dataclass(frozen=True)
class TinyBuild:
    """Where the tiny build lives, and what it wrote besides the warehouse."""

    warehouse: Path
    data: Path
    target: Path | None = None
    logs: Path | None = None
    event_log: Path | None = None
    person_id_key: str | None = None


@dataclass(frozen=True)
class Marts:
    """Spark schemas (column -> Spark type) and rows of the published marts."""

    schema_name: str
    schemas: dict[str, dict[str, str]]
    frames: dict[str, pd.DataFrame]


def _run(args: list[str], env: dict[str, str], cwd: Path = REPO) -> None:
    # Output is captured, never echoed: dbt and the loader log counts, not records.
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = "\n".join(result.stdout.splitlines()[-30:] + result.stderr.splitlines()[-30:])
        raise RuntimeError(f"{' '.join(args[:4])} failed ({result.returncode}):\n{tail}")


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
    }
    env.pop("CSE_PERSON_ID_KEY_FILE", None)
    python = sys.executable
    gen = [python, "-m", "cse_synth.generate", "--scale", "tiny", "--seed", "42"]
    _run([*gen, "--out", str(data)], env)
    _run([python, "-m", "cse_ingest.load", "--data", str(data / "raw")], env)
    # As scripts/test.sh: Spark's event log on, for the person-id key leak test.
    submit = f"--conf spark.eventLog.enabled=true --conf spark.eventLog.dir={event_log.as_uri()}"
    build_env = {**env, "PYSPARK_SUBMIT_ARGS": f"{submit} pyspark-shell"}
    _run([str(Path(python).with_name("dbt")), "build"], build_env)
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


_ARROW_TO_SPARK = {
    "string": "string",
    "large_string": "string",
    "int64": "bigint",
    "int32": "int",
    "double": "double",
    "bool": "boolean",
    "date32[day]": "date",
}


def _spark_type(arrow_type: object) -> str:
    """Spark's simple type name for an Arrow type as Spark writes it to Parquet."""
    import pyarrow as pa

    if pa.types.is_timestamp(arrow_type):
        return "timestamp"
    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type):
        return f"array<{_spark_type(arrow_type.value_type)}>"
    return _ARROW_TO_SPARK.get(str(arrow_type), str(arrow_type))


def _read_published_files(warehouse: Path, prefix: str) -> Marts:
    """Fallback without a metastore: the newest published mart version's Parquet files.

    Used when the Derby metastore is held by another process (embedded Derby allows
    one JVM at a time), e.g. a SparkSession other tests left open on the tiny warehouse.
    """
    import pyarrow.parquet as pq

    versions = sorted((warehouse / "warehouse").glob(f"{prefix}marts_v*.db"))
    if not versions:
        raise RuntimeError(f"no published mart version under {warehouse}")
    schemas, frames = {}, {}
    for folder in sorted(p for p in versions[-1].iterdir() if p.is_dir()):
        table = pq.read_table(folder)
        schemas[folder.name] = {f.name: _spark_type(f.type) for f in table.schema}
        if folder.name not in RESTRICTED_MARTS:
            frames[folder.name] = table.to_pandas()
    return Marts(schema_name=versions[-1].stem, schemas=schemas, frames=frames)


@pytest.fixture(scope="session")
def tiny_marts(tiny_build: TinyBuild, tmp_path_factory: pytest.TempPathFactory) -> Marts:
    """Schemas and rows of the published marts (schema ``marts``) of the tiny build."""
    out = tmp_path_factory.mktemp("tiny-marts")
    prefix = os.environ.get("CSE_SCHEMA_PREFIX", "")
    schema = prefix + "marts"
    env = {**os.environ, "CSE_WAREHOUSE_DIR": str(tiny_build.warehouse)}
    args = [sys.executable, "-c", _DUMP_SCRIPT, str(out), schema, ",".join(RESTRICTED_MARTS)]
    try:
        _run(args, env)
    except RuntimeError:
        return _read_published_files(tiny_build.warehouse, prefix)
    schemas = json.loads((out / "_schemas.json").read_text())
    frames = {path.stem: pd.read_parquet(path) for path in sorted(out.glob("*.parquet"))}
    return Marts(schema_name=schema, schemas=schemas, frames=frames)
