"""Which Python the executors of the current target run, and whether it holds the project.

A check for a platform team bringing the project onto a cluster (README
"Targets"): it starts a Spark application on the target, runs a few tasks that
import the graph step's packages on the executors, and prints, per task, the
working directory (the executor's: on a standalone worker
``<work-dir>/<app>/<executor id>``, on YARN the container's) and the
interpreter's ``sys.prefix`` (on a cluster: the unpacked environment archive,
``<working directory>/environment``)::

    python -m cse_networks.executor_probe [--tasks 8] [--out FILE]

Exits 1 with one line when a task fails (for example ``ModuleNotFoundError``: the
archive did not reach the executors). The mini-cluster stage of ``make test``
runs :func:`probe_executors` in the application that also snapshots the marts.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cse_networks.spark import get_spark

__all__ = ["main", "probe_executors"]


def probe_executors(spark: Any, tasks: int = 8) -> list[dict[str, str]]:
    """Run ``tasks`` one-element tasks; per task, its working directory and ``sys.prefix``."""

    # Defined inside, so it is shipped by value: the task needs nothing of this module.
    def where(_: Any) -> Any:
        import os
        import sys

        import igraph  # noqa: F401

        import graph_step  # noqa: F401  (from the archive on a cluster)

        yield {"workdir": os.getcwd(), "prefix": sys.prefix}

    return spark.sparkContext.parallelize(range(tasks), tasks).mapPartitions(where).collect()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=8)
    parser.add_argument("--out", type=Path, default=None, help="also write the rows as JSON")
    args = parser.parse_args(argv)
    spark = get_spark()
    try:
        rows = probe_executors(spark, args.tasks)
    except Exception as exc:  # one line, not a JVM stack trace
        last = str(exc).strip().splitlines()[-1:] or [type(exc).__name__]
        print(f"executor_probe: a task failed: {last[0][:300]}", file=sys.stderr)
        return 1
    finally:
        spark.stop()
    for row in rows:
        print(f"{row['workdir']}: {row['prefix']}")
    if args.out:
        args.out.write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
