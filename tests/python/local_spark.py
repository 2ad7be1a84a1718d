"""A small local SparkSession for the tests that start their own Spark.

Such a test module opens a session of its own (not the tiny warehouse's: see
``conftest.py``) with its warehouse, Derby home and the test command's short-run
JVM flags (``CSE_SPARK_DRIVER_JAVA_OPTIONS``, README "Tests") in a temporary folder,
through the project's one SparkSession builder (``build_session``: quiet logging and
the executors' Python chosen as everywhere else), on Spark's in-memory catalog.
"""

from __future__ import annotations

import os
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
    from dbt.adapters.sparksession.connections import build_session

    jvm_flags = os.environ.get("CSE_SPARK_DRIVER_JAVA_OPTIONS", "")
    session = build_session(
        {
            "spark.master": "local[2]",
            "spark.app.name": app_name,
            "spark.ui.enabled": "false",
            "spark.sql.warehouse.dir": str(folder / "warehouse"),
            "spark.driver.extraJavaOptions": f"-Dderby.system.home={folder} {jvm_flags}",
            # Hive's per-session folder in the test's folder, as profiles.yml puts it in
            # the warehouse: not left in /tmp
            "spark.hadoop.hive.downloaded.resources.dir": (
                f"{folder}/tmp/${{hive.session.id}}_resources"
            ),
            **(conf or {}),
        },
        hive=False,
    )
    try:
        yield session
    finally:
        session.stop()
