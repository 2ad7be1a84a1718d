"""The tiny build on the mini-cluster beside the same build in local mode.

Usage (from the repo root, after ``source scripts/env.sh``)::

    python -m benchmarks.cluster_bench [--work DIR] [--note TEXT]
    python -m benchmarks.cluster_bench --stage-timing FILE [--note TEXT]

Generates ``tiny`` (seed 42), then, one after the other (never at once), loads
and ``dbt build``s it (1) on the ``local`` target in a fresh warehouse and (2) on
the ``standalone`` target: the environment archive is built
(``scripts/build_env_archive.sh``), the mini-cluster started
(``scripts/cluster.sh up``, its own state folder under ``--work``) and always
stopped again. Times the load and the build of each, with the load average at
each build's start and end, writes ``benchmarks/results/cluster.json`` and
re-renders ``BENCHMARKS.md``. The local warehouse's published marts are left in
``--work`` (``local-snapshot/``) for ``scripts/test-cluster.sh``.

``--stage-timing FILE`` instead records one run of the mini-cluster stage of
``make test``: the ``stage-timing.json`` that ``scripts/test-cluster.sh`` writes
(wall seconds, dbt build seconds, CPU seconds, load average) goes into
``cluster.json`` as ``stage`` and ``BENCHMARKS.md`` is re-rendered.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.measure import git_commit
from benchmarks.report import write_report
from cse_networks.paths import REPO_ROOT

__all__ = ["main"]

RESULTS = REPO_ROOT / "benchmarks" / "results"
KEY = "cse-tiny-leak-probe-5d1f0b9e7a3c28e4a6b0"  # the public test key of the tiny builds


def _loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _run(args: list[str], env: dict[str, str], log: Path) -> float:
    """Run a command (output to ``log``, never echoed); its wall seconds; raise on failure."""
    start = time.monotonic()
    with log.open("w") as out:
        code = subprocess.run(args, cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    if code.returncode != 0:
        raise SystemExit(f"cluster_bench: {' '.join(args[:3])} failed; see {log}")
    return round(time.monotonic() - start, 1)


def _cluster_env(env: dict[str, str]) -> dict[str, str]:
    out = subprocess.run(
        ["scripts/cluster.sh", "env"], cwd=REPO_ROOT, env=env, capture_output=True, text=True
    )
    extra = {}
    for line in out.stdout.splitlines():
        # shell words: a value with spaces is quoted (the JVM flags)
        key, _, value = shlex.split(line.removeprefix("export "))[0].partition("=")
        extra[key] = os.path.expandvars(value.replace("${CSE_ENV_ARCHIVE:-", "").rstrip("}"))
    return {**env, **extra, "CSE_ENV_ARCHIVE": env["CSE_ENV_ARCHIVE"]}


def _load_and_build(env: dict[str, str], data: Path, logs: Path, name: str) -> dict:
    python = sys.executable
    load_s = _run(
        [python, "-m", "cse_ingest.load", "--data", str(data / "raw")],
        env,
        logs / f"{name}-load.log",
    )
    before = _loadavg()
    build_s = _run([str(Path(python).parent / "dbt"), "build"], env, logs / f"{name}-build.log")
    return {
        "load_s": load_s,
        "build_s": build_s,
        "load_average_start": before,
        "load_average_end": _loadavg(),
    }


def record_stage(timing_file: Path, note: str) -> dict:
    """Put one stage run's timing into ``cluster.json`` (as ``stage``); re-render the report."""
    stage = json.loads(timing_file.read_text())
    stage.update(
        git_commit=git_commit(REPO_ROOT),
        measured_at=datetime.datetime.fromtimestamp(
            timing_file.stat().st_mtime, datetime.UTC
        ).strftime("%Y-%m-%d %H:%M UTC"),
        note=note,
    )
    path = RESULTS / "cluster.json"
    result = json.loads(path.read_text())
    result["stage"] = stage
    path.write_text(json.dumps(result, indent=2) + "\n")
    write_report(report_path=REPO_ROOT / "BENCHMARKS.md", results_dir=RESULTS)
    return stage


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--note", default="")
    parser.add_argument("--stage-timing", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.stage_timing:
        stage = record_stage(args.stage_timing, args.note)
        print(f"cluster_bench: stage {stage['stage_seconds']}s recorded in BENCHMARKS.md")
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="cse-cluster-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    data = work / "data" / "tiny"
    base = {**os.environ, "DBT_ENV_SECRET_CSE_PERSON_ID_KEY": KEY}
    base.pop("CSE_PERSON_ID_KEY_FILE", None)
    _run(
        [python, "-m", "cse_synth.generate", "--scale", "tiny", "--seed", "42", "--out", str(data)],
        base,
        work / "generate.log",
    )
    as_of = subprocess.run(
        [python, "-m", "cse_synth.as_of", str(data)], capture_output=True, text=True, check=True
    )
    base["CSE_AS_OF_DATE"] = as_of.stdout.strip()
    started = _loadavg()

    local_env = {
        **base,
        "CSE_TARGET": "local",
        "CSE_WAREHOUSE_DIR": str(work / "local-warehouse"),
        "DBT_TARGET_PATH": str(work / "local-target"),
        "DBT_LOG_PATH": str(work / "local-logs"),
    }
    local = _load_and_build(local_env, data, work, "local")
    _run(
        [
            python,
            "-m",
            "cse_networks.snapshot",
            "--schema",
            "marts",
            "--out",
            str(work / "local-snapshot"),
        ],
        local_env,
        work / "local-snapshot.log",
    )

    state = work / "cluster"
    cl_env = {**base, "CSE_CLUSTER_DIR": str(state)}
    archive = subprocess.run(
        ["scripts/build_env_archive.sh"], cwd=REPO_ROOT, env=cl_env, capture_output=True, text=True
    )
    if archive.returncode != 0:
        raise SystemExit(f"cluster_bench: building the archive failed: {archive.stderr[-500:]}")
    cl_env["CSE_ENV_ARCHIVE"] = archive.stdout.strip().splitlines()[-1]
    try:
        up_s = _run(["scripts/cluster.sh", "up"], cl_env, work / "cluster-up.log")
        cl_env = {
            **_cluster_env(cl_env),
            "DBT_TARGET_PATH": str(work / "cluster-target"),
            "DBT_LOG_PATH": str(work / "cluster-logs"),
        }
        cluster = {**_load_and_build(cl_env, data, work, "cluster"), "cluster_up_s": up_s}
    finally:
        subprocess.run(
            ["scripts/cluster.sh", "down"], cwd=REPO_ROOT, env=cl_env, capture_output=True
        )

    result = {
        "scale": "tiny",
        "git_commit": git_commit(REPO_ROOT),
        "measured_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "load_average_start": started,
        "load_average_end": _loadavg(),
        "local": local,
        "standalone": cluster,
        "note": args.note,
    }
    previous = RESULTS / "cluster.json"
    if previous.exists() and "stage" in json.loads(previous.read_text()):
        result["stage"] = json.loads(previous.read_text())["stage"]  # recorded separately
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "cluster.json").write_text(json.dumps(result, indent=2) + "\n")
    write_report(report_path=REPO_ROOT / "BENCHMARKS.md", results_dir=RESULTS)
    print(
        f"cluster_bench: local build {local['build_s']}s, "
        f"mini-cluster build {cluster['build_s']}s; work in {work}"
    )


if __name__ == "__main__":
    main()
