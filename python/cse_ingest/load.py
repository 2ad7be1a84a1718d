"""Load a folder of raw extracts (CSV or Parquet) into the ``raw`` schema of a target.

Usage::

    python -m cse_ingest.load --data DIR [--formats FILE] [--target local]

Each contract table is read from ``<table>.parquet``, ``<table>.csv`` or a folder
``<table>/`` of parts. Nothing is replaced until every table passed every check;
then each table is written to ``raw.<table>__loading`` and renamed over
``raw.<table>``, so a failed load leaves the previous raw tables intact. The
checks, in order:

1. **Pre-scan** (``cse_ingest.scan``), one streaming pass per file: SHA-256,
   data rows, and for CSV the structure. A zero-byte file, a line not valid in
   the declared encoding, a ragged row (more or fewer fields than the header),
   an unclosed quote or a last line without a line break (a file cut short) stops
   the load with the file, the line and the field counts. A header-only file
   loads with a warning.
2. **Control totals**: when ``DIR/_manifest.json`` exists (``cse_contract.manifest``:
   file, rows, SHA-256, extract time per table file), every table's files, row
   count and hashes must match it; a mismatch names the table and both figures.
   Without one the load says so in one line and records that nothing was checked.
3. **Contract**: every column present (an extra column is a warning, then dropped),
   every value readable as its contract type. Dates and timestamps are read in
   the declared format (``cse_ingest.formats``: the contract's ``format``, or a
   formats file given with ``--formats`` / ``$CSE_INGEST_FORMATS``), never
   guessed; the error gives the count of unreadable values (never the values), the
   expected format and how to declare another. Spark's row count must equal the
   pre-scan's.

Every completed load appends one row per table to ``raw.load_log``
(``cse_ingest.audit``): load id, file name, size, SHA-256, rows read and loaded,
manifest checked, extract time, load time. Row-level problems (nulls, unknown
codes, duplicates) pass through to staging's quarantine. Exit status 2 and
nothing replaced on any structural problem.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import logging
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cse_contract import (
    MANIFEST_NAME,
    ContractError,
    Manifest,
    TableSpec,
    load_contract,
    read_contract_file,
    read_manifest,
)
from cse_ingest.audit import LoadLogRow, write_load_log
from cse_ingest.errors import LoadError
from cse_ingest.formats import (
    ISO_PATTERNS,
    TableFormat,
    declare_hint,
    declared_formats,
    formats_file_from_env,
)
from cse_ingest.freshness import ensure_freshness_log
from cse_ingest.scan import FileScan, scan_file

__all__ = [
    "LoadError",
    "PhaseClock",
    "SourceFile",
    "TableScan",
    "check_manifest",
    "find_sources",
    "load_raw",
    "main",
    "scan_sources",
    "validate",
]

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


_ROWS = "__rows__"  # the row count, computed in the same pass as the type checks


@dataclass(frozen=True)
class SourceFile:
    """Where one contract table is read from."""

    table: str
    path: Path
    fmt: str  # "parquet" or "csv"

    def files(self) -> list[Path]:
        """The file, or the folder's parts in name order (hidden and ``_`` files skipped)."""
        if not self.path.is_dir():
            return [self.path]
        return sorted(
            p
            for p in self.path.iterdir()
            if p.is_file() and p.suffix == f".{self.fmt}" and not p.name.startswith((".", "_"))
        )


@dataclass(frozen=True)
class TableScan:
    """One table's files as the pre-scan found them."""

    source: SourceFile
    files: tuple[FileScan, ...]

    @property
    def rows(self) -> int:
        """Data rows over all files."""
        return sum(f.rows for f in self.files)

    @property
    def size(self) -> int:
        """Bytes over all files."""
        return sum(f.size for f in self.files)

    def name(self, data: Path) -> str:
        """The file (or folder of parts, ending in ``/``) relative to the extract folder."""
        relative = self.source.path.relative_to(data).as_posix()
        return relative + "/" if self.source.path.is_dir() else relative

    def sha256(self, data: Path) -> str:
        """One file: its SHA-256; parts: SHA-256 of the ``<relative name> <sha256>`` lines."""
        if len(self.files) == 1 and not self.source.path.is_dir():
            return self.files[0].sha256
        listing = "".join(f"{f.path.relative_to(data).as_posix()} {f.sha256}\n" for f in self.files)
        return hashlib.sha256(listing.encode()).hexdigest()


