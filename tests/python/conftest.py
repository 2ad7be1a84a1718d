"""Shared fixtures: the tiny warehouse built by the test command, and its marts.

The test command (``scripts/test.sh``) builds the tiny warehouse before pytest
and exports ``CSE_TINY_WAREHOUSE`` (warehouse folder) and ``CSE_TINY_DATA``
(data folder with ``raw/`` and ``truth/``). Without them, ``tiny_build``
generates, loads and builds a tiny warehouse in a temporary folder (slow).

Marts are read in a child process: a JVM keeps the Derby metastore location of
its first SparkSession, so opening the tiny warehouse in the pytest process
could silently read another test's metastore. The child opens Spark with
``CSE_WAREHOUSE_DIR=$CSE_TINY_WAREHOUSE`` through ``cse_networks.spark.get_spark``
and writes each mart's Spark schema and rows (never the restricted identity
mart's rows) to a temporary folder.
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
    """Where the tiny build lives."""

    warehouse: Path
    data: Path


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
    env = {
        **os.environ,
        "CSE_WAREHOUSE_DIR": str(warehouse),
        "DBT_TARGET_PATH": str(root / "target"),
        "DBT_LOG_PATH": str(root / "logs"),
        "DBT_PROFILES_DIR": str(REPO),
    }
    python = sys.executable
    gen = [python, "-m", "cse_synth.generate", "--scale", "tiny", "--seed", "42"]
    _run([*gen, "--out", str(data)], env)
    _run([python, "-m", "cse_synth.load", "--data", str(data / "raw")], env)
    _run([str(Path(python).with_name("dbt")), "build"], env)
    return TinyBuild(warehouse=warehouse, data=data)


@pytest.fixture(scope="session")
def tiny_build(tmp_path_factory: pytest.TempPathFactory) -> TinyBuild:
    """The tiny warehouse and data set: the test command's, or built here."""
    warehouse, data = os.environ.get("CSE_TINY_WAREHOUSE"), os.environ.get("CSE_TINY_DATA")
    if warehouse and data:
        return TinyBuild(warehouse=Path(warehouse), data=Path(data))
    return _build_tiny(tmp_path_factory.mktemp("tiny-build"))


@pytest.fixture(scope="session")
def tiny_marts(tiny_build: TinyBuild, tmp_path_factory: pytest.TempPathFactory) -> Marts:
    """Schemas and rows of the published marts (schema ``marts``) of the tiny build."""
    out = tmp_path_factory.mktemp("tiny-marts")
    schema = os.environ.get("CSE_SCHEMA_PREFIX", "") + "marts"
    env = {**os.environ, "CSE_WAREHOUSE_DIR": str(tiny_build.warehouse)}
    _run([sys.executable, "-c", _DUMP_SCRIPT, str(out), schema, ",".join(RESTRICTED_MARTS)], env)
    schemas = json.loads((out / "_schemas.json").read_text())
    frames = {path.stem: pd.read_parquet(path) for path in sorted(out.glob("*.parquet"))}
    return Marts(schema_name=schema, schemas=schemas, frames=frames)
