"""One local SparkSession builder for the tests that start their own small Spark.

Such a test module opens a session of its own (not the tiny warehouse's: see
``conftest.py``) with its warehouse, Derby home and the test command's short-run
JVM flags (``CSE_SPARK_DRIVER_JAVA_OPTIONS``, README "Tests") in a temporary folder.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest

__all__ = ["local_spark"]


@contextmanager
def local_spark(
    folder: Path, *, app_name: str, conf: Mapping[str, str] | None = None
) -> Iterator[object]:
    """A ``local[2]`` SparkSession with its warehouse and Derby home in ``folder``.

    ``conf`` adds settings (shuffle partitions, Arrow, ...). The session is stopped
    on leaving the block.
    """
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    jvm_flags = os.environ.get("CSE_SPARK_DRIVER_JAVA_OPTIONS", "")
    builder = (
        SparkSession.builder.master("local[2]")
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.warehouse.dir", str(folder / "warehouse"))
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={folder} {jvm_flags}")
        # Hive's per-session folder in the test's folder, as profiles.yml puts it in the
        # warehouse: not left in /tmp
        .config(
            "spark.hadoop.hive.downloaded.resources.dir",
            f"{folder}/tmp/${{hive.session.id}}_resources",
        )
    )
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    try:
        yield session
    finally:
        session.stop()
