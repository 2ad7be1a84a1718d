"""Run a chain of the project's commands in one Python process and one Spark session.

Every command of the main job (load, freshness, ``dbt build``, table statistics,
docs, summary, briefing) is a Python entry point that starts Spark through
``getOrCreate`` (``cse_networks.spark.get_spark`` and dbt-spark's ``session``
connection alike). Run one after another as separate commands, each pays its own
JVM start, Spark session and imports of dbt and pyspark; run as a chain, the first
step starts them and the others reuse them.

A step is a :class:`Step`: ``kind`` ``"dbt"`` (dbt's programmatic entry point,
``dbtRunner``, what the ``dbt`` command calls: exit code 0 ok, 1 a node failed, 2
dbt itself failed) or the module whose ``main(argv) -> int`` the ``python -m``
command calls (``cse_ingest.load``, ``briefing``, ...), its arguments as on the
command line, and environment variables for that step only.

Used by ``cse_networks.main_job`` (``make run``) and by the reliability labs of
the test suite (``tests/python/reliability/lab_steps.py``), which keep every step's
output in a file of its own (``outputs``) and run every step whatever the one
before returned (``keep_going``).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
import time
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Step:
    """One command of a chain: ``kind`` "dbt" or a module with ``main(argv)``."""

    name: str
    kind: str
    args: list[str]
    env: dict[str, str] = field(default_factory=dict)
    may_fail: bool = False  # the chain goes on if this step fails (source freshness)

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind,
            "args": self.args,
            "env": self.env,
            "may_fail": self.may_fail,
        }

    @classmethod
    def from_json(cls, data: dict) -> Step:
        return cls(
            data["name"],
            data["kind"],
            list(data["args"]),
            dict(data.get("env", {})),
            bool(data.get("may_fail", False)),
        )


@contextlib.contextmanager
def step_env(env: dict[str, str]) -> Iterator[None]:
    """``env`` set in ``os.environ`` for the block only."""
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextlib.contextmanager
def output_to(path: Path | None) -> Iterator[None]:
    """File descriptors 1 and 2 (Python's and the JVM's output) to ``path``; None: as
    they are."""
    if path is None:
        yield
        return
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    # one open file behind descriptors 1 and 2 and Python's sys.stdout and
    # sys.stderr (which need not be descriptors 1 and 2: under pytest they are not)
    with path.open("w", buffering=1) as out:
        os.dup2(out.fileno(), 1)
        os.dup2(out.fileno(), 2)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                yield
        finally:
            out.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def dbt_exit_code(result: Any) -> int:
    """The exit code the `dbt` command gives for a ``dbtRunner`` result
    (dbt.utils.ExitCodes): 0 success, 1 a node failed, 2 dbt itself failed."""
    if result.success:
        return 0
    return 2 if result.exception else 1


def run_step(step: Step) -> int:
    """The step's exit code, as its command line would return it."""
    if step.kind == "dbt":
        from dbt.cli.main import dbtRunner

        return dbt_exit_code(dbtRunner().invoke(step.args))
    main = importlib.import_module(step.kind).main
    try:
        code = main(step.args)
    except SystemExit as exc:  # argparse errors exit this way
        return exc.code if isinstance(exc.code, int) else 1
    return int(code or 0)


def run_chain(
    steps: Sequence[Step],
    *,
    outputs: Path | None = None,
    keep_going: bool = False,
    announce: bool = True,
) -> dict[str, int]:
    """Run ``steps`` in order; returns each run step's exit code by name.

    Stops after the first failing step unless it ``may_fail`` or ``keep_going``.
    ``outputs``: each step's output to ``<outputs>/<name>.out`` and, for a dbt step,
    a copy of its ``run_results.json`` to ``<outputs>/<name>.run_results.json`` (the
    next dbt step overwrites the target's own). ``announce``: a line before each step
    and one after it with its exit code and seconds.
    """
    codes: dict[str, int] = {}
    for step in steps:
        if announce:
            print(f"\n== {step.name}", flush=True)
        started = time.monotonic()
        out = outputs / f"{step.name}.out" if outputs else None
        with output_to(out), step_env(step.env):
            try:
                codes[step.name] = run_step(step)
            except Exception:  # the step failed; its traceback is in its output
                traceback.print_exc()
                codes[step.name] = 1
            if outputs and step.kind == "dbt":
                results = Path(os.environ.get("DBT_TARGET_PATH", "target")) / "run_results.json"
                if results.exists():
                    copy = outputs / f"{step.name}.run_results.json"
                    copy.write_bytes(results.read_bytes())
        code = codes[step.name]
        if announce:
            seconds = time.monotonic() - started
            print(f"-- {step.name}: exit {code} in {seconds:.0f}s", flush=True)
        if code != 0 and not (keep_going or step.may_fail):
            break
    return codes


def failed_step(steps: Sequence[Step], codes: dict[str, int]) -> Step | None:
    """The first step that failed and may not (None: the chain succeeded)."""
    return next((s for s in steps if codes.get(s.name, 0) != 0 and not s.may_fail), None)


def run_to_exit_code(steps: Sequence[Step], *, what: str) -> int:
    """Run ``steps`` as a command does: stop at the first failure (but a step that
    ``may_fail``) and return its exit code, with a line naming it (``what``: the
    command, for that line)."""
    codes = run_chain(steps)
    for step in steps:
        if codes.get(step.name, 0) != 0 and step.may_fail:
            print(f"{step.name}: exit {codes[step.name]}, {what} goes on")
    failed = failed_step(steps, codes)
    if failed is None:
        return 0
    print(f"{what}: FAILED at step '{failed.name}' (exit {codes[failed.name]})", file=sys.stderr)
    return codes[failed.name]
