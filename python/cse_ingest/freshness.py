"""The freshness log: ``dbt source freshness`` results of each load, in ``raw.freshness_log``.

The main job checks source freshness on the freshly loaded ``raw`` tables, then
``python -m cse_ingest.freshness`` appends one row per checked source table to
``raw.freshness_log``, stamped with the load the raw tables held when it was
checked. Declared as the dbt source ``loader.freshness_log``: ``rpt_run_audit``
lists the last check of the load the marts were built from (SOURCE_FRESHNESS
rows) and ``python -m cse_networks.summary`` prints them. The loader creates the
table empty, so a build that checked nothing says so instead of failing.
Results hold source names, statuses and times only: no data values.
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cse_ingest.audit import append_rows

__all__ = [
    "FRESHNESS_LOG_TABLE",
    "FreshnessLogRow",
    "FreshnessResultsError",
    "ensure_freshness_log",
    "freshness_rows",
    "write_freshness_log",
]

FRESHNESS_LOG_TABLE = "freshness_log"
_SOURCE_PREFIX = "source."
_STATUSES = ("pass", "warn", "error", "runtime error")

log = logging.getLogger(__name__)


class FreshnessResultsError(ValueError):
    """The freshness results file is not what ``dbt source freshness`` writes."""


@dataclass(frozen=True)
class FreshnessLogRow:
    """One source table of one freshness check (columns of ``raw.freshness_log``, in order)."""

    check_id: str  # invocation id of the `dbt source freshness` run
    checked_at: datetime.datetime  # when dbt wrote the results (UTC, naive)
    load_id: str | None  # the load the raw tables held (latest in load_log), None before any
    source_name: str
    table_name: str
    status: str  # pass, warn, error or runtime error (dbt's words)
    max_loaded_at: datetime.datetime | None  # newest loaded_at dbt found (UTC, naive)
    age_seconds: float | None  # checked time minus max_loaded_at
    warn_after: str | None  # e.g. "7 day"
    error_after: str | None  # e.g. "30 day"


def _utc(value: str | None) -> datetime.datetime | None:
    """An ISO time from dbt's artefact as naive UTC (None stays None)."""
    if not value:
        return None
    parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(datetime.UTC).replace(tzinfo=None)
    return parsed


def _threshold(criteria: dict[str, Any], key: str) -> str | None:
    """A freshness threshold as "<count> <period>", None when not declared."""
    rule = criteria.get(key) or {}
    if rule.get("count") is None or not rule.get("period"):
        return None
    return f"{rule['count']} {rule['period']}"


def freshness_rows(results: dict[str, Any], load_id: str | None) -> list[FreshnessLogRow]:
    """Rows of the freshness log from ``target/sources.json`` (parsed), sorted by source table.

    ``load_id`` is the load the raw tables held when freshness was checked.
    Raises :class:`FreshnessResultsError` on a file that is not freshness results.
    """
    metadata = results.get("metadata") or {}
    check_id = metadata.get("invocation_id")
    checked_at = _utc(metadata.get("generated_at"))
    if not check_id or checked_at is None or not isinstance(results.get("results"), list):
        raise FreshnessResultsError(
            "not dbt source freshness results (no metadata.invocation_id, "
            "metadata.generated_at or results list)"
        )
    rows = []
    for result in results["results"]:
        unique_id = str(result.get("unique_id", ""))
        parts = unique_id.split(".")
        status = result.get("status")
        if not unique_id.startswith(_SOURCE_PREFIX) or len(parts) != 4 or status not in _STATUSES:
            raise FreshnessResultsError(
                f"unexpected freshness result: unique_id {unique_id!r}, status {status!r}"
            )
        criteria = result.get("criteria") or {}
        age = result.get("max_loaded_at_time_ago_in_s")
        rows.append(
            FreshnessLogRow(
                check_id=str(check_id),
                checked_at=checked_at,
                load_id=load_id,
                source_name=parts[2],
                table_name=parts[3],
                status=status,
                max_loaded_at=_utc(result.get("max_loaded_at")),
                age_seconds=None if age is None else float(age),
                warn_after=_threshold(criteria, "warn_after"),
                error_after=_threshold(criteria, "error_after"),
            )
        )
    return sorted(rows, key=lambda r: (r.source_name, r.table_name))


def _schema() -> Any:
    from pyspark.sql import types as t

    return t.StructType(
        [
            t.StructField("check_id", t.StringType(), False),
            t.StructField("checked_at", t.TimestampType(), False),
            t.StructField("load_id", t.StringType(), True),
            t.StructField("source_name", t.StringType(), False),
            t.StructField("table_name", t.StringType(), False),
            t.StructField("status", t.StringType(), False),
            t.StructField("max_loaded_at", t.TimestampType(), True),
            t.StructField("age_seconds", t.DoubleType(), True),
            t.StructField("warn_after", t.StringType(), True),
            t.StructField("error_after", t.StringType(), True),
        ]
    )


def _write(spark: Any, schema: str, rows: list[FreshnessLogRow]) -> None:
    append_rows(spark, f"{schema}.{FRESHNESS_LOG_TABLE}", rows, _schema())


def ensure_freshness_log(spark: Any, schema: str) -> None:
    """Create ``<schema>.freshness_log`` empty when absent (the loader calls this)."""
    if not spark.catalog.tableExists(f"{schema}.{FRESHNESS_LOG_TABLE}"):
        _write(spark, schema, [])


def write_freshness_log(spark: Any, schema: str, rows: list[FreshnessLogRow]) -> None:
    """Append ``rows`` to ``<schema>.freshness_log`` (created when absent)."""
    _write(spark, schema, rows)


def _latest_load_id(spark: Any, schema: str) -> str | None:
    """The load the raw tables hold: the latest in ``<schema>.load_log``, None without one."""
    table = f"{schema}.load_log"
    if not spark.catalog.tableExists(table):
        return None
    latest = spark.table(table).orderBy("loaded_at", "load_id", ascending=False).first()
    return None if latest is None else str(latest["load_id"])


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: record ``target/sources.json`` in ``raw.freshness_log``."""
    parser = argparse.ArgumentParser(
        prog="python -m cse_ingest.freshness", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=Path(os.environ.get("DBT_TARGET_PATH", "target")) / "sources.json",
        help="results of dbt source freshness (default $DBT_TARGET_PATH/sources.json)",
    )
    parser.add_argument(
        "--target", default=None, help="profiles.yml target (default $CSE_TARGET or local)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if not args.results.exists():
        log.error("no freshness results at %s: run dbt source freshness first", args.results)
        return 2
    try:
        results = json.loads(args.results.read_text(encoding="utf-8"))
        from cse_ingest.load import raw_schema
        from cse_networks.spark import get_spark

        spark = get_spark(target=args.target, executor_python=False)  # JVM-only work
        schema = raw_schema()
        rows = freshness_rows(results, _latest_load_id(spark, schema))
    except (json.JSONDecodeError, FreshnessResultsError) as exc:
        log.error("freshness results not recorded: %s: %s", args.results, exc)
        return 2
    write_freshness_log(spark, schema, rows)
    statuses = sorted({r.status for r in rows})
    log.info(
        "freshness check %s of load %s: %d source tables (%s) logged in %s.%s",
        rows[0].check_id if rows else "-",
        rows[0].load_id if rows else "-",
        len(rows),
        ", ".join(statuses) or "none",
        schema,
        FRESHNESS_LOG_TABLE,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
