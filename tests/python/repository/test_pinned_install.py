"""scripts/pinned-install.sh: uv installs the pinned packages, pip when uv cannot.

Run on stand-in ``uv`` and ``pip`` programs that record their arguments, so the
choice between them and the constraints they get are checked without a network.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
CONSTRAINTS = str(REPO / "requirements" / "constraints.txt")


def _stand_in(path: Path, log: Path, exit_code: int, offline_exit: int | None = None) -> None:
    """A program that logs its arguments and exits ``exit_code`` (``offline_exit`` when
    its arguments say --offline, if given: uv with or without a warm cache)."""
    offline = (
        "" if offline_exit is None else f'case "$*" in *--offline*) exit {offline_exit};; esac\n'
    )
    path.write_text(f'#!/bin/sh\necho "$(basename "$0") $*" >> {log}\n{offline}exit {exit_code}\n')
    path.chmod(0o755)


def _install(
    tmp_path: Path, *, uv_exit: int | None, with_pip: bool = False, offline_exit: int | None = None
) -> tuple[list, str]:
    """Source the helper and install "-e .[dev]" into a stand-in venv; ``uv_exit``
    None: no uv in the project's venv (its pip installs one that exits 0)."""
    log = tmp_path / "calls.log"
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    _stand_in(venv / "bin" / "pip", log, 0)
    if uv_exit is not None:
        _stand_in(venv / "bin" / "uv", log, uv_exit, offline_exit)
    else:  # the stand-in pip "installs" uv by writing it
        (venv / "bin" / "pip").write_text(
            f'#!/bin/sh\necho "pip $*" >> {log}\n'
            f'case "$*" in *" uv") printf \'#!/bin/sh\\necho "uv $*" >> {log}\\n\' '
            f"> {venv}/bin/uv; chmod +x {venv}/bin/uv;; esac\n"
        )
    script = (
        f"CSE_REPO_ROOT={REPO}; CSE_VENV={venv}; "
        f"{'CSE_INSTALL_WITH_PIP=1; ' if with_pip else ''}"
        f"source {REPO}/scripts/pinned-install.sh; pinned_install {venv} -e '.[dev]'"
    )
    done = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, check=True, timeout=30
    )
    calls = log.read_text().splitlines() if log.exists() else []
    return calls, done.stderr


def test_uv_installs_from_its_cache_with_the_constraints_and_pip_is_not_used(
    tmp_path: Path,
) -> None:
    calls, stderr = _install(tmp_path, uv_exit=0)
    python = tmp_path / "venv" / "bin" / "python"
    assert calls == [
        f"uv pip install --quiet --offline --python {python} -c {CONSTRAINTS} -e .[dev]"
    ]
    assert stderr == ""


def test_a_cache_without_the_pinned_packages_installs_from_the_index(tmp_path: Path) -> None:
    """A cold cache (a fresh CI machine): the offline try fails, quietly, and uv installs
    online under the same constraints."""
    calls, stderr = _install(tmp_path, uv_exit=0, offline_exit=2)
    python = tmp_path / "venv" / "bin" / "python"
    assert calls == [
        f"uv pip install --quiet --offline --python {python} -c {CONSTRAINTS} -e .[dev]",
        f"uv pip install --quiet --python {python} -c {CONSTRAINTS} -e .[dev]",
    ]
    assert stderr == ""


def test_a_missing_uv_is_installed_first_by_pip_under_the_constraints(tmp_path: Path) -> None:
    calls, _ = _install(tmp_path, uv_exit=None)
    assert calls[0].startswith("pip install") and calls[0].endswith(f"-c {CONSTRAINTS} uv")
    assert calls[1].startswith("uv pip install --quiet --offline")
    assert len(calls) == 2  # the stand-in uv installs from its cache


@pytest.mark.parametrize("with_pip", [False, True], ids=["uv-fails", "pip-asked-for"])
def test_pip_installs_when_uv_fails_or_is_not_wanted(tmp_path: Path, with_pip: bool) -> None:
    calls, stderr = _install(tmp_path, uv_exit=1, with_pip=with_pip)
    installs = [c for c in calls if c.startswith("pip install") and "--upgrade pip" not in c]
    assert installs == [
        f"pip install --quiet --disable-pip-version-check -c {CONSTRAINTS} -e .[dev]"
    ]
    assert any(c.startswith("uv ") for c in calls) is not with_pip
    if not with_pip:
        assert "uv could not install" in stderr