class PhaseClock:
    """Wall seconds per phase of one load, for the log line ``phases (s): name=seconds ...``.

    ``benchmarks.load_bench`` reads that line to measure what the checks themselves cost
    (pre-scan, control totals, load log) within the same run as the rest of the load.
    """

    PREFIX = "phases (s):"

    def __init__(self) -> None:
        self._last = time.perf_counter()
        self.seconds: dict[str, float] = {}

    def lap(self, phase: str) -> None:
        """Close ``phase`` at now."""
        now = time.perf_counter()
        self.seconds[phase] = round(now - self._last, 3)
        self._last = now

    def line(self) -> str:
        """The log line: ``phases (s): pre_scan=0.412 control_totals=0.001 ...``."""
        return f"{self.PREFIX} " + " ".join(f"{k}={v}" for k, v in self.seconds.items())

    @classmethod
    def parse(cls, log_text: str) -> dict[str, float] | None:
        """Seconds per phase from the first ``phases (s):`` line of a log (None: no line)."""
        line = next((x for x in log_text.splitlines() if cls.PREFIX in x), None)
        if line is None:
            return None
        pairs = (part.split("=") for part in line.split(cls.PREFIX, 1)[1].split())
        return {name: float(value) for name, value in pairs}


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


def _read(spark: Any, src: SourceFile, fmt: TableFormat) -> Any:
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
        .option("encoding", fmt.spark_encoding)
        .csv(path)
    )


def _typed(source: str, spark_type: str, pattern: str | None) -> Any:
    """A text column read as ``spark_type`` (null where unreadable), in the declared pattern."""
    from pyspark.sql import functions as F  # noqa: N812

    if pattern is None or pattern == ISO_PATTERNS.get(spark_type):
        return F.expr(f"try_cast(`{source}` as {spark_type})")
    parsed = F.try_to_timestamp(F.col(f"`{source}`"), F.lit(pattern))
    return parsed.cast("date") if spark_type == "date" else parsed


def validate(
    spark: Any,
    src: SourceFile,
    spec: TableSpec,
    fmt: TableFormat | None = None,
    *,
    expected_rows: int | None = None,
) -> Any:
    """Check one source against its contract table; return the typed DataFrame to write.

    Raises
    ------
    LoadError
        Missing column, values that cannot be read as the contract type in the
        declared format (message names the file, column, the number of bad values,
        the expected format and how to declare another), or a row count that
        differs from the pre-scan's ``expected_rows``.
    """
    from pyspark.sql import functions as F  # noqa: N812

    fmt = fmt or TableFormat(encoding="utf-8", patterns={})
    df = _read(spark, src, fmt)
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
        typed = _typed(source, target, fmt.patterns.get(col.name))
        checks.append(
            F.sum(F.when(value.isNotNull() & typed.isNull(), 1).otherwise(0)).alias(col.name)
        )
        casts.append(typed.alias(col.name))
    if expected_rows is not None and (checks or src.fmt == "csv"):
        checks.append(F.count(F.lit(1)).alias(_ROWS))
    if checks:
        bad = df.agg(*checks).collect()[0].asDict()
        rows = bad.pop(_ROWS, None)
        problems = {k: int(v or 0) for k, v in bad.items() if v}
        if problems:
            raise LoadError(f"{src.path}: {_unreadable(spec, fmt, problems)} (table {spec.name})")
        if rows is not None and int(rows) != expected_rows:
            raise LoadError(
                f"{src.path}: Spark read {rows} row(s), the pre-scan counted {expected_rows} "
                f"(table {spec.name}); the file's quoting is not what the contract expects"
            )
    return df.select(*casts)


def _unreadable(spec: TableSpec, fmt: TableFormat, problems: dict[str, int]) -> str:
    """Per column: how many values were unreadable, as what, and how to declare another."""
    types = {c.name: _SPARK_TYPES[c.type] for c in spec.columns}
    parts = []
    for column, n in problems.items():
        kind = types[column]
        pattern = fmt.patterns.get(column)
        if pattern is None:
            parts.append(f"column {column}: {n} value(s) not readable as {kind}")
            continue
        iso = " (ISO 8601)" if pattern == ISO_PATTERNS.get(kind) else ""
        example = "dd/MM/yyyy" if kind == "date" else "'dd/MM/yyyy HH:mm:ss'"
        parts.append(
            f"column {column}: {n} value(s) not readable as {kind} in the declared format "
            f"{pattern}{iso}; {declare_hint(spec.name, column, example)}"
        )
    return "; ".join(parts)


def scan_sources(
    sources: dict[str, SourceFile], formats: dict[str, TableFormat]
) -> dict[str, TableScan]:
    """Pre-scan every file of every table (structure, rows, SHA-256); warn on empty tables."""
    scans = {}
    for name, src in sources.items():
        files = src.files()
        if not files:
            raise LoadError(f"{src.path}: folder holds no .{src.fmt} part (table {name})")
        scan = TableScan(
            src, tuple(scan_file(f, src.fmt, encoding=formats[name].encoding) for f in files)
        )
        if scan.rows == 0:
            log.warning("%s: no data rows, only a header (table %s loads empty)", src.path, name)
        scans[name] = scan
    return scans


