"""scripts/env.sh, sourced again from a second checkout in the same shell.

A clean clone run from a shell that had sourced another checkout's env.sh took
that checkout's .venv (so its code), data folder and profile, and would have
recorded its commit in the run audit: env.sh now derives them again when the
checkout changes, and keeps what was set by hand elsewhere.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
NAMES = ("CSE_REPO_ROOT", "CSE_VENV", "DBT_PROFILES_DIR", "CSE_WAREHOUSE_DIR", "CSE_DATA_DIR")


def _checkout(root: Path) -> Path:
    (root / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts" / "env.sh", root / "scripts" / "env.sh")
    return root


def _source_both(first: Path, second: Path, before: str = "") -> dict[str, str]:
    script = (
        f"{before}\nsource {first}/scripts/env.sh\nsource {second}/scripts/env.sh\n"
        + "\n".join(f'echo "{name}=${{{name}}}"' for name in (*NAMES, "CSE_GIT_COMMIT"))
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    out = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    return dict(line.split("=", 1) for line in out.stdout.splitlines())


def test_a_second_checkout_gets_its_own_paths_and_commit(tmp_path):
    first, second = _checkout(tmp_path / "one"), _checkout(tmp_path / "two")
    seen = _source_both(first, second)
    assert seen["CSE_REPO_ROOT"] == str(second)
    assert seen["CSE_VENV"] == f"{second}/.venv"
    assert seen["DBT_PROFILES_DIR"] == str(second)
    assert seen["CSE_WAREHOUSE_DIR"] == f"{second}/.local/warehouse"
    assert seen["CSE_DATA_DIR"] == f"{second}/.local/data"
    assert seen["CSE_GIT_COMMIT"] == "not a git checkout"  # the second's, not the first's


def test_paths_set_by_hand_outside_the_first_checkout_are_kept(tmp_path):
    first, second = _checkout(tmp_path / "one"), _checkout(tmp_path / "two")
    seen = _source_both(first, second, before=f"export CSE_DATA_DIR={tmp_path}/shared-data")
    assert seen["CSE_DATA_DIR"] == f"{tmp_path}/shared-data"
    assert seen["CSE_VENV"] == f"{second}/.venv"


def test_sourcing_twice_in_one_checkout_changes_nothing(tmp_path):
    first = _checkout(tmp_path / "one")
    seen = _source_both(first, first, before=f"export CSE_WAREHOUSE_DIR={first}/elsewhere")
    assert seen["CSE_WAREHOUSE_DIR"] == f"{first}/elsewhere"
