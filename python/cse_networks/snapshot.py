"""Dump every table or view of a schema to Parquet, rows in a canonical order.

Used to compare two runs row for row (determinism) and to read a warehouse
from a process other than the one holding its Derby metastore:

    python -m cse_networks.snapshot --schema marts --out DIR [--also audit.publish_log]

``--also SCHEMA.TABLE`` adds single tables of other schemas under ``DIR/_also/`` in the
same Spark session (one JVM start-up instead of one per schema).

Values are written as-is to files under ``DIR`` (inside the warehouse's
git-ignored local state, like the warehouse itself); nothing is printed but
table names and row counts.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from cse_networks.spark import get_spark

__all__ = ["canonical", "canonical_order", "main", "snapshot_schema"]


def canonical_order(frame: pd.DataFrame) -> pd.Index:
    """The frame's index labels with rows sorted by every column's text form (columns
    taken by name; ties keep their order)."""
    if len(frame) == 0:
        return frame.index
    frame = frame.reindex(sorted(frame.columns), axis=1)
    keys = frame.apply(lambda col: col.map(lambda v: json.dumps(v, default=str, sort_keys=True)))
    return keys.sort_values(list(keys.columns), kind="stable").index


def canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows sorted by every column's text form, columns by name; index reset."""
    frame = frame.reindex(sorted(frame.columns), axis=1)
    return frame.loc[canonical_order(frame)].reset_index(drop=True)


def _write(spark, qualified_name: str, path: Path) -> int:
    frame = canonical(spark.table(qualified_name).toPandas())
    # Arrays become lists of text so Parquet round-trips them exactly.
    for col in frame.columns:
        if frame[col].map(lambda v: hasattr(v, "__len__") and not isinstance(v, str)).any():
            frame[col] = frame[col].map(
                lambda v: json.dumps(list(v), default=str) if v is not None else None
            )
    frame.to_parquet(path, index=False)
    return len(frame)


def snapshot_schema(
    schema: str, out: Path, tables: list[str] | None = None, also: list[str] | None = None
) -> dict[str, int]:
    """Write ``out/<table>.parquet`` for every table of ``schema`` (or the named ones),
    and ``out/_also/<schema.table>.parquet`` for each qualified name in ``also``
    that exists."""
    spark = get_spark(executor_python=False)  # toPandas only: no Python on the executors
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for row in spark.sql(f"show tables in {schema}").collect():
        if row.isTemporary or (tables and row.tableName not in tables):
            continue
        counts[row.tableName] = _write(
            spark, f"{schema}.{row.tableName}", out / f"{row.tableName}.parquet"
        )
    for name in also or []:
        other_schema, table = name.split(".", 1)
        if spark.catalog.tableExists(table, other_schema):
            (out / "_also").mkdir(exist_ok=True)
            counts[name] = _write(spark, name, out / "_also" / f"{name}.parquet")
    (out / "_counts.json").write_text(json.dumps(counts, indent=2, sort_keys=True))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schema", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--tables", default="", help="comma-separated subset (default: all)")
    parser.add_argument(
        "--also", action="append", default=[], help="SCHEMA.TABLE of another schema (repeatable)"
    )
    args = parser.parse_args(argv)
    tables = [t for t in args.tables.split(",") if t]
    counts = snapshot_schema(args.schema, args.out, tables or None, args.also)
    print(f"snapshot of {args.schema}: {len(counts)} tables, {sum(counts.values())} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
