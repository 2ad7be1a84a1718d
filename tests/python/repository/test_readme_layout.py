"""The README's layout table matches the folders: every folder it names exists, and
every folder of the repository (and every package of ``python/``, every layer of
``models/``) has a row, so a new engineer reading it finds each part where it says."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
# folders under which the table names each subfolder rather than the folder itself
ONE_ROW_PER_SUBFOLDER = ("models", "python")


def _layout_paths(readme: str) -> list[str]:
    """The backticked paths of the first column of the README's "## Layout" table."""
    section = readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [re.match(r"\| `([^`]+)`", row).group(1) for row in rows]


def _tracked_folders() -> set[str]:
    """Every folder that holds a tracked file, as ``a/`` and ``a/b/`` (two levels)."""
    files = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    folders = set()
    for file in files:
        parts = file.split("/")[:-1]
        for depth in (1, 2):
            if len(parts) >= depth:
                folders.add("/".join(parts[:depth]) + "/")
    return folders


def _missing(named: list[str], folders: set[str]) -> list[str]:
    """Folders without a row: top-level folders, and the subfolders of
    ``ONE_ROW_PER_SUBFOLDER`` (a row for a deeper path covers its parents)."""
    top = {f for f in folders if f.count("/") == 1 and f.rstrip("/") not in ONE_ROW_PER_SUBFOLDER}
    subs = {f for f in folders if f.count("/") == 2 and f.split("/")[0] in ONE_ROW_PER_SUBFOLDER}
    return sorted(f for f in top | subs if not any(n.startswith(f) for n in named))


def test_every_folder_named_in_the_layout_exists() -> None:
    named = _layout_paths((REPO / "README.md").read_text())
    assert len(named) > 10
    assert [n for n in named if not (REPO / n).exists()] == []


def test_every_folder_has_a_row_in_the_layout() -> None:
    named = _layout_paths((REPO / "README.md").read_text())
    assert _missing(named, _tracked_folders()) == []


def test_a_folder_without_a_row_is_found() -> None:
    """Negative control: a new package, or a new top-level folder, without a row."""
    named = ["models/staging/", "python/graph_step/", "scripts/"]
    folders = {"models/", "models/staging/", "python/", "python/graph_step/", "scripts/"}
    assert _missing(named, folders) == []
    assert _missing(named, folders | {"python/new_package/"}) == ["python/new_package/"]
    assert _missing(named, folders | {"docs/"}) == ["docs/"]
    # a deeper row covers its parent package
    assert _missing(["python/dbt/adapters/sparksession/"], {"python/dbt/"}) == []
