"""Run a command and measure its wall time and the peak memory of its whole process tree.

Spark's JVM is a grandchild of the dbt process, so ``ru_maxrss`` of the direct
child would miss it; the tree's memory is sampled instead, two ways:

- summed RSS, which counts a page shared by several processes (forked Python
  workers, shared libraries) once per process, so it overstates the tree;
- summed PSS (proportional set size, from ``/proc/<pid>/smaps_rollup``), which splits
  each shared page between the processes sharing it: the physical memory the tree
  holds. Memory targets are judged on PSS.
"""

from __future__ import annotations

import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

__all__ = ["StageResult", "git_commit", "run_stage"]


@dataclass
class StageResult:
    """Outcome of one measured stage."""

    stage: str
    scale: str
    seconds: float
    peak_rss_mib: float
    peak_pss_mib: float
    returncode: int
    log: str  # file name in the work folder's stage-logs/ (no machine path in results)

    def as_dict(self) -> dict:
        return asdict(self)


# What a benchmark writes itself: a change there does not make the measured code differ.
_RESULT_PATHS = ("benchmarks/results", "BENCHMARKS.md")
UNCOMMITTED = "+uncommitted"


def git_commit(repo: Path) -> str:
    """Short hash of the checked-out commit (``unknown`` outside a git checkout), with
    :data:`UNCOMMITTED` appended when tracked files other than the benchmark's own
    results differ from it: figures measured on a working tree are not the commit's."""
    out = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if not out:
        return "unknown"
    changed = subprocess.run(
        [
            "git",
            "status",
            "--porcelain",
            "--untracked-files=no",
            "--",
            ".",
            *(f":(exclude){path}" for path in _RESULT_PATHS),
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return out + UNCOMMITTED if changed else out


def _pss(pid: int, rss: int) -> int:
    """PSS of one process in bytes; its RSS where smaps_rollup is unreadable (not Linux)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss


def _tree_memory(proc: psutil.Process) -> tuple[int, int]:
    """(summed RSS, summed PSS) of ``proc`` and all its descendants, in bytes."""
    rss_total = pss_total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0, 0
    for p in procs:
        try:
            rss = p.memory_info().rss
        except psutil.Error:
            continue
        rss_total += rss
        pss_total += _pss(p.pid, rss)
    return rss_total, pss_total


def run_stage(
    stage: str,
    scale: str,
    command: list[str],
    *,
    cwd: Path,
    env: dict[str, str],
    log_dir: Path,
    interval: float = 0.25,
) -> StageResult:
    """Run ``command``, sampling the RSS and PSS of its process tree every ``interval`` seconds.

    Output goes to a log file (never to the report: logs may name tables, not people).
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{scale}-{stage}.log"
    start = time.perf_counter()
    peak_rss = peak_pss = 0
    with log_path.open("w") as log:
        child = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        proc = psutil.Process(child.pid)
        while child.poll() is None:
            rss, pss = _tree_memory(proc)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            time.sleep(interval)
    seconds = time.perf_counter() - start
    return StageResult(
        stage=stage,
        scale=scale,
        seconds=round(seconds, 2),
        peak_rss_mib=round(peak_rss / 2**20, 1),
        peak_pss_mib=round(peak_pss / 2**20, 1),
        returncode=child.returncode,
        log=log_path.name,
    )
