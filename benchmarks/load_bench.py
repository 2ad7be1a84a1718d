"""What the loader's checks cost: load time at `default` before and after, back to back.

Usage (from the repo root, after ``source scripts/env.sh``)::

    python -m benchmarks.load_bench --data DIR/raw --baseline-commit fe61455 [--repeats 3]

Loads the Parquet extract ``DIR/raw`` (as the generator writes it) and a CSV copy
of it (written once by pyarrow, with control totals) with the loader at
``--baseline-commit`` (its ``python/cse_ingest/load.py``, run from a temporary
folder) and with the current loader, alternating, each into a fresh warehouse;
writes ``benchmarks/results/load_checks.json`` and re-renders ``BENCHMARKS.md``.
The machine is shared, so before and after run interleaved and the median is
compared.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from benchmarks.measure import git_commit
from benchmarks.report import write_report
from cse_contract import load_contract, write_manifest
from cse_ingest.load import PhaseClock
from cse_networks.paths import REPO_ROOT

__all__ = ["checks_seconds", "main"]

RESULTS = REPO_ROOT / "benchmarks" / "results"
# the phases the checks added (cse_ingest.load's ``phases (s):`` log line); the rest
# (Spark start-up, the contract's type checks, the writes) the loader did before too
CHECK_PHASES = ("pre_scan", "control_totals", "load_log")


def checks_seconds(log_text: str) -> float | None:
    """Seconds the loader spent in its checks, from its ``phases (s):`` log line."""
    phases = PhaseClock.parse(log_text)
    if phases is None:
        return None
    return round(sum(phases.get(p, 0.0) for p in CHECK_PHASES), 3)


def _csv_copy(raw: Path, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    files = {}
    for table in load_contract():
        data = pq.read_table(raw / f"{table}.parquet")
        pacsv.write_csv(data, out / f"{table}.csv")
        files[table] = [(f"{table}.csv", data.num_rows)]
    write_manifest(out, files, extracted_at="2026-11-01T00:00:00Z")
    return out


def _time_load(command: list[str], env: dict[str, str], log: Path) -> float:
    start = time.perf_counter()
    with log.open("w") as out:
        code = subprocess.run(command, env=env, stdout=out, stderr=subprocess.STDOUT).returncode
    seconds = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"load failed ({code}); see {log.name} in the work folder")
    return round(seconds, 2)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a default extract (raw/)")
    parser.add_argument("--baseline-commit", required=True, help="commit of the loader before")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    baseline = subprocess.run(
        ["git", "show", f"{args.baseline_commit}:python/cse_ingest/load.py"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    load_before = os.getloadavg()
    runs = []
    with tempfile.TemporaryDirectory(prefix="load-bench-") as tmp:
        work = Path(tmp)
        (work / "before").mkdir()
        (work / "before" / "load_before.py").write_text(baseline)
        extracts = {"parquet": args.data, "csv": _csv_copy(args.data, work / "csv")}
        variants = {
            "before": ([sys.executable, "-m", "load_before"], str(work / "before")),
            "after": ([sys.executable, "-m", "cse_ingest.load"], ""),
        }
        for repeat in range(args.repeats):
            for fmt, data in extracts.items():
                for variant, (module, path) in variants.items():
                    warehouse = work / f"wh-{variant}-{fmt}-{repeat}"
                    env = {
                        **os.environ,
                        "CSE_WAREHOUSE_DIR": str(warehouse),
                        "PYTHONPATH": os.pathsep.join(
                            p for p in (path, os.environ.get("PYTHONPATH", "")) if p
                        ),
                    }
                    log = work / f"{variant}-{fmt}-{repeat}.log"
                    seconds = _time_load([*module, "--data", str(data)], env, log)
                    run = {"variant": variant, "format": fmt, "seconds": seconds}
                    if variant == "after":
                        run["checks_seconds"] = checks_seconds(log.read_text())
                    runs.append(run)
                    print(f"{fmt:8} {variant:6} run {repeat + 1}: {seconds:.1f} s", flush=True)
    summary = {}
    for fmt in ("parquet", "csv"):
        med = {
            v: statistics.median(
                r["seconds"] for r in runs if (r["variant"], r["format"]) == (v, fmt)
            )
            for v in ("before", "after")
        }
        # the checks' own time as a share of the rest of the same run: both halves
        # slow down together on a busy machine, so this ratio is steadier than the
        # before/after medians of separate runs
        in_run = [
            100 * r["checks_seconds"] / (r["seconds"] - r["checks_seconds"])
            for r in runs
            if (r["variant"], r["format"]) == ("after", fmt) and r.get("checks_seconds")
        ]
        summary[fmt] = {
            "before_median_s": med["before"],
            "after_median_s": med["after"],
            "change_pct": round(100 * (med["after"] - med["before"]) / med["before"], 1),
            "checks_in_run_pct": round(statistics.median(in_run), 1) if in_run else None,
        }
    result = {
        "measured_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "git_commit": git_commit(REPO_ROOT),
        "baseline_commit": args.baseline_commit,
        "scale": "default",
        "rows": {t: pq.read_metadata(args.data / f"{t}.parquet").num_rows for t in load_contract()},
        "repeats": args.repeats,
        "load_average_start": [round(x, 1) for x in load_before],
        "load_average_end": [round(x, 1) for x in os.getloadavg()],
        "runs": runs,
        "summary": summary,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load_checks.json").write_text(json.dumps(result, indent=2) + "\n")
    write_report(report_path=REPO_ROOT / "BENCHMARKS.md", results_dir=RESULTS)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
