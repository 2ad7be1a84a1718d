"""Shared fixtures of the reliability tests: the tiny data set and the labs.

The labs (``scenarios.py``) are whole-pipeline runs on disposable warehouses: the
slowest part of the suite. When collection ends, ``LabQueue`` starts the labs the
selected tests need in background threads, side by side (``LAB_WORKERS``), so they
build while the rest of the suite runs (each lab is its own warehouse and Spark JVM: no
lab reads another's or the tiny warehouse's metastore); the tests that use a lab
run last (``pytest_collection_modifyitems`` below). A lab can serve several fixtures
(``FIXTURES``: the hostile build and the reruns after it are one lab). Each fixture
waits for its lab; without the queue (a lab not started) the fixture builds it in the
test's thread, so every test gets its lab whatever order the tests run in. The
privacy scan requests them all.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import scenarios
from lab_queue import LabQueue

REPO = Path(__file__).resolve().parents[3]

# Lab name -> the scenario that builds it, in the order the queue starts them. One
# lab now: run 1 on the cut world, run 2 on the hostile extract, then the reruns
# (three whole builds where two labs took four: scenarios.ids_then_hostile_then_reruns).
LABS: dict[str, Callable[[Path, Path], dict]] = {
    "ids_hostile_reruns": scenarios.ids_then_hostile_then_reruns,
}
# Fixture name -> (its lab, the part of the lab's result it is; None: all of it).
FIXTURES: dict[str, tuple[str, str | None]] = {
    "two_runs": ("ids_hostile_reruns", "two_runs"),
    "hostile": ("ids_hostile_reruns", "hostile"),
    "rerun_scenario": ("ids_hostile_reruns", "reruns"),
}
# Labs built side by side (one lab now; the queue takes several): each is a chain of
# mostly single-core subprocesses, so two at a time keep a 2-core machine busy while
# the rest of the suite runs beside them
# (README "Tests"; CSE_TEST_LAB_WORKERS=1 builds them one after another).
LAB_WORKERS = int(os.environ.get("CSE_TEST_LAB_WORKERS", "2"))


def _labs_of(fixturenames: object) -> set[str]:
    return {FIXTURES[name][0] for name in set(FIXTURES) & set(fixturenames or ())}


def _tiny_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny data set (raw/ and truth/): the test command's, or generated here."""
    if os.environ.get("CSE_TINY_DATA"):
        return Path(os.environ["CSE_TINY_DATA"])
    out = tmp_path_factory.mktemp("tiny-data")
    generate = [sys.executable, "-m", "cse_synth.generate", "--scale", "tiny", "--seed", "42"]
    subprocess.run([*generate, "--out", str(out)], cwd=REPO, check=True, capture_output=True)
    return out


QUEUE = LabQueue(LABS, _tiny_data, workers=LAB_WORKERS)


def _uses_a_lab(item: pytest.Item) -> bool:
    return bool(_labs_of(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that wait for a lab run last (a stable sort: pytest-randomly's shuffle of
    each group stays), so the queue builds while every other test runs."""
    items.sort(key=_uses_a_lab)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """The first test that waits for a lab starts: every other test has run (they run
    first, above), so pytest's own work is now only the labs' chains. The test command
    then starts its mini-cluster stage beside them (``CSE_TEST_LABS_ONLY_MARK``, a file
    this writes once; scripts/test.sh)."""
    mark = os.environ.get("CSE_TEST_LABS_ONLY_MARK")
    if mark and _uses_a_lab(item) and not Path(mark).exists():
        Path(mark).touch()


def pytest_collection_finish(session: pytest.Session) -> None:
    if session.config.option.collectonly:
        return
    wanted = set().union(*(_labs_of(getattr(item, "fixturenames", ())) for item in session.items))
    # the session's temporary-folder factory (what the tmp_path_factory fixture returns)
    QUEUE.start([name for name in LABS if name in wanted], session.config._tmp_path_factory)


def pytest_sessionfinish(session: pytest.Session) -> None:
    QUEUE.stop()


@pytest.fixture(scope="session")
def tiny_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny data set (raw/ and truth/): the test command's, or generated here."""
    return _tiny_data(tmp_path_factory)


def _lab(fixture: str, tmp_path_factory: pytest.TempPathFactory, tiny_data: Path) -> dict:
    name, part = FIXTURES[fixture]

    def build() -> dict:
        return LABS[name](tmp_path_factory.mktemp(f"{name.replace('_', '-')}-lab"), tiny_data)

    result = QUEUE.result(name, build)  # once per lab, however many fixtures ask
    if part is None:
        return result
    if isinstance(result[part], Exception):  # this part failed; the lab's others stand
        raise result[part]
    return result[part]


@pytest.fixture(scope="session")
def rerun_scenario(tmp_path_factory: pytest.TempPathFactory, tiny_data: Path) -> dict:
    """An operator's reruns, faults and volume guard after the hostile build
    (scenarios.ids_then_hostile_then_reruns)."""
    return _lab("rerun_scenario", tmp_path_factory, tiny_data)


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory, tiny_data: Path) -> dict:
    """The hostile extract with real override seeds, built once
    (scenarios.ids_then_hostile_then_reruns, its second run)."""
    return _lab("hostile", tmp_path_factory, tiny_data)


@pytest.fixture(scope="session")
def two_runs(tmp_path_factory: pytest.TempPathFactory, tiny_data: Path) -> dict:
    """Run 1 on the world cut a year early, run 2 on the whole world with the hostile
    rows (scenarios.ids_then_hostile_then_reruns)."""
    return _lab("two_runs", tmp_path_factory, tiny_data)
