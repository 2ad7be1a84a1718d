"""Logs, command output and dbt artefacts never contain personal data.

Scans named folders only: the reliability lab (requested as fixtures, so
it exists whatever order the tests run in: a run on the world cut a year early,
a hostile build with overrides on the whole world, then a fault, a retry, a kill,
a guard)
and, under the test command, its own tiny build (`target/test`,
`.local/test-logs`). Looks for the generated full names, PNC ids and rare
surnames of the tiny data set; data copies (warehouse, snapshots) are the
warehouse's own local state and are not scanned.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest
from lab import REPO

pytestmark = pytest.mark.pipeline

SKIP_DIRS = {"warehouse", "snapshots", "truncated-raw", "hostile-raw", "tiny-data", "raw", "truth"}
TEXT_SUFFIXES = {".json", ".log", ".out", ".sql", ".py", ".txt", ".html", ".yml", ".md", ""}


def _project_text() -> str:
    parts = []
    for folder in ("models", "tests", "seeds", "macros", "python", "analyses", "contract"):
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
            name = f"{forename.strip()} {surname.strip()}".upper()
            if name not in project:  # a placeholder the project names ("PERSON UNKNOWN")
                needles.add(name)
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


# A token: letters (any script), digits and the marks inside names and PNC ids.
TOKEN = re.compile(r"[\w/'\-]+")


class NeedleScanner:
    """Counts whole-token occurrences of needle phrases in text.

    Needles and text are split into the same tokens, so "JANE  DOE" or "JANE DOE,"
    match the needle "JANE DOE" while "DOES" does not match "DOE". One pass over a
    file's tokens (a dict lookup per token) instead of a regex alternation of ~1,000
    phrases: the whole scan takes seconds, not minutes.
    """

    def __init__(self, needles: set[str]) -> None:
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for needle in needles:
            tokens = tuple(TOKEN.findall(needle.upper()))
            if tokens:
                self._by_first.setdefault(tokens[0], []).append(tokens)

    def count(self, text: str) -> int:
        tokens = TOKEN.findall(text.upper())
        hits = 0
        for i, token in enumerate(tokens):
            for phrase in self._by_first.get(token, ()):
                if tuple(tokens[i : i + len(phrase)]) == phrase:
                    hits += 1
        return hits


def test_the_scanner_finds_a_planted_name_and_ignores_lookalikes() -> None:
    scanner = NeedleScanner({"JANE DOE", "2001/0000001A", "OSULLIVANE"})
    assert scanner.count('{"name": "Jane  Doe", "pnc": "2001/0000001A"}') == 2
    assert scanner.count("log line: osullivane.") == 1
    assert scanner.count("JANE DOES, JANEDOE, 2001/0000001AB, O SULLIVANE") == 0


def test_no_personal_data_in_logs_or_artifacts(
    tiny_data: Path, rerun_scenario: dict, hostile: dict, two_runs: dict
) -> None:
    roots = sorted({rerun_scenario["root"], hostile["lab"].root, two_runs["root"]})
    for var in ("CSE_TINY_TARGET", "CSE_TINY_LOGS"):
        if os.environ.get(var):
            roots.append(Path(os.environ[var]))
    files = _files(roots)
    assert any(p.name == "manifest.json" for p in files), "no dbt artefacts found to scan"
    assert any(p.suffix == ".log" for p in files), "no dbt logs found to scan"
    needles = _needles(tiny_data / "raw")
    assert len(needles) > 100
    scanner = NeedleScanner(needles)
    offenders = []
    for path in files:
        hits = scanner.count(path.read_text(errors="ignore"))
        if hits:
            offenders.append(f"{path} ({hits} matches)")
    # Only file names and counts are reported, never the matched values.
    assert not offenders, "personal data found in: " + "; ".join(offenders[:20])
