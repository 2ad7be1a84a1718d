"""Ids across two runs of one world: how many persons and networks keep their ids.

Usage (from the repo root, after ``source scripts/env.sh``; ``make bench`` runs it)::

    python -m benchmarks.id_bench [--scale default] [--cut 2025-11-01]

Generates the world (seed 42), cuts the extract the force would have sent a year
before its as-of date (``cse_synth.cut``), then on one fresh warehouse: load the cut,
``dbt build`` as of the cut day (run 1, published), load the full extract, ``dbt build``
as of the world's date (run 2, published). Reads the registry and marts after each
run and computes ``id_registry.measure.id_persistence``; writes
``benchmarks/results/ids.json`` and re-renders ``BENCHMARKS.md``. The parameters
(``network_id_min_jaccard``) were chosen by rule (docs block ``id_rules``), not on
this world.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from benchmarks.measure import git_commit
from benchmarks.report import write_report
from cse_networks.paths import REPO_ROOT
from cse_networks.project import project_vars
from id_registry.measure import id_persistence

__all__ = ["main", "write_result"]

RESULTS = REPO_ROOT / "benchmarks" / "results"
PYTHON = sys.executable
DBT = str(Path(sys.executable).parent / "dbt")
REGISTRY = ["registry_person_ids", "registry_network_members"]


def _run(command: list[str], env: dict[str, str], log: Path) -> float:
    start = time.perf_counter()
    with log.open("w") as out:
        code = subprocess.run(
            command, cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        ).returncode
    if code != 0:
        raise SystemExit(f"{' '.join(command[:3])} failed ({code}); see {log.name}")
    return round(time.perf_counter() - start, 1)


def _snapshot(env: dict[str, str], out: Path, log: Path) -> dict[str, pd.DataFrame]:
    also = [arg for t in REGISTRY for arg in ("--also", f"registry.{t}")]
    command = [PYTHON, "-m", "cse_networks.snapshot", "--schema", "marts", "--out", str(out)]
    _run([*command, *also], env, log)
    frames = {p.stem: pd.read_parquet(p) for p in out.glob("*.parquet")}
    frames.update({t: pd.read_parquet(out / "_also" / f"registry.{t}.parquet") for t in REGISTRY})
    return frames


def write_result(
    runs: dict[str, dict[str, pd.DataFrame]],
    seconds: dict[str, float],
    *,
    run_1_as_of: str,
    run_2_as_of: str,
    scale: str,
) -> dict:
    """Measure id persistence between the two runs' snapshots; write ``ids.json`` and the report."""
    r1, r2 = runs["run_1"], runs["run_2"]
    measures = id_persistence(
        r1["registry_person_ids"],
        r2["registry_person_ids"],
        r1["registry_network_members"],
        r2["registry_network_members"],
        r2["fct_network_changes"],
        min_jaccard=float(project_vars()["network_id_min_jaccard"]),
    )
    result = {
        "measured_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "git_commit": git_commit(REPO_ROOT),
        "scale": scale,
        "run_1_as_of": run_1_as_of,
        "run_2_as_of": run_2_as_of,
        "build_seconds": seconds,
        "load_average_end": [round(x, 1) for x in os.getloadavg()],
        "measures": measures,
        "targets": [
            {
                "name": "persons of run 1 keep their id in run 2 (share) >= 0.98",
                "met": measures["persons_same_id_share"] >= 0.98,
                "value": f"{measures['persons_same_id_share']:.4f}",
            },
            {
                "name": "networks matched at Jaccard >= 0.5 keep their id (share) = 1.0",
                "met": measures["networks_matched_same_id_share"] == 1.0,
                "value": f"{measures['networks_matched_same_id_share']:.4f}",
            },
            {
                "name": "every network id of run 1 has a row in run 2's change table",
                "met": measures["networks_run_1_without_change_row"] == 0,
                "value": str(measures["networks_run_1_without_change_row"]) + " missing",
            },
        ],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "ids.json").write_text(json.dumps(result, indent=2, default=str) + "\n")
    write_report(report_path=REPO_ROOT / "BENCHMARKS.md", results_dir=RESULTS)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="default")
    parser.add_argument("--cut", default="2025-11-01", help="day of run 1's extract")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="cse-id-bench-"))
    data, cut = work / "data", work / "cut"
    env = {
        **os.environ,
        "CSE_WAREHOUSE_DIR": str(work / "warehouse"),
        "DBT_TARGET_PATH": str(work / "target"),
        "DBT_LOG_PATH": str(work / "logs"),
        "CSE_SCHEMA_PREFIX": "",
    }
    seconds: dict[str, float] = {}
    gen = [PYTHON, "-m", "cse_synth.generate", "--scale", args.scale, "--seed", "42"]
    _run([*gen, "--out", str(data)], env, work / "generate.log")
    as_of = json.loads((data / "manifest.json").read_text())["as_of_date"]
    cutter = [PYTHON, "-m", "cse_synth.cut", "--data", str(data), "--at", args.cut]
    _run([*cutter, "--out", str(cut)], env, work / "cut.log")
    runs = {}
    for run, extract, day in (("run_1", cut, args.cut), ("run_2", data, as_of)):
        run_env = {**env, "CSE_AS_OF_DATE": day}
        _run(
            [PYTHON, "-m", "cse_ingest.load", "--data", str(extract / "raw")],
            run_env,
            work / f"load-{run}.log",
        )
        seconds[run] = _run([DBT, "build"], run_env, work / f"build-{run}.log")
        runs[run] = _snapshot(run_env, work / f"snap-{run}", work / f"snap-{run}.log")
    result = write_result(runs, seconds, run_1_as_of=args.cut, run_2_as_of=as_of, scale=args.scale)
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result["measures"], default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
