"""The command chain (``cse_networks.chain``) that ``make run`` and the labs run steps with.

No Spark and no dbt: the steps are a small module's ``main`` (written to a temporary
folder), so what is checked is the chain itself: order, exit codes, stopping, output
files (also what a child process writes to the file descriptors, as the JVM does),
and environment variables set for one step only.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest

from cse_networks.chain import Step, run_chain
from cse_networks.main_job import main_job_steps

STEP_MODULE = """
import os, subprocess, sys

def main(argv):
    name, code = argv[0], int(argv[1])
    print(f"python says {name}")
    sys.stdout.flush()
    # as the JVM does: a child writing straight to file descriptor 2
    subprocess.run([sys.executable, "-c", "import os; os.write(2, b'child says hello')"])
    print("env", os.environ.get("CHAIN_PROBE", "unset"))
    if code == 99:
        raise RuntimeError("the step broke")
    if code == 98:
        raise SystemExit(5)
    return code
"""


@pytest.fixture
def step_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    (tmp_path / "chain_probe_step.py").write_text(STEP_MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv("CHAIN_PROBE", raising=False)
    return "chain_probe_step"


def _step(module: str, name: str, code: int, **kwargs) -> Step:
    return Step(name, module, [name, str(code)], **kwargs)


def test_outputs_codes_and_env_per_step(step_module: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    codes = run_chain(
        [
            _step(step_module, "a", 0, env={"CHAIN_PROBE": "only-a"}),
            _step(step_module, "b", 3),
            _step(step_module, "c", 99),
            _step(step_module, "d", 98),
            _step(step_module, "e", 0),
        ],
        outputs=out,
        keep_going=True,
        announce=False,
    )
    assert codes == {"a": 0, "b": 3, "c": 1, "d": 5, "e": 0}
    a = (out / "a.out").read_text()
    assert "python says a" in a and "child says hello" in a and "env only-a" in a
    assert "env unset" in (out / "b.out").read_text()  # the step's env did not leak on
    assert "RuntimeError: the step broke" in (out / "c.out").read_text()
    assert "python says b" not in a  # one file per step
    assert os.environ.get("CHAIN_PROBE") is None
    print("after the chain")  # output is back where it was
    os.write(2, b"after the chain")
    assert "after the chain" not in (out / "e.out").read_text()


def test_stops_at_the_first_failure_unless_it_may_fail(step_module: str) -> None:
    codes = run_chain(
        [
            _step(step_module, "stale", 1, may_fail=True),
            _step(step_module, "build", 2),
            _step(step_module, "never", 0),
        ],
        announce=False,
    )
    assert codes == {"stale": 1, "build": 2}


def test_the_main_job_runs_make_runs_commands_in_order(tmp_path: Path) -> None:
    steps = main_job_steps(
        tmp_path / "raw",
        build_args=["--exclude-resource-type", "unit_test"],
        top=7,
        briefing=tmp_path / "b.html",
    )
    assert [(s.kind, s.args[:2]) for s in steps] == [
        ("cse_ingest.load", ["--data", str(tmp_path / "raw")]),
        ("dbt", ["source", "freshness"]),
        ("cse_ingest.freshness", []),
        ("dbt", ["build", "--exclude-resource-type"]),
        ("dbt", ["run-operation", "compute_table_statistics"]),
        ("dbt", ["docs", "generate"]),
        ("cse_networks.docs_owners", []),
        ("cse_networks.summary", []),
        ("briefing.__main__", ["--top", "7"]),
    ]
    # every module step has the main(argv) its `python -m` command calls (importing
    # starts no JVM)
    for step in steps:
        if step.kind != "dbt":
            assert callable(importlib.import_module(step.kind).main), step.kind
    # only the freshness check may fail and let the job go on
    assert [s.name for s in steps if s.may_fail] == ["source freshness"]


def test_dbt_results_map_to_the_dbt_commands_exit_codes() -> None:
    """dbt.utils.ExitCodes: what `make run`'s chain and the mini-cluster stage's build return."""
    from types import SimpleNamespace

    from cse_networks.chain import dbt_exit_code

    assert dbt_exit_code(SimpleNamespace(success=True, exception=None)) == 0
    assert dbt_exit_code(SimpleNamespace(success=False, exception=None)) == 1  # a node failed
    assert dbt_exit_code(SimpleNamespace(success=False, exception=RuntimeError("x"))) == 2
