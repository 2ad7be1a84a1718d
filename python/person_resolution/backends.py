"""Database backends for Splink: DuckDB in the driver, or the caller's Spark session."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

__all__ = ["BACKENDS", "Backend", "exact_sums", "make_db_api", "quiet_splink_logging"]

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


@contextmanager
def exact_sums(db_api: Any) -> Iterator[None]:
    """One DuckDB thread inside the block: sums added in one order, the same on every run.

    DuckDB's threads add a parallel aggregate's floating-point parts in the order they
    finish, so expectation maximisation on the same records with the same seed gave m
    probabilities that differed in the last bit (about one training in ten on ``tiny``;
    the retrain test caught it). Training inside this block saves the same model on
    every run; DuckDB's thread count is restored after it, so scoring stays parallel
    (a pair's score is computed row by row, in any order the same). A Spark backend is
    left as it is.
    """
    con = getattr(db_api, "duckdb_con", None)
    if con is None:
        yield
        return
    threads = int(con.execute("select current_setting('threads')").fetchone()[0])
    con.execute("set threads = 1")
    try:
        yield
    finally:
        con.execute(f"set threads = {threads}")