def check_manifest(data: Path, manifest: Manifest, scans: dict[str, TableScan]) -> None:
    """Check every table's files, rows and hashes against the manifest.

    Raises
    ------
    LoadError
        Listing every mismatch: the table and both counts, or both hashes, or the
        files the manifest lists and the extract holds.
    """
    problems = []
    for name, scan in scans.items():
        listed = manifest.for_table(name)
        on_disk = {f.path.relative_to(data).as_posix(): f for f in scan.files}
        if not listed:
            problems.append(f"table {name}: not in the manifest")
            continue
        if {e.file for e in listed} != set(on_disk):
            problems.append(
                f"table {name}: the manifest lists {', '.join(e.file for e in listed)}, the "
                f"extract holds {', '.join(sorted(on_disk))}"
            )
            continue
        expected = sum(e.rows for e in listed)
        if expected != scan.rows:
            problems.append(f"table {name}: manifest {expected} rows, files {scan.rows} rows")
        for entry in listed:
            actual = on_disk[entry.file].sha256
            if entry.sha256 != actual:
                problems.append(
                    f"table {name}: {entry.file} SHA-256 {actual[:16]}... differs from the "
                    f"manifest's {entry.sha256[:16]}..."
                )
    unknown = sorted({e.table for e in manifest.entries} - set(scans))
    if unknown:
        log.warning("manifest lists table(s) not in the contract, ignored: %s", ", ".join(unknown))
    if problems:
        raise LoadError(f"control totals ({MANIFEST_NAME}) do not match: " + "; ".join(problems))


def _utc(value: str | None) -> datetime.datetime | None:
    """An ISO 8601 time from the manifest as naive UTC (None when absent or unreadable)."""
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        log.warning("manifest extracted_at %r is not ISO 8601; recorded as unknown", value)
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.UTC).replace(tzinfo=None)
    return moment


def load_raw(
    data: Path,
    *,
    target: str | None = None,
    spark: Any = None,
    formats_file: Path | None = None,
) -> dict[str, int]:
    """Check every table in ``data``, then replace the ``raw`` tables and log the load.

    Returns the row count loaded per table. ``formats_file`` declares encodings and
    date/timestamp patterns that differ from the contract (``cse_ingest.formats``).
    """
    data = Path(data)
    phases = PhaseClock()
    contract = load_contract()
    formats = declared_formats(contract, formats_file)
    sources = find_sources(data, list(contract))
    scans = scan_sources(sources, formats)
    phases.lap("pre_scan")
    manifest = read_manifest(data)
    if manifest is None:
        log.warning(
            "no control totals: %s not found beside the extract, so row counts and hashes "
            "are recorded but not checked against the sender's",
            MANIFEST_NAME,
        )
    else:
        check_manifest(data, manifest, scans)
        log.info("control totals checked: %d table(s) match %s", len(scans), MANIFEST_NAME)
    phases.lap("control_totals")
    if spark is None:
        from cse_networks.spark import get_spark

        # JVM-only work (read, type, write): no environment archive to ship.
        spark = get_spark(target, executor_python=False)
    phases.lap("spark_session")
    typed = {
        name: validate(
            spark, sources[name], contract[name], formats[name], expected_rows=scans[name].rows
        )
        for name in contract
    }
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
    phases.lap("contract_and_write")
    loaded_at = datetime.datetime.now(datetime.UTC).replace(tzinfo=None, microsecond=0)
    load_id = f"{loaded_at:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    rows = []
    for name, scan in scans.items():
        entries = manifest.for_table(name) if manifest else []
        extracted = next((e.extracted_at for e in entries if e.extracted_at), None)
        rows.append(
            LoadLogRow(
                load_id=load_id,
                loaded_at=loaded_at,
                table_name=name,
                file_name=scan.name(data),
                file_format=scan.source.fmt,
                file_encoding=formats[name].encoding if scan.source.fmt == "csv" else None,
                n_files=len(scan.files),
                file_size_bytes=scan.size,
                file_sha256=scan.sha256(data),
                rows_read=scan.rows,
                rows_loaded=counts[name],
                is_manifest_checked=manifest is not None,
                extracted_at=_utc(extracted or (manifest.extracted_at if manifest else None)),
                formats_file=Path(formats_file).name if formats_file else None,
            )
        )
    write_load_log(spark, schema, rows)
    # The freshness log (python -m cse_ingest.freshness) exists from the first
    # load on, so a build whose freshness was never checked says so.
    ensure_freshness_log(spark, schema)
    phases.lap("load_log")
    log.info("load %s logged in %s.load_log", load_id, schema)
    log.info("%s", phases.line())
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
        "--formats",
        type=Path,
        default=None,
        help="formats file: encodings and date/timestamp patterns that differ from the "
        "contract (default $CSE_INGEST_FORMATS; examples in contract/overlays/)",
    )
    parser.add_argument(
        "--target", default=None, help="profiles.yml target (default $CSE_TARGET or local)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        counts = load_raw(
            args.data, target=args.target, formats_file=args.formats or formats_file_from_env()
        )
    except (LoadError, ContractError) as exc:
        log.error("load stopped, nothing replaced: %s", exc)
        return 2
    for name, n in counts.items():
        log.info("raw.%s: %d rows", name, n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
