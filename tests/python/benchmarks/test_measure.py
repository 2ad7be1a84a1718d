"""Stage measurement: the peak memory of a process tree, as PSS and as summed RSS."""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.measure import run_stage

# a child that holds 300 MiB of touched memory, then a grandchild that holds 200 MiB
_HOLD = "import time; b = bytearray({mib} * 2**20); b[::4096] = b'x' * len(b[::4096]); {then}"
_GRANDCHILD = _HOLD.format(mib=200, then="time.sleep(1.5)")
_CHILD = _HOLD.format(
    mib=300,
    then=f"import subprocess, sys; subprocess.run([sys.executable, '-c', {_GRANDCHILD!r}])",
)


def test_peak_memory_counts_the_whole_process_tree(tmp_path: Path) -> None:
    result = run_stage(
        "hold",
        "unit",
        [sys.executable, "-c", _CHILD],
        cwd=tmp_path,
        env={},
        log_dir=tmp_path / "logs",
        interval=0.05,
    )
    assert result.returncode == 0
    # both processes' buffers are counted, not just the direct child's
    assert result.peak_pss_mib > 450
    assert result.peak_rss_mib > 450
    # PSS splits shared pages (the interpreter's libraries) between processes; RSS does not
    assert result.peak_pss_mib <= result.peak_rss_mib
    assert (tmp_path / "logs" / "unit-hold.log").exists()


def test_a_failing_command_reports_its_exit_code(tmp_path: Path) -> None:
    result = run_stage(
        "fail",
        "unit",
        [sys.executable, "-c", "raise SystemExit(3)"],
        cwd=tmp_path,
        env={},
        log_dir=tmp_path,
    )
    assert result.returncode == 3
