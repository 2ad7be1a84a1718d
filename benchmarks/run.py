"""The benchmark command: every pipeline stage at each scale, then quality against truth.

Usage (from the repo root, after ``source scripts/env.sh``)::

    python -m benchmarks.run --scales tiny,default,large [--profile alt] [--skip-graph-bench]

For each scale it generates the data set, loads it into a fresh warehouse and
runs dbt in stages (staging+intermediate, graph step, marts+publish, docs),
measuring wall time and the peak RSS of each stage's whole process tree. It
then scores the published marts against the planted ground truth and writes
``benchmarks/results/pipeline.json`` and ``BENCHMARKS.md``. Nothing in the
test suite depends on these timings.

``--profile alt`` runs the same stages on the independent world (``cse_synth.profiles``),
in ``<work>/<scale>-alt``; its results are kept beside the default world's, one entry per
(scale, profile), so the report can set the two worlds side by side. Nothing is tuned on
the alt world.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil

from benchmarks.measure import StageResult, git_commit, run_stage
from benchmarks.worlds import world_label
from cse_networks.paths import REPO_ROOT
from cse_synth.profiles import PROFILES

__all__ = ["main", "planned_runs"]

RESULTS = REPO_ROOT / "benchmarks" / "results"

# (stage name, command builder). The dbt stages split one `dbt build` into
# layers so each layer's cost is visible; each pays one Spark start-up.
DBT = [str(Path(sys.executable).parent / "dbt")]


# The three dbt stages split one `dbt build` by layer; each is a list of node names
# (placeholders replaced per run by _dbt_stage_selections).
DBT_STAGES = ("<upstream of the graph step>", "<graph step>", "<the rest>")
ONLY = ["--indirect-selection", "empty", "--select"]  # tests are listed, never added


def _dbt_stage_selections(env: dict) -> list[list[str]]:
    """Node names of each dbt stage, from the parsed manifest (not timed).

    Stage 1: every seed and model the graph step reads; stage 2: the graph step
    (models tagged ``graph``); stage 3: everything else (intermediate models that read
    the graph step, marts). A test or unit test runs in the stage of its latest parent,
    so the three stages together run every node of one `dbt build` exactly once, each
    after everything it reads.
    """
    subprocess.run([*DBT, "-q", "parse"], cwd=REPO_ROOT, env=env, check=True)
    target = Path(env.get("DBT_TARGET_PATH") or REPO_ROOT / "target")
    manifest = json.loads((target / "manifest.json").read_text())
    nodes = {**manifest["nodes"], **manifest.get("unit_tests", {})}
    nodes = {k: v for k, v in nodes.items() if v["resource_type"] not in ("analysis", "operation")}
    parents = {
        k: [d for d in v.get("depends_on", {}).get("nodes", []) if d in nodes]
        for k, v in nodes.items()
    }
    graph = {k for k, v in nodes.items() if v["resource_type"] == "model" and "graph" in v["tags"]}
    upstream: set[str] = set()
    todo = [p for g in graph for p in parents[g]]
    while todo:
        node = todo.pop()
        if node not in upstream and node not in graph:
            upstream.add(node)
            todo.extend(parents[node])
    stage: dict[str, int] = {}
    for key, node in nodes.items():
        if node["resource_type"] in ("model", "seed", "snapshot"):
            stage[key] = 2 if key in graph else 1 if key in upstream else 3
    for key in nodes:
        if key not in stage:  # data and unit tests: with their latest parent
            stage[key] = max((stage.get(p, 1) for p in parents[key]), default=1)
    return [sorted(nodes[k]["name"] for k in nodes if stage[k] == i) for i in (1, 2, 3)]


def _stages(
    scale: str, data: Path, seed: int, profile: str = "default"
) -> list[tuple[str, list[str]]]:
    py = [sys.executable, "-m"]
    generate = [*py, "cse_synth.generate", "--scale", scale, "--seed", str(seed)]
    return [
        ("generate", [*generate, "--profile", profile, "--out", str(data)]),
        ("load", [*py, "cse_ingest.load", "--data", str(data / "raw")]),
        ("dbt_staging_intermediate", [*DBT, "build", *ONLY, DBT_STAGES[0]]),
        ("dbt_graph_step", [*DBT, "build", *ONLY, DBT_STAGES[1]]),
        ("dbt_marts_publish", [*DBT, "build", *ONLY, DBT_STAGES[2]]),
        ("dbt_docs", [*DBT, "docs", "generate"]),
    ]


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
    return {
        "cpus": psutil.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "spark_settings": conf,
        "git_commit": git_commit(REPO_ROOT),
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


def _fresh_env(root: Path, scale: str) -> dict:
    """Environment of one measured pass: its own warehouse, dbt target and logs under
    ``root`` (emptied first), unprefixed schemas, and the Spark settings of the scale."""
    shutil.rmtree(root, ignore_errors=True)
    env = {
        **os.environ,
        "CSE_WAREHOUSE_DIR": str(root / "warehouse"),
        "DBT_TARGET_PATH": str(root / "target"),
        "DBT_LOG_PATH": str(root / "logs"),
        "CSE_SCHEMA_PREFIX": "",
    }
    if scale == "large":
        # the driver process also holds DuckDB's Splink scoring (about 7 GiB at large)
        env.setdefault("CSE_SPARK_DRIVER_MEMORY", "10g")
        env.setdefault("CSE_SPARK_SHUFFLE_PARTITIONS", "16")
    return env


def _run_stages(
    label: str, scale: str, stages: list[tuple[str, list[str]]], *, env: dict, log_dir: Path
) -> tuple[list[StageResult], bool]:
    """Run stages in order, stopping at the first failure; (results, all of them passed)."""
    results: list[StageResult] = []
    for stage, command in stages:
        print(f"[bench] {label}: {stage} ...", flush=True)
        result = run_stage(stage, scale, command, cwd=REPO_ROOT, env=env, log_dir=log_dir)
        print(
            f"[bench] {label}: {stage} {result.seconds:.1f}s peak PSS {result.peak_pss_mib:.0f} MiB"
            f" rc={result.returncode}",
            flush=True,
        )
        results.append(result)
        if result.returncode != 0:
            print(f"[bench] {label}: {stage} failed; see {result.log}", flush=True)
            break
    return results, len(results) == len(stages) and results[-1].returncode == 0


def planned_runs(scales: list[str], profile: str, alt_scales: str) -> list[tuple[str, str]]:
    """(scale, profile) pairs to run: the scales on ``profile``, then (tuning runs only) the
    ``alt_scales`` among them again on the alt world, so every figure has both worlds."""
    runs = [(s, profile) for s in scales]
    if profile == "default":
        runs += [(s, "alt") for s in alt_scales.split(",") if s in scales]
    return runs


def run_scale(scale: str, *, seed: int, work: Path, profile: str = "default") -> dict:
    """Run every stage at one scale in a fresh warehouse; then measure quality."""
    label = world_label(scale, profile)
    data = work / label / "data"
    env = _fresh_env(work / label, scale)
    selections = dict(zip(DBT_STAGES, _dbt_stage_selections(env), strict=True))
    stages = []
    for stage, command in _stages(scale, data, seed, profile):
        for placeholder, names in selections.items():
            if placeholder in command:
                i = command.index(placeholder)
                command = [*command[:i], *names, *command[i + 1 :]]
        stages.append((stage, command))
    results, completed = _run_stages(
        label, scale, stages, env=env, log_dir=work / label / "stage-logs"
    )
    if completed and profile == "default":
        _export_for_resolution(scale, work=work, env=env, data=data)
    manifest_path = data / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    quality: dict = {}
    if completed:
        print(f"[bench] {label}: quality against planted truth ...", flush=True)
        out = work / label / "quality.json"
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
            log_dir=work / label / "stage-logs",
        )
        quality = json.loads(out.read_text()) if out.exists() else {"error": q.log}
    return {
        "scale": scale,
        "profile": profile,
        "manifest": {
            k: manifest.get(k) for k in ("scale", "profile", "seed", "row_counts", "as_of_date")
        },
        "stages": [r.as_dict() for r in results],
        "quality": quality,
    }


def run_one_build(scale: str, *, seed: int, work: Path) -> dict:
    """`make run` itself (``scripts/run_main.sh``: the setup check, the generator, then the
    main job, ``python -m cse_networks.main_job``: load, freshness, ONE `dbt build` with
    `make run`'s arguments, table statistics, docs, summary and briefing pack, in one
    process and Spark session), in a fresh warehouse, data folder and dbt target, so the
    figure is the command a user runs, with its own JVM flags and build arguments.
    ``steps``: each main-job step's seconds, from its own lines in the log."""
    root = work / f"{scale}-one-build"
    env = {
        **_fresh_env(root, scale),
        "CSE_SCALE": scale,
        "CSE_SEED": str(seed),
        "CSE_DATA_DIR": str(root / "data"),
    }
    log_dir = root / "logs"
    results, _ = _run_stages(
        f"{scale} (make run)",
        scale,
        [("make_run", ["bash", str(REPO_ROOT / "scripts" / "run_main.sh")])],
        env=env,
        log_dir=log_dir,
    )
    log = log_dir / f"{scale}-make_run.log"
    return {
        "scale": scale,
        "load_average_end": list(os.getloadavg()),
        "stages": [r.as_dict() for r in results],
        "steps": main_job_step_seconds(log.read_text() if log.exists() else ""),
    }


