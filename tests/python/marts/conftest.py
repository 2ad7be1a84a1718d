"""A macros-only copy of the project, for `dbt run-operation` tests of macros/publish.

It holds the project's ``dbt_project.yml`` (its vars), ``macros/`` and the groups file
the project's folder config names, without the models: dbt parses only what the
operation uses, a few seconds instead of the whole DAG per call. No warehouse is
needed by the pure macros these tests run.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]

Operation = Callable[..., tuple[int, str]]


@pytest.fixture(scope="module")
def macro_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's own dbt_project.yml, macros and groups; no models, seeds or tests."""
    out = tmp_path_factory.mktemp("macro-project")
    shutil.copy2(REPO / "dbt_project.yml", out / "dbt_project.yml")
    shutil.copytree(REPO / "macros", out / "macros")
    (out / "models").mkdir()
    for groups in REPO.glob("models/_*__groups.yml"):  # dbt_project.yml assigns groups
        shutil.copy2(groups, out / "models" / groups.name)
    return out


@pytest.fixture
def run_operation(macro_project: Path, tmp_path: Path) -> Operation:
    """Run ``dbt run-operation NAME --args ARGS [EXTRA...]``: (exit code, stdout + stderr)."""

    def run(name: str, args: dict, *extra: str) -> tuple[int, str]:
        env = {
            "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
            "HOME": str(tmp_path),
            "DBT_PROFILES_DIR": str(REPO),
            "DBT_TARGET_PATH": str(tmp_path / "target"),
            "DBT_LOG_PATH": str(tmp_path / "logs"),
            "CSE_WAREHOUSE_DIR": str(tmp_path / "warehouse"),
        }
        dbt = str(Path(sys.executable).parent / "dbt")
        result = subprocess.run(
            [dbt, "run-operation", name, "--args", json.dumps(args), *extra],
            cwd=macro_project,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        return result.returncode, result.stdout + result.stderr

    return run
