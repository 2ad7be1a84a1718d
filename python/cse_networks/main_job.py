"""The main job after the data is generated: load, build, docs, summary, briefing.

``python -m cse_networks.main_job --data DATA/raw`` (what ``make run`` calls, after
``cse_synth.generate``; ``scripts/run_main.sh``). The steps, in one process and one
Spark session (``cse_networks.chain``: one JVM start, not eight):

1. ``load``: the raw extract into the ``raw`` schema (``cse_ingest.load``);
2. ``source freshness``: dbt's check of the load (the frozen synthetic world is
   stale by design: its failure is reported and the job goes on), then
   ``cse_ingest.freshness`` logs it for ``rpt_run_audit``;
3. ``dbt build`` with ``$CSE_RUN_BUILD_ARGS`` (``scripts/env.sh``);
4. table statistics (``dbt run-operation compute_table_statistics``: row counts in
   the lineage docs);
5. ``dbt docs generate`` and the owners in the docs (``cse_networks.docs_owners``);
6. the summary (``cse_networks.summary``) and the analyst briefing pack
   (``briefing``).

The job stops at the first step that fails (but freshness) with that step's exit
code. Each step prints a line with its seconds.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

from cse_networks.chain import Step, run_to_exit_code


def load_and_build_steps(raw: Path, *, build_args: list[str]) -> list[Step]:
    """Load the raw extract in ``raw``, check and log its freshness, build: the main
    job's first steps, and the test command's tiny build (``scripts/test.sh``)."""
    return [
        Step("load", "cse_ingest.load", ["--data", str(raw)]),
        Step("source freshness", "dbt", ["source", "freshness"], may_fail=True),
        Step("freshness log", "cse_ingest.freshness", []),
        Step("dbt build", "dbt", ["build", *build_args]),
    ]


def main_job_steps(raw: Path, *, build_args: list[str], top: int, briefing: Path) -> list[Step]:
    """The main job's steps for the raw extract in ``raw``."""
    return [
        *load_and_build_steps(raw, build_args=build_args),
        Step("table statistics", "dbt", ["run-operation", "compute_table_statistics"]),
        Step("dbt docs generate", "dbt", ["docs", "generate"]),
        Step("docs owners", "cse_networks.docs_owners", []),
        Step("summary", "cse_networks.summary", []),
        Step("briefing pack", "briefing.__main__", ["--top", str(top), "--out", str(briefing)]),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cse_networks.main_job", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--data", type=Path, required=True, help="the raw extract's folder")
    parser.add_argument("--top", type=int, default=10, help="networks in the briefing pack")
    parser.add_argument(
        "--briefing", type=Path, default=Path("target/briefing/briefing.html"), help="HTML out"
    )
    args = parser.parse_args(argv)
    build_args = shlex.split(os.environ.get("CSE_RUN_BUILD_ARGS", ""))
    target = Path(os.environ.get("DBT_TARGET_PATH", "target"))
    (target / "sources.json").unlink(missing_ok=True)  # this load's freshness only
    steps = main_job_steps(args.data, build_args=build_args, top=args.top, briefing=args.briefing)
    # The session every step reuses, started as dbt's Python models need it (on a
    # cluster target: with the executors' environment archive), not as the first
    # step (the load: JVM-only work) would start it.
    from cse_networks.spark import get_spark

    get_spark()
    return run_to_exit_code(steps, what="main job")


if __name__ == "__main__":
    sys.exit(main())
