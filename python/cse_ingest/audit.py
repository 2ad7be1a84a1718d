"""The load audit: one row per table for every completed load, in ``raw.load_log``.

Appended after every table of a load has been replaced, so the log names
exactly the extract the ``raw`` tables hold. Declared as the dbt source
``loader.load_log``; ``rpt_run_audit`` and ``python -m cse_networks.summary``
show the load the marts were built from. File names are relative to the
extract folder: no machine path is recorded.
"""

from __future__ import annotations

import datetime
from dataclasses import astuple, dataclass
from typing import Any

__all__ = ["LOAD_LOG_TABLE", "LoadLogRow", "append_rows", "write_load_log"]

LOAD_LOG_TABLE = "load_log"


@dataclass(frozen=True)
class LoadLogRow:
    """One table of one load (columns of ``raw.load_log``, in order)."""

    load_id: str
    loaded_at: datetime.datetime  # UTC, naive
    table_name: str
    file_name: str  # relative to the extract folder; a folder of parts ends with "/"
    file_format: str
    file_encoding: str | None  # CSV only
    n_files: int
    file_size_bytes: int
    file_sha256: str  # one file: its SHA-256; parts: SHA-256 of "<name> <sha256>\n" lines
    rows_read: int
    rows_loaded: int
    is_manifest_checked: bool
    extracted_at: datetime.datetime | None  # from the manifest, UTC, naive
    formats_file: str | None  # name of the formats file declared, if any


def _schema() -> Any:
    from pyspark.sql import types as t

    return t.StructType(
        [
            t.StructField("load_id", t.StringType(), False),
            t.StructField("loaded_at", t.TimestampType(), False),
            t.StructField("table_name", t.StringType(), False),
            t.StructField("file_name", t.StringType(), False),
            t.StructField("file_format", t.StringType(), False),
            t.StructField("file_encoding", t.StringType(), True),
            t.StructField("n_files", t.IntegerType(), False),
            t.StructField("file_size_bytes", t.LongType(), False),
            t.StructField("file_sha256", t.StringType(), False),
            t.StructField("rows_read", t.LongType(), False),
            t.StructField("rows_loaded", t.LongType(), False),
            t.StructField("is_manifest_checked", t.BooleanType(), False),
            t.StructField("extracted_at", t.TimestampType(), True),
            t.StructField("formats_file", t.StringType(), True),
        ]
    )


def append_rows(spark: Any, table: str, rows: list[Any], spark_schema: Any) -> None:
    """Append dataclass ``rows`` to the log table ``table`` (created when absent), one file."""
    frame = spark.createDataFrame([astuple(r) for r in rows], schema=spark_schema)
    frame.coalesce(1).write.format("parquet").mode("append").saveAsTable(table)


def write_load_log(spark: Any, schema: str, rows: list[LoadLogRow]) -> None:
    """Append ``rows`` to ``<schema>.load_log`` (created on the first load)."""
    append_rows(spark, f"{schema}.{LOAD_LOG_TABLE}", rows, _schema())
