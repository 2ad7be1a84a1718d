"""Build the reliability labs ahead of pytest: ``python lab_runner.py OUT TINY_DATA``.

The test command (scripts/test.sh) starts this when it has generated the tiny data
set, beside its tiny build, at a low CPU priority: the tiny build leaves about a
fifth of the two cores idle, and the labs (``scenarios.LABS``, whole-pipeline runs
on their own warehouses, reading only the tiny data's files) are the longest chain
of pytest's stage. Each lab is built in ``OUT/<lab>-lab``; its result (the dict its
fixtures read) is pickled to ``OUT/<lab>.pickle``, or, when building it raised, the
traceback is written to ``OUT/<lab>.error``. ``OUT/runner.pid`` holds this
process's id. pytest, started with ``CSE_TEST_LABS_DIR=OUT``, reads them
(``LabQueue``: it waits for a lab's file, and a runner that died without writing it
fails the lab's tests with the reason) instead of building the labs itself.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

from lab import Lab
from scenarios import LABS


def build_all(
    out: Path, tiny_data: Path, labs: dict[str, Callable[[Path, Path], dict]] = LABS
) -> None:
    """Build every lab of ``labs`` in order, each result or error to its file."""
    out.mkdir(parents=True, exist_ok=True)
    for name, build in labs.items():
        try:
            result = build(out / f"{name.replace('_', '-')}-lab", tiny_data)
        except Exception:
            (out / f"{name}.error").write_text(traceback.format_exc())
            continue
        partial = out / f"{name}.pickle.partial"
        with partial.open("wb") as file:
            pickle.dump(result, file)
        partial.rename(out / f"{name}.pickle")  # whole, or not there


def _stop(signum: int, frame: object) -> None:
    """TERM (the test command ending): kill the lab command running now, with its
    Spark JVM (its own process group, which the runner's TERM does not reach)."""
    Lab.kill_running()
    sys.exit(128 + signum)


def main(argv: list[str]) -> int:
    out, tiny_data = Path(argv[0]), Path(argv[1])
    signal.signal(signal.SIGTERM, _stop)
    out.mkdir(parents=True, exist_ok=True)
    (out / "runner.pid").write_text(f"{os.getpid()}\n")
    build_all(out, tiny_data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
