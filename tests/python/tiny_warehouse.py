"""The tiny warehouse's published marts, read as BI reads them (helpers of conftest.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

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


def read_published_marts(warehouse: Path, schema: str, out: Path) -> Marts:
    """Schemas and rows of every table and view of ``schema``, read through the metastore.

    Exactly what BI reads: the published views. Any failure (a broken view, a busy
    metastore) raises; nothing falls back to the Parquet files behind the views.
    """
    env = {**os.environ, "CSE_WAREHOUSE_DIR": str(warehouse)}
    _run([sys.executable, "-c", _DUMP_SCRIPT, str(out), schema, ",".join(RESTRICTED_MARTS)], env)
    schemas = json.loads((out / "_schemas.json").read_text())
    frames = {path.stem: pd.read_parquet(path) for path in sorted(out.glob("*.parquet"))}
    return Marts(schema_name=schema, schemas=schemas, frames=frames)
