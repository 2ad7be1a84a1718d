"""The benchmark command: every pipeline stage at each scale, then quality against truth.

Usage (from the repo root, after ``source scripts/env.sh``)::

    python -m benchmarks.run --scales tiny,default,large [--skip-graph-bench]

For each scale it generates the data set, loads it into a fresh warehouse and
runs dbt in stages (staging+intermediate, graph step, marts+publish, docs),
measuring wall time and the peak RSS of each stage's whole process tree. It
then scores the published marts against the planted ground truth and writes
``benchmarks/results/pipeline.json`` and ``BENCHMARKS.md``. Nothing in the
test suite depends on these timings.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil

from benchmarks.measure import StageResult, run_stage
from cse_networks.paths import REPO_ROOT

__all__ = ["main", "scaling_exponent"]

RESULTS = REPO_ROOT / "benchmarks" / "results"

# (stage name, command builder). The dbt stages split one `dbt build` into
# layers so each layer's cost is visible; each pays one Spark start-up.
DBT = [str(Path(sys.executable).parent / "dbt")]


STAGE_ONE = ["--select", "+tag:graph", "--exclude", "tag:graph", "--indirect-selection", "cautious"]
STAGE_TWO = ["--select", "tag:graph"]
REST = "<rest>"  # replaced by the names of every node the first two stages leave


def _rest_selection(env: dict) -> list[str]:
    """Names of the nodes `dbt build` runs that the first two dbt stages do not (not timed).

    The three stages together are exactly one `dbt build`: every model, seed and test
    once, in dependency order.
    """

    def names(*args: str) -> set[str]:
        out = subprocess.run(
            [*DBT, "-q", "ls", "--output", "name", *args],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return {line.strip() for line in out.splitlines() if line.strip()}

    rest = names() - names(*STAGE_ONE) - names(*STAGE_TWO)
    return sorted(rest)


def _stages(scale: str, data: Path, seed: int) -> list[tuple[str, list[str]]]:
    py = [sys.executable, "-m"]
    return [
        (
            "generate",
            [*py, "cse_synth.generate", "--scale", scale, "--seed", str(seed), "--out", str(data)],
        ),
        ("load", [*py, "cse_synth.load", "--data", str(data / "raw")]),
        # everything the graph step reads (seeds, staging, intermediate up to graph_nodes),
        # with only the tests whose every parent is built here
        ("dbt_staging_intermediate", [*DBT, "build", *STAGE_ONE]),
        ("dbt_graph_step", [*DBT, "build", *STAGE_TWO]),
        # the rest (listed by _rest_selection): intermediate models that read the graph
        # step, marts and their tests, tests that span layers; then the publish hook
        ("dbt_marts_publish", [*DBT, "build", "--select", REST]),
        ("dbt_docs", [*DBT, "docs", "generate"]),
    ]


def scaling_exponent(sizes: list[float], seconds: list[float]) -> float | None:
    """Least-squares slope of log(seconds) on log(size): cost grows as size**slope."""
    points = [
        (math.log(n), math.log(s)) for n, s in zip(sizes, seconds, strict=True) if n > 0 and s > 0
    ]
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    return round(sum((x - mx) * (y - my) for x, y in points) / sxx, 3)


def _environment() -> dict:
    conf = {}
    try:
        from cse_networks.spark import spark_conf

        conf = {
            k: v
            for k, v in spark_conf().items()
            if "memory" in k or "partitions" in k or k == "spark.master"
        }
    except Exception as exc:  # the report still says what failed
        conf = {"error": str(exc)}
    git = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "cpus": psutil.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "spark_settings": conf,
        "git_commit": git or "unknown",
        "measured_at": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
    }


def _export_for_resolution(scale: str, *, work: Path, env: dict, data: Path) -> None:
    """Hand the built warehouse to the resolution benchmark, so it scores the same run.

    Writes the staged records and rule pairs where ``benchmarks.resolution_bench`` looks
    for a prepared scale (``<work>/resolution/export/<scale>``), with the generated data
    (and its truth) linked beside them; it then skips its own generate/load/dbt.
    """
    target = work / "resolution"
    export = target / "export" / scale
    shutil.rmtree(export, ignore_errors=True)
    link = target / "data" / scale
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.is_symlink() or link.exists():
        link.unlink() if link.is_symlink() else shutil.rmtree(link)
    link.symlink_to(data.resolve(), target_is_directory=True)
    command = [sys.executable, "-m", "benchmarks.resolution_bench", "export", "--out"]
    print(f"[bench] {scale}: export for the resolution benchmark ...", flush=True)
    run_stage(
        "resolution_export",
        scale,
        [*command, str(export)],
        cwd=REPO_ROOT,
        env=env,
        log_dir=work / scale / "stage-logs",
    )


def run_scale(scale: str, *, seed: int, work: Path) -> dict:
    """Run every stage at one scale in a fresh warehouse; then measure quality."""
    warehouse = work / scale / "warehouse"
    data = work / scale / "data"
    shutil.rmtree(work / scale, ignore_errors=True)
    env = {
        **os.environ,
        "CSE_WAREHOUSE_DIR": str(warehouse),
        "DBT_TARGET_PATH": str(work / scale / "target"),
        "DBT_LOG_PATH": str(work / scale / "logs"),
        "CSE_SCHEMA_PREFIX": "",
    }
    if scale == "large":
        env.setdefault("CSE_SPARK_DRIVER_MEMORY", "14g")
        env.setdefault("CSE_SPARK_SHUFFLE_PARTITIONS", "16")
    results: list[StageResult] = []
    rest = _rest_selection(env)
    for stage, command in _stages(scale, data, seed):
        if REST in command:
            i = command.index(REST)
            command = [*command[:i], *rest, *command[i + 1 :]]
        print(f"[bench] {scale}: {stage} ...", flush=True)
        result = run_stage(
            stage, scale, command, cwd=REPO_ROOT, env=env, log_dir=work / scale / "stage-logs"
        )
        print(
            f"[bench] {scale}: {stage} {result.seconds:.1f}s peak {result.peak_rss_mib:.0f} MiB"
            f" rc={result.returncode}",
            flush=True,
        )
        results.append(result)
        if result.returncode != 0:
            print(f"[bench] {scale}: {stage} failed; see {result.log}", flush=True)
            break
    if all(r.returncode == 0 for r in results) and len(results) == len(_stages(scale, data, seed)):
        _export_for_resolution(scale, work=work, env=env, data=data)
    manifest_path = data / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    quality: dict = {}
    if all(r.returncode == 0 for r in results) and len(results) == len(_stages(scale, data, seed)):
        print(f"[bench] {scale}: quality against planted truth ...", flush=True)
        out = work / scale / "quality.json"
        q = run_stage(
            "quality",
            scale,
            [
                sys.executable,
                "-m",
                "benchmarks.quality",
                "--truth",
                str(data / "truth"),
                "--out",
                str(out),
            ],
            cwd=REPO_ROOT,
            env=env,
            log_dir=work / scale / "stage-logs",
        )
        quality = json.loads(out.read_text()) if out.exists() else {"error": q.log}
    return {
        "scale": scale,
        "manifest": {k: manifest.get(k) for k in ("scale", "seed", "row_counts", "as_of_date")},
        "stages": [r.as_dict() for r in results],
        "quality": quality,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="tiny,default,large")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--work", type=Path, default=REPO_ROOT / ".local" / "bench")
    parser.add_argument("--skip-graph-bench", action="store_true")
    parser.add_argument("--skip-resolution-bench", action="store_true")
    parser.add_argument("--graph-sizes", default="10000,100000,1000000")
    parser.add_argument("--note", default="", help="a remark printed in the report header")
    args = parser.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    environment = {**_environment(), "load_average_start": list(os.getloadavg())}
    if args.note:
        environment["note"] = args.note
    report = {"environment": environment, "scales": []}
    for scale in args.scales.split(","):
        report["scales"].append(run_scale(scale, seed=args.seed, work=args.work))
        report["environment"]["load_average_end"] = list(os.getloadavg())
        (RESULTS / "pipeline.json").write_text(json.dumps(report, indent=2, default=str))
    if not args.skip_resolution_bench:
        print("[bench] person resolution benchmark ...", flush=True)
        # every scale whose pipeline ran is scored from its own warehouse (same run)
        built = [
            s["scale"]
            for s in report["scales"]
            if (args.work / "resolution" / "export" / s["scale"] / "rules.parquet").exists()
        ]
        if built:
            command = [sys.executable, "-m", "benchmarks.resolution_bench"]
            command += ["--scales", ",".join(built), "--work", str(args.work / "resolution")]
            subprocess.run(command, cwd=REPO_ROOT, check=False)
    if not args.skip_graph_bench:
        print("[bench] graph step benchmark ...", flush=True)
        subprocess.run(
            [sys.executable, "benchmarks/graph_bench.py", "--sizes", args.graph_sizes],
            cwd=REPO_ROOT,
            check=False,
        )
    from benchmarks.report import write_report

    write_report(report_path=REPO_ROOT / "BENCHMARKS.md", results_dir=RESULTS)
    print("[bench] wrote BENCHMARKS.md and benchmarks/results/*.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
