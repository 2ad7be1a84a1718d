"""Negative control of the ``tiny_marts`` fixture: a broken published view fails the read.

The marts tests read the published views (what BI reads) through the dump of
``tiny_warehouse.main``: the test command's chain runs it after the tiny build, and
``read_published_marts`` runs it in a child process (``tiny_warehouse._run``) when the
suite runs without that chain. A view whose table has gone must raise there, not be
papered over by reading Parquet files behind the metastore's back. The child that
breaks the view runs the same ``main`` in its own Spark session, one JVM, not two.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from tiny_warehouse import _run

pytestmark = pytest.mark.spark

_BREAK_A_VIEW = """
from cse_networks.spark import get_spark

spark = get_spark()
spark.sql("create database marts_v1")
spark.sql("create table marts_v1.fct_networks using parquet as select 'N1' as network_id")
spark.sql("create database marts")
spark.sql("create view marts.fct_networks as select * from marts_v1.fct_networks")
spark.sql("drop table marts_v1.fct_networks")
print("the view is broken", flush=True)

# then the read every marts test relies on, in this same session
import sys
from tiny_warehouse import main

sys.exit(main(["--schema", "marts", "--marts", sys.argv[1]]))
"""


def test_a_broken_published_view_fails_the_marts_read(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse"
    env = {**os.environ, "CSE_WAREHOUSE_DIR": str(warehouse), "CSE_SCHEMA_PREFIX": ""}
    out = tmp_path / "out"
    out.mkdir()
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parents[1]), env.get("PYTHONPATH", "")])
    with pytest.raises(RuntimeError, match="failed") as failure:
        _run([sys.executable, "-c", _BREAK_A_VIEW, str(out)], env)
    # it failed reading, after the view was broken, for the broken view: the table
    # behind it is what Spark did not find
    assert "the view is broken" in str(failure.value)
    assert "marts_v1" in str(failure.value) and "fct_networks" in str(failure.value)
    assert not list(out.glob("*.parquet")), "rows were read from a broken view"
