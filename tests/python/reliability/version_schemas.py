"""A lab chain step (``Lab.steps``): plant the version schemas a publish stopped
mid-way leaves behind, or list the version schemas the warehouse holds.

``--plant``: a marts version and its registry version that no publish logged, made
two days ago by their names (a run killed while copying), and one made an hour ago
(a publish another process could still have in flight). ``--list OUT``: the names of
every marts and registry version schema, as JSON. Run in the chain's own Spark
session (``cse_networks.spark.get_spark``), as the dbt steps beside it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
from pathlib import Path

from cse_networks.spark import get_spark

__all__ = ["ABANDONED", "IN_FLIGHT", "main"]

_PREFIX = os.environ.get("CSE_SCHEMA_PREFIX", "")
_NOW = dt.datetime.now(dt.UTC)
ABANDONED = (_NOW - dt.timedelta(days=2)).strftime("%Y%m%d%H%M%S") + "_abandon1"
IN_FLIGHT = (_NOW - dt.timedelta(hours=1)).strftime("%Y%m%d%H%M%S") + "_inflight"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--plant", action="store_true")
    what.add_argument("--list", type=Path)
    args = parser.parse_args(argv)
    spark = get_spark()
    if args.plant:
        for suffix in (ABANDONED, IN_FLIGHT):
            for kind in ("marts", "registry"):
                schema = f"{_PREFIX}{kind}_v{suffix}"
                spark.sql(f"create schema if not exists {schema}")
                spark.sql(f"create table {schema}.copied using parquet as select 1 as n")
        return 0
    names = [
        row[0]
        for kind in ("marts", "registry")
        for row in spark.sql(f"show schemas like '{_PREFIX}{kind}_v*'").collect()
    ]
    args.list.write_text(json.dumps(sorted(names)))
    return 0
