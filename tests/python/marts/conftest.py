"""A macros-only copy of the project, for `dbt run-operation` tests of macros/publish.

It holds the project's ``dbt_project.yml`` (its vars), ``macros/`` and the groups file
the project's folder config names, without the models: dbt parses only what the
operation uses, a few seconds instead of the whole DAG per call. No warehouse is
needed by the pure macros these tests run.

The operations run in one child process for the whole session (``DbtOperations``):
each is one ``dbt run-operation`` through dbt's programmatic entry point
(``dbtRunner``, what the ``dbt`` command itself calls, as ``cse_networks.chain`` runs
the main job's dbt commands), its output captured alone and its exit code the
command's. A ``dbt`` command per call paid dbt's imports and a parse of the project
every time (about 3 s of CPU a call; in the child, after its first call, well under
1 s: dbt is imported once and its partial parse reused). Each call is independent
of the others: they share only dbt's parse cache of a project nothing changes, so
any order gives the same results.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]

Operation = Callable[..., tuple[int, str]]

# The child: one request a line on stdin (dbt's arguments, JSON), one reply a line
# on stdout ({"code", "output"}); each invocation's output (dbt's log, as the dbt
# command prints it) goes to a file of its own while it runs.
_OPERATIONS = """
import json, sys, traceback
from pathlib import Path
from dbt.cli.main import dbtRunner
from cse_networks.chain import dbt_exit_code, output_to

outputs = Path(sys.argv[1])
reply = sys.stdout
for n, line in enumerate(sys.stdin):
    out = outputs / f"operation-{n}.out"
    with output_to(out):
        try:
            code = dbt_exit_code(dbtRunner().invoke(json.loads(line)))
        except Exception:  # as the dbt command: a traceback and exit code 2
            traceback.print_exc()
            code = 2
    reply.write(json.dumps({"code": code, "output": out.read_text()}) + "\\n")
    reply.flush()
"""


class DbtOperations:
    """``dbt run-operation`` calls on ``project``, in one child process started on
    first use (and again if it has ended)."""

    def __init__(self, project: Path, work: Path) -> None:
        self.project, self.work = project, work
        self._child: subprocess.Popen | None = None
        self._errors = (work / "child.err").open("a")  # the child's stderr

    def _start(self) -> subprocess.Popen:
        outputs = self.work / "outputs"
        outputs.mkdir(parents=True, exist_ok=True)
        env = {
            "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
            "HOME": str(self.work),
            "DBT_PROFILES_DIR": str(REPO),
            "DBT_TARGET_PATH": str(self.work / "target"),
            "DBT_LOG_PATH": str(self.work / "logs"),
            "CSE_WAREHOUSE_DIR": str(self.work / "warehouse"),
        }
        return subprocess.Popen(
            [sys.executable, "-c", _OPERATIONS, str(outputs)],
            cwd=self.project,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._errors,
            text=True,
        )

    def run(self, name: str, args: dict, *extra: str) -> tuple[int, str]:
        """``dbt run-operation NAME --args ARGS [EXTRA...]``: (exit code, its output)."""
        if self._child is None or self._child.poll() is not None:
            self._stop()  # one that ended: its pipes closed
            self._child = self._start()
        assert self._child.stdin and self._child.stdout
        request = ["run-operation", name, "--args", json.dumps(args), *extra]
        self._child.stdin.write(json.dumps(request) + "\n")
        self._child.stdin.flush()
        line = self._child.stdout.readline()
        if not line:
            errors = (self.work / "child.err").read_text()[-3000:]
            raise RuntimeError(f"the dbt operations process ended:\n{errors}")
        reply = json.loads(line)
        return reply["code"], reply["output"]

    def _stop(self) -> None:
        if self._child is not None:
            assert self._child.stdin and self._child.stdout
            self._child.stdin.close()  # the child's signal to end
            self._child.wait(timeout=60)
            self._child.stdout.close()
            self._child = None

    def close(self) -> None:
        self._stop()
        self._errors.close()


@pytest.fixture(scope="session")
def macro_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's own dbt_project.yml, macros and groups; no models, seeds or tests."""
    out = tmp_path_factory.mktemp("macro-project")
    shutil.copy2(REPO / "dbt_project.yml", out / "dbt_project.yml")
    shutil.copytree(REPO / "macros", out / "macros")
    (out / "models").mkdir()
    for groups in REPO.glob("models/_*__groups.yml"):  # dbt_project.yml assigns groups
        shutil.copy2(groups, out / "models" / groups.name)
    return out


@pytest.fixture(scope="session")
def dbt_operations(
    macro_project: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DbtOperations]:
    operations = DbtOperations(macro_project, tmp_path_factory.mktemp("dbt-operations"))
    yield operations
    operations.close()


@pytest.fixture
def run_operation(dbt_operations: DbtOperations) -> Operation:
    """Run ``dbt run-operation NAME --args ARGS [EXTRA...]``: (exit code, its output)."""
    return dbt_operations.run
