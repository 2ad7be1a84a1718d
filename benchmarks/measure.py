"""Run a command and measure its wall time and the peak memory of its whole process tree.

Spark's JVM is a grandchild of the dbt process, so ``ru_maxrss`` of the direct
child would miss it; the tree's summed RSS is sampled instead.
"""

from __future__ import annotations

import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

__all__ = ["StageResult", "run_stage"]


@dataclass
class StageResult:
    """Outcome of one measured stage."""

    stage: str
    scale: str
    seconds: float
    peak_rss_mib: float
    returncode: int
    log: str

    def as_dict(self) -> dict:
        return asdict(self)


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            continue
    return total


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
    """Run ``command``, sampling the RSS of its process tree every ``interval`` seconds.

    Output goes to a log file (never to the report: logs may name tables, not people).
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{scale}-{stage}.log"
    start = time.perf_counter()
    peak = 0
    with log_path.open("w") as log:
        child = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        proc = psutil.Process(child.pid)
        while child.poll() is None:
            peak = max(peak, _tree_rss(proc))
            time.sleep(interval)
    seconds = time.perf_counter() - start
    return StageResult(
        stage=stage,
        scale=scale,
        seconds=round(seconds, 2),
        peak_rss_mib=round(peak / 2**20, 1),
        returncode=child.returncode,
        log=str(log_path),
    )
