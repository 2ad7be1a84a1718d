"""The tiny warehouse's published marts, read as BI reads them (helpers of conftest.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

REPO = Path(__file__).resolve().parents[2]
RESTRICTED_MARTS = ("dim_person_identities",)
# The tiny build's person-id key: public (synthetic data), distinctive enough to
# search for, at least 32 bytes, and free of the words Spark's redaction regex
# matches (secret, password, token, access key), so a leak would show in clear.
TINY_PERSON_ID_KEY = "cse-tiny-leak-probe-5d1f0b9e7a3c28e4a6b0"
KEY_ENV_VAR = "DBT_ENV_SECRET_CSE_PERSON_ID_KEY"
# The as-of date the tiny build runs with when the test command has not exported one
# (scripts/test.sh exports the synthetic world's own date, docs block as_of_date).
TINY_AS_OF_DEFAULT = "2026-11-01"


def tiny_as_of_date() -> str:
    """The CSE_AS_OF_DATE the tiny build is given: the exported one, else the default."""
    return os.environ.get("CSE_AS_OF_DATE", TINY_AS_OF_DEFAULT)


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


def dump_published_marts(spark: Any, schema: str, out: Path) -> None:
    """Write each table and view of ``schema`` as BI reads it: its Spark schema to
    ``out/_schemas.json`` and its rows (never a restricted mart's) to Parquet.

    Runs in the process that holds the warehouse's metastore; any failure raises.
    """
    schemas = {}
    for table in sorted(t.name for t in spark.catalog.listTables(schema)):
        frame = spark.table(f"{schema}.{table}")
        schemas[table] = {f.name: f.dataType.simpleString() for f in frame.schema.fields}
        if table not in RESTRICTED_MARTS:
            frame.toPandas().to_parquet(out / f"{table}.parquet")
    (out / "_schemas.json").write_text(json.dumps({"schema": schema, "tables": schemas}))


def load_marts(out: Path) -> Marts:
    """The marts a dump (``dump_published_marts``) wrote to ``out``."""
    dumped = json.loads((out / "_schemas.json").read_text())
    frames = {path.stem: pd.read_parquet(path) for path in sorted(out.glob("*.parquet"))}
    return Marts(schema_name=dumped["schema"], schemas=dumped["tables"], frames=frames)


def read_published_marts(warehouse: Path, schema: str, out: Path) -> Marts:
    """Schemas and rows of every table and view of ``schema``, read through the metastore.

    Exactly what BI reads: the published views, in a child process (this file's
    ``main``). Any failure (a broken view, a busy metastore) raises; nothing falls
    back to the Parquet files behind the views.
    """
    env = {**os.environ, "CSE_WAREHOUSE_DIR": str(warehouse)}
    _run([sys.executable, __file__, "--schema", schema, "--marts", str(out)], env)
    return load_marts(out)


def main(argv: list[str] | None = None) -> int:
    """Dump the published marts of ``$CSE_WAREHOUSE_DIR`` (``--marts``), and with
    ``--snapshot`` first take ``cse_networks.snapshot``'s canonical snapshot of the
    same schema, in one Spark session (scripts/test.sh, after the tiny build)."""
    import argparse

    from cse_networks.snapshot import snapshot_schema
    from cse_networks.spark import get_spark

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--schema", default="marts")
    parser.add_argument("--marts", type=Path, required=True)
    parser.add_argument("--snapshot", type=Path)
    args = parser.parse_args(argv)
    spark = get_spark(executor_python=False)  # toPandas only: no Python on the executors
    if args.snapshot:
        snapshot_schema(args.schema, args.snapshot)
    args.marts.mkdir(parents=True, exist_ok=True)
    dump_published_marts(spark, args.schema, args.marts)
    spark.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
