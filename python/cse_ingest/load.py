"""Load a folder of raw extracts (CSV or Parquet) into the ``raw`` schema of a target.

Usage::

    python -m cse_ingest.load --data DIR/raw [--target local]

Each contract table is read from ``<table>.parquet``, ``<table>.csv`` or a folder
``<table>/`` of parts. Every file is validated first; only when all are
structurally sound is anything replaced, table by table via
``raw.<table>__loading`` and a rename, so a failed load leaves the previous raw
tables intact.

Structural problems stop the load (``LoadError`` naming file and column): a
missing table file, a missing column, a value that cannot be read as its
contract type (CSV values are read as strings and cast; the error gives the
count of bad values, never the values). An extra column is a warning, then
dropped. Row-level problems (nulls, unknown codes, duplicates) pass through.
"""

from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cse_contract import ContractError, TableSpec, load_contract, read_contract_file

__all__ = ["LoadError", "SourceFile", "find_sources", "load_raw", "main", "validate"]

log = logging.getLogger("cse_ingest.load")

_SPARK_TYPES = {
    "string": "string",
    "timestamp": "timestamp",
    "date": "date",
    "boolean": "boolean",
    "int": "int",
}


# source type -> contract type conversions that cannot fail
_SAFE_CASTS = {
    ("timestamp_ntz", "timestamp"),
    ("date", "timestamp"),
    ("tinyint", "int"),
    ("smallint", "int"),
}


class LoadError(RuntimeError):
    """A structural problem that stops the load before anything is replaced."""


@dataclass(frozen=True)
class SourceFile:
    """Where one contract table is read from."""

    table: str
    path: Path
    fmt: str  # "parquet" or "csv"


def raw_schema() -> str:
    """The contract's raw schema name (``raw``)."""
    return str(read_contract_file("raw_sources.yml").get("schema", "raw"))


def find_sources(data: Path, tables: list[str]) -> dict[str, SourceFile]:
    """Locate each contract table's file or folder of parts in ``data``."""
    if not data.is_dir():
        raise LoadError(f"data folder {data} does not exist")
    found: dict[str, SourceFile] = {}
    missing = []
    for table in tables:
        candidates = [
            (data / f"{table}.parquet", "parquet"),
            (data / f"{table}.csv", "csv"),
        ]
        folder = data / table
        if folder.is_dir():
            kinds = {
                p.suffix
                for p in folder.iterdir()
                if p.is_file() and not p.name.startswith((".", "_"))
            }
            if ".parquet" in kinds:
                candidates.insert(0, (folder, "parquet"))
            elif ".csv" in kinds:
                candidates.insert(0, (folder, "csv"))
        hit = next(((p, f) for p, f in candidates if p.exists()), None)
        if hit is None:
            missing.append(f"{table}.parquet / {table}.csv / {table}/")
            continue
        found[table] = SourceFile(table, hit[0], hit[1])
    if missing:
        raise LoadError(f"missing table file(s) in {data}: " + ", ".join(missing))
    return found


def _read(spark: Any, src: SourceFile) -> Any:
    if src.fmt == "parquet":
        path = str(src.path / "*.parquet") if src.path.is_dir() else str(src.path)
        return spark.read.parquet(path)
    path = str(src.path / "*.csv") if src.path.is_dir() else str(src.path)
    # every CSV value is read as text, then cast to its contract type
    return (
        spark.read.option("header", True)
        .option("inferSchema", False)
        .option("escape", '"')
        .option("multiLine", True)
        .csv(path)
    )


def validate(spark: Any, src: SourceFile, spec: TableSpec) -> Any:
    """Check one source against its contract table; return the typed DataFrame to write.

    Raises
    ------
    LoadError
        Missing column, or values that cannot be cast to the contract type
        (message names the file and column, and the number of bad values).
    """
    from pyspark.sql import functions as F  # noqa: N812

    df = _read(spark, src)
    present = {c.lower(): c for c in df.columns}
    missing = [c.name for c in spec.columns if c.name.lower() not in present]
    if missing:
        raise LoadError(f"{src.path}: missing column(s) {', '.join(missing)} (table {spec.name})")
    wanted = {c.name.lower() for c in spec.columns}
    extra = sorted(c for c in df.columns if c.lower() not in wanted)
    if extra:
        log.warning(
            "%s: extra column(s) %s ignored (table %s)", src.path, ", ".join(extra), spec.name
        )
    types = dict(df.dtypes)
    checks, casts = [], []
    for col in spec.columns:
        source = present[col.name.lower()]
        target = _SPARK_TYPES[col.type]
        value = F.col(f"`{source}`")
        if types[source] == target:
            casts.append(value.alias(col.name))
            continue
        if (types[source], target) in _SAFE_CASTS:
            # every value converts (UTC session): no need to scan for failures
            casts.append(value.cast(target).alias(col.name))
            continue
        typed = F.expr(f"try_cast(`{source}` as {target})")
        checks.append(
            F.sum(F.when(value.isNotNull() & typed.isNull(), 1).otherwise(0)).alias(col.name)
        )
        casts.append(typed.alias(col.name))
    if checks:
        bad = df.agg(*checks).collect()[0].asDict()
        problems = {k: int(v or 0) for k, v in bad.items() if v}
        if problems:
            wanted_type = {c.name: _SPARK_TYPES[c.type] for c in spec.columns}
            detail = "; ".join(
                f"column {k}: {n} value(s) not readable as {wanted_type[k]}"
                for k, n in problems.items()
            )
            raise LoadError(f"{src.path}: {detail} (table {spec.name})")
    return df.select(*casts)


def load_raw(data: Path, *, target: str | None = None, spark: Any = None) -> dict[str, int]:
    """Validate every table in ``data``, then replace the ``raw`` tables; return row counts."""
    contract = load_contract()
    sources = find_sources(Path(data), list(contract))
    if spark is None:
        from cse_networks.spark import get_spark

        spark = get_spark(target)
    typed = {name: validate(spark, sources[name], contract[name]) for name in contract}
    schema = raw_schema()
    if not spark.catalog.databaseExists(schema):  # (create-if-not-exists logs a Hive ERROR)
        spark.sql(f"create database {schema}")
    counts = {}
    for name, df in typed.items():
        staging = f"{schema}.{name}__loading"
        spark.sql(f"drop table if exists {staging}")
        df.write.format("parquet").mode("overwrite").saveAsTable(staging)
        spark.sql(f"drop table if exists {schema}.{name}")
        spark.sql(f"alter table {staging} rename to {schema}.{name}")
        counts[name] = spark.table(f"{schema}.{name}").count()
    return counts


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m cse_ingest.load", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--data", type=Path, required=True, help="folder of <table>.parquet/.csv files"
    )
    parser.add_argument(
        "--target", default=None, help="profiles.yml target (default $CSE_TARGET or local)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        counts = load_raw(args.data, target=args.target)
    except (LoadError, ContractError) as exc:
        log.error("load stopped, nothing replaced: %s", exc)
        return 2
    for name, n in counts.items():
        log.info("raw.%s: %d rows", name, n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
