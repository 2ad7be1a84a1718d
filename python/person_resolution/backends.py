"""Database backends for Splink: DuckDB in the driver, or the caller's Spark session."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Any, Literal

__all__ = ["BACKENDS", "Backend", "make_db_api", "quiet_splink_logging"]

Backend = Literal["duckdb", "spark"]
BACKENDS: tuple[str, ...] = ("duckdb", "spark")


def quiet_splink_logging() -> None:
    """Silence Splink below WARNING: its INFO messages can quote values."""
    for name in ("splink", "splink.internals"):
        logging.getLogger(name).setLevel(logging.WARNING)


def make_db_api(backend: str, *, spark: Any = None, threads: int | None = None) -> Any:
    """Create the Splink database API of a backend.

    Parameters
    ----------
    backend : {"duckdb", "spark"}
        ``duckdb``: an in-memory DuckDB in this process, at most
        ``$CSE_DUCKDB_MEMORY_LIMIT`` (default 4GB) of memory, spilling to a temporary
        folder beyond it. ``spark``: the given session;
        Splink's similarity jar (Jaro-Winkler UDFs) is added to it at run time.
    spark : pyspark.sql.SparkSession, optional
        Required for ``spark``.
    threads : int, optional
        DuckDB threads (default: DuckDB's choice).

    Returns
    -------
    splink DatabaseAPI
    """
    quiet_splink_logging()
    if backend == "duckdb":
        import duckdb
        from splink import DuckDBAPI

        con = duckdb.connect()
        con.execute("set enable_progress_bar = false")
        # Bounded memory, spilling to disk: the driver also holds Spark's JVM.
        spill = Path(tempfile.gettempdir()) / "cse_duckdb_spill"
        con.execute(f"set memory_limit = '{os.environ.get('CSE_DUCKDB_MEMORY_LIMIT', '4GB')}'")
        con.execute(f"set temp_directory = '{spill}'")
        con.execute("set preserve_insertion_order = false")
        if threads:
            con.execute(f"set threads = {int(threads)}")
        return DuckDBAPI(connection=con)
    if backend == "spark":
        if spark is None:
            raise ValueError("backend 'spark' needs a SparkSession (spark=...)")
        from splink import SparkAPI
        from splink.backends.spark import similarity_jar_location

        # The session is already running: ADD JAR puts the UDF classes on its class path.
        spark.sql(f"ADD JAR '{similarity_jar_location()}'")
        return SparkAPI(spark_session=spark, break_lineage_method="persist")
    raise ValueError(f"unknown backend {backend!r}; expected one of {BACKENDS}")
