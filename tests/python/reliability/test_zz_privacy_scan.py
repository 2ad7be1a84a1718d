"""Logs, command output and dbt artefacts never contain personal data.

Runs last (file name) so it also scans what the other reliability tests left
behind in this session's temporary folders, plus the test command's own tiny
build (`target/test`, `.local/test-logs`). Looks for the generated full names,
PNC ids and rare surnames of the tiny data set; data copies (warehouse,
snapshots) are the warehouse's own local state and are not scanned.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest
from lab import REPO, Lab

pytestmark = pytest.mark.pipeline

SKIP_DIRS = {"warehouse", "snapshots", "truncated-raw", "hostile-raw", "tiny-data", "raw", "truth"}
TEXT_SUFFIXES = {".json", ".log", ".out", ".sql", ".py", ".txt", ".html", ".yml", ".md", ""}


def _project_text() -> str:
    parts = []
    for folder in ("models", "tests", "seeds", "macros", "python", "analyses"):
        for path in (REPO / folder).rglob("*"):
            if path.is_file() and path.suffix in {".sql", ".yml", ".md", ".py", ".csv"}:
                parts.append(path.read_text(errors="ignore"))
    return "\n".join(parts).upper()


def _needles(raw: Path) -> set[str]:
    nominals = pd.read_parquet(raw / "nominals.parquet")
    project = _project_text()
    needles: set[str] = set()
    for forename, surname in zip(nominals["forename"], nominals["surname"], strict=True):
        if isinstance(forename, str) and isinstance(surname, str):
            needles.add(f"{forename.strip()} {surname.strip()}".upper())
        if isinstance(surname, str) and len(surname.strip()) >= 7:
            token = surname.strip().upper()
            if token not in project:
                needles.add(token)
    for pnc in nominals["pnc_id"].dropna():
        if len(pnc.strip()) >= 8:
            needles.add(pnc.strip().upper())
    return {n for n in needles if len(n) >= 7}


def _files(roots: list[Path]) -> list[Path]:
    files = []
    for root in roots:
        if not root.exists():
            continue
        for path in root.rglob("*"):
            if any(part in SKIP_DIRS for part in path.relative_to(root).parts):
                continue
            if path.is_file() and path.suffix in TEXT_SUFFIXES and path.stat().st_size < 50e6:
                files.append(path)
    return files


def test_no_personal_data_in_logs_or_artifacts(
    tiny_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    roots = [tmp_path_factory.getbasetemp()]
    for var in ("CSE_TINY_TARGET", "CSE_TINY_LOGS"):
        if os.environ.get(var):
            roots.append(Path(os.environ[var]))
    if len(roots) == 1:
        # Run alone: make a build of our own to scan.
        lab = Lab(tmp_path_factory.mktemp("privacy-lab"))
        assert lab.load(tiny_data / "raw").returncode == 0
        assert lab.dbt("build", name="build").returncode == 0
    files = _files(roots)
    assert any(p.name == "manifest.json" for p in files), "no dbt artefacts found to scan"
    assert any(p.suffix == ".log" for p in files), "no dbt logs found to scan"
    needles = _needles(tiny_data / "raw")
    assert len(needles) > 100
    pattern = re.compile("|".join(re.escape(n) for n in sorted(needles, key=len, reverse=True)))
    offenders = []
    for path in files:
        text = path.read_text(errors="ignore").upper()
        hits = len(pattern.findall(text))
        if hits:
            offenders.append(f"{path} ({hits} matches)")
    # Only file names and counts are reported, never the matched values.
    assert not offenders, "personal data found in: " + "; ".join(offenders[:20])