def main_job_step_seconds(log: str) -> dict[str, float]:
    """Each main-job step's seconds, from its ``-- <step>: exit <code> in <N>s`` line
    (``cse_networks.chain``)."""
    found = re.findall(r"^-- (.+): exit -?\d+ in (\d+)s$", log, flags=re.MULTILINE)
    return {name: float(seconds) for name, seconds in found}


def _save(report: dict) -> None:
    (RESULTS / "pipeline.json").write_text(json.dumps(report, indent=2, default=str))


def _write_report() -> None:
    from benchmarks.report import write_report

    write_report(report_path=REPO_ROOT / "BENCHMARKS.md", results_dir=RESULTS)
    print("[bench] wrote BENCHMARKS.md and benchmarks/results/*.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="tiny,default,large")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--profile",
        default="default",
        choices=sorted(PROFILES),
        help="world profile of the scales run now (cse_synth.profiles): default or alt",
    )
    parser.add_argument(
        "--alt-scales",
        default="default",
        help="with --profile default: these of the scales run now are run again on the alt "
        "world (reported side by side); '' for none",
    )
    parser.add_argument("--skip-community-sweep", action="store_true")
    parser.add_argument("--work", type=Path, default=REPO_ROOT / ".local" / "bench")
    parser.add_argument("--skip-graph-bench", action="store_true")
    parser.add_argument("--skip-resolution-bench", action="store_true")
    parser.add_argument("--skip-febrl-bench", action="store_true")
    parser.add_argument("--skip-id-bench", action="store_true")
    parser.add_argument("--graph-sizes", default="10000,100000,1000000")
    parser.add_argument("--note", default="", help="a remark printed in the report header")
    parser.add_argument(
        "--one-build-scales",
        default="default",
        help="scales also run end to end with one `dbt build` (as `make run`); '' for none",
    )
    parser.add_argument(
        "--only-one-build",
        action="store_true",
        help="run only the one-build pass and add it to the existing pipeline.json",
    )
    parser.add_argument(
        "--merge",
        action="store_true",
        help="keep the results of scales not run now (pipeline and resolution JSON)",
    )
    args = parser.parse_args(argv)
    one_build = [s for s in args.one_build_scales.split(",") if s]
    if args.only_one_build:
        report = json.loads((RESULTS / "pipeline.json").read_text())
        report["one_build"] = [run_one_build(s, seed=args.seed, work=args.work) for s in one_build]
        report["one_build_commit"] = _environment()["git_commit"]
        _save(report)
        _write_report()
        return 0
    RESULTS.mkdir(parents=True, exist_ok=True)
    environment = {**_environment(), "load_average_start": list(os.getloadavg())}
    if args.note:
        environment["note"] = args.note
    report = {"environment": environment, "scales": []}
    scales = args.scales.split(",")
    runs = planned_runs(scales, args.profile, args.alt_scales)
    if args.merge and (RESULTS / "pipeline.json").exists():
        # rerun some scales, keep the others' results (each scale records its commit)
        earlier = json.loads((RESULTS / "pipeline.json").read_text())
        now = set(runs)
        report = {
            **earlier,
            "scales": [
                s for s in earlier["scales"] if (s["scale"], s.get("profile", "default")) not in now
            ],
        }
        report["environment"]["merged"] = {
            "scales": scales,
            "profile": args.profile,
            "git_commit": environment["git_commit"],
            "measured_at": environment["measured_at"],
            "note": args.note,
        }
    for scale, profile in runs:
        result = run_scale(scale, seed=args.seed, work=args.work, profile=profile)
        result["git_commit"] = environment["git_commit"]
        result["load_average_end"] = list(os.getloadavg())
        report["scales"].append(result)
        report["environment"]["load_average_end"] = list(os.getloadavg())
        _save(report)
    if one_build or not args.merge:
        report["one_build"] = [run_one_build(s, seed=args.seed, work=args.work) for s in one_build]
    _save(report)
    if not args.skip_community_sweep:
        # the community-choice sweep on each world built at `default` (docs block
        # community_choice): chosen on the tuning world, reported on the alt world
        for scale, profile in runs:
            if scale == "default" and (args.work / world_label(scale, profile)).exists():
                print(f"[bench] community sweep ({profile}) ...", flush=True)
                command = [sys.executable, "-m", "benchmarks.community_sweep", "--from-bench"]
                command += ["--profile", profile, "--scale", scale, "--bench-work", str(args.work)]
                subprocess.run(command, cwd=REPO_ROOT, check=False)
    if not args.skip_resolution_bench:
        print("[bench] person resolution benchmark ...", flush=True)
        # every scale whose pipeline ran is scored from its own warehouse (same run)
        built = [
            s["scale"]
            for s in report["scales"]
            if s["scale"] in scales
            and s.get("profile", "default") == "default"
            and (args.work / "resolution" / "export" / s["scale"] / "rules.parquet").exists()
        ]
        if built:
            command = [sys.executable, "-m", "benchmarks.resolution_bench"]
            command += ["--scales", ",".join(built), "--work", str(args.work / "resolution")]
            command += ["--merge"] if args.merge else []
            subprocess.run(command, cwd=REPO_ROOT, check=False)
    if not args.skip_febrl_bench:
        print("[bench] FEBRL person resolution benchmark ...", flush=True)
        command = [sys.executable, "-m", "benchmarks.febrl_bench"]
        command += ["--work", str(args.work / "febrl")]
        subprocess.run(command, cwd=REPO_ROOT, check=False)
    if not args.skip_id_bench:
        print("[bench] ids across two runs (cut and full extract) ...", flush=True)
        subprocess.run([sys.executable, "-m", "benchmarks.id_bench"], cwd=REPO_ROOT, check=False)
    if not args.skip_graph_bench:
        print("[bench] graph step benchmark ...", flush=True)
        subprocess.run(
            [sys.executable, "benchmarks/graph_bench.py", "--sizes", args.graph_sizes],
            cwd=REPO_ROOT,
            check=False,
        )
    _write_report()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
