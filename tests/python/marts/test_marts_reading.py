"""Negative control of the ``tiny_marts`` fixture: a broken published view fails the read.

The marts tests read the published views (what BI reads) through
``read_published_marts``. A view whose table has gone must raise there, not be
papered over by reading Parquet files behind the metastore's back.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tiny_warehouse import REPO, read_published_marts

pytestmark = pytest.mark.spark

_BREAK_A_VIEW = """
from cse_networks.spark import get_spark

spark = get_spark()
spark.sql("create database marts_v1")
spark.sql("create table marts_v1.fct_networks using parquet as select 'N1' as network_id")
spark.sql("create database marts")
spark.sql("create view marts.fct_networks as select * from marts_v1.fct_networks")
spark.sql("drop table marts_v1.fct_networks")
spark.stop()
"""


def test_a_broken_published_view_fails_the_marts_read(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse"
    env = {**os.environ, "CSE_WAREHOUSE_DIR": str(warehouse), "CSE_SCHEMA_PREFIX": ""}
    subprocess.run(
        [sys.executable, "-c", _BREAK_A_VIEW], cwd=REPO, env=env, check=True, capture_output=True
    )
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(RuntimeError, match="failed") as failure:
        read_published_marts(warehouse, "marts", out)
    # it failed for the broken view: the table behind it is what Spark did not find
    assert "marts_v1" in str(failure.value) and "fct_networks" in str(failure.value)
    assert not list(out.glob("*.parquet")), "rows were read from a broken view"
