"""The publish volume guard's limits (macros/publish), through `dbt run-operation`.

A 40% cut of one table (a partial extract) must stop the publish; growth has a
looser limit; a per-table limit overrides the defaults. No warehouse is needed:
the operation only compares the counts it is given. It runs in a copy of the
project's ``dbt_project.yml`` (its vars, the guard's limits), ``macros/`` and the
groups file the project's folder config names, without the models: dbt parses
only what the operation uses, a few seconds instead of the whole DAG per call.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# runs the dbt CLI (`run-operation`): a full-suite test, left out of `make test-fast`
pytestmark = pytest.mark.dbt

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def guard_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's own dbt_project.yml, macros and groups; no models, seeds or tests."""
    out = tmp_path_factory.mktemp("guard-project")
    shutil.copy2(REPO / "dbt_project.yml", out / "dbt_project.yml")
    shutil.copytree(REPO / "macros", out / "macros")
    (out / "models").mkdir()
    for groups in REPO.glob("models/_*__groups.yml"):  # dbt_project.yml assigns groups
        shutil.copy2(groups, out / "models" / groups.name)
    return out


def _check(
    project: Path, tmp_path: Path, previous: dict, current: dict, *extra: str
) -> tuple[int, str]:
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DBT_PROFILES_DIR": str(REPO),
        "DBT_TARGET_PATH": str(tmp_path / "target"),
        "DBT_LOG_PATH": str(tmp_path / "logs"),
        "CSE_WAREHOUSE_DIR": str(tmp_path / "warehouse"),
    }
    args = json.dumps({"previous": previous, "current": current})
    dbt = str(Path(sys.executable).parent / "dbt")
    result = subprocess.run(
        [dbt, "run-operation", "check_volume_change", "--args", args, *extra],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def test_a_40_percent_cut_stops_and_growth_has_a_looser_limit(
    guard_project: Path, tmp_path: Path
) -> None:
    code, output = _check(
        guard_project,
        tmp_path,
        {"crimes": 4188, "nominals": 1000, "intel_reports": 1000, "ocg_nominals": 0},
        {"crimes": 2513, "nominals": 1600, "intel_reports": 1400, "ocg_nominals": 0},
    )
    assert code != 0
    assert "Volume guard" in output
    assert "crimes: 2513 rows now against 4188 at the last publish (a drop of 40.0%" in output
    assert "nominals: 1600 rows now against 1000 at the last publish (growth of 60.0%" in output
    assert "intel_reports" not in output  # +40% is within the growth limit
    assert "volume_guard_acknowledged" in output


def test_within_limits_and_per_table_limits_pass(guard_project: Path, tmp_path: Path) -> None:
    code, output = _check(
        guard_project,
        tmp_path,
        {"crimes": 1000, "nominals": 1000},
        {"crimes": 600, "nominals": 850},  # crimes -40% allowed by its own limit; nominals -15%
        "--vars",
        "{volume_guard_table_limits: {crimes: {max_drop: 0.5}}}",
    )
    assert code == 0, output[-2000:]
    assert "volume guard: within limits for 2 table(s)" in output
