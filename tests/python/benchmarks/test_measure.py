"""Stage measurement: the peak memory of a process tree, as PSS and as summed RSS."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks.measure import UNCOMMITTED, git_commit, run_stage

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


def test_the_commit_stamp_says_when_the_measured_code_is_not_committed(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    assert git_commit(tmp_path) == "unknown"  # not a checkout
    git("init", "-q")
    git("config", "user.email", "bench@example.invalid")
    git("config", "user.name", "bench")
    (tmp_path / "benchmarks" / "results").mkdir(parents=True)
    (tmp_path / "code.py").write_text("x = 1\n")
    (tmp_path / "benchmarks" / "results" / "r.json").write_text("{}\n")
    git("add", "-A")
    git("commit", "-q", "-m", "first")
    clean = git_commit(tmp_path)
    assert len(clean) >= 7 and UNCOMMITTED not in clean
    # the benchmark writing its own results leaves the stamp alone
    (tmp_path / "benchmarks" / "results" / "r.json").write_text('{"a": 1}\n')
    (tmp_path / "BENCHMARKS.md").write_text("new\n")  # untracked: not code either
    assert git_commit(tmp_path) == clean
    # a changed tracked file is code the commit does not hold
    (tmp_path / "code.py").write_text("x = 2\n")
    assert git_commit(tmp_path) == clean + UNCOMMITTED
