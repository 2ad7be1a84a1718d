"""Shared fixtures of the reliability tests: the tiny data set and the three labs.

The labs (``scenarios.py``) are whole-pipeline runs on disposable warehouses: the
slowest part of the suite. When collection ends, ``LabQueue`` starts the labs the
selected tests need in background threads, two at a time (``LAB_WORKERS``), so they
build while the rest of the suite runs (each lab is its own warehouse and Spark JVM: no
lab reads another's or the tiny warehouse's metastore); the tests that use a lab
run last (``pytest_collection_modifyitems`` below). Each lab is a session fixture
that waits for its build; without the queue (a lab not started) the fixture builds
it in the test's thread, so every test gets its lab whatever order the tests run in.
The privacy scan requests all three.
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

# Lab fixture name -> the scenario that builds it, in the order the queue starts them
# (the two longest first: two whole runs, then a run and five partial reruns).
LABS: dict[str, Callable[[Path, Path], dict]] = {
    "two_runs": scenarios.two_runs,
    "rerun_scenario": scenarios.rerun_scenario,
    "hostile": scenarios.hostile_build,
}
# Labs built side by side: each is a chain of mostly single-core subprocesses, so two
# at a time keep a 2-core machine busy while the rest of the suite runs beside them
# (README "Tests"; CSE_TEST_LAB_WORKERS=1 builds them one after another).
LAB_WORKERS = int(os.environ.get("CSE_TEST_LAB_WORKERS", "2"))


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
    return bool(set(LABS) & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that wait for a lab run last (a stable sort: pytest-randomly's shuffle of
    each group stays), so the queue builds while every other test runs."""
    items.sort(key=_uses_a_lab)


def pytest_collection_finish(session: pytest.Session) -> None:
    if session.config.option.collectonly:
        return
    wanted = {name for item in session.items for name in getattr(item, "fixturenames", ())}
    # the session's temporary-folder factory (what the tmp_path_factory fixture returns)
    QUEUE.start([name for name in LABS if name in wanted], session.config._tmp_path_factory)


def pytest_sessionfinish(session: pytest.Session) -> None:
    QUEUE.stop()


@pytest.fixture(scope="session")
def tiny_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny data set (raw/ and truth/): the test command's, or generated here."""
    return _tiny_data(tmp_path_factory)


def _lab(name: str, tmp_path_factory: pytest.TempPathFactory, tiny_data: Path) -> dict:
    def build() -> dict:
        return LABS[name](tmp_path_factory.mktemp(f"{name.replace('_', '-')}-lab"), tiny_data)

    return QUEUE.result(name, build)


@pytest.fixture(scope="session")
def rerun_scenario(tmp_path_factory: pytest.TempPathFactory, tiny_data: Path) -> dict:
    """An operator's reruns, faults and volume guard on one warehouse (scenarios.rerun_scenario)."""
    return _lab("rerun_scenario", tmp_path_factory, tiny_data)


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory, tiny_data: Path) -> dict:
    """The hostile extract with real override seeds, built once (scenarios.hostile_build)."""
    return _lab("hostile", tmp_path_factory, tiny_data)


@pytest.fixture(scope="session")
def two_runs(tmp_path_factory: pytest.TempPathFactory, tiny_data: Path) -> dict:
    """Run 1 on the world cut a year early, run 2 on the whole world (scenarios.two_runs)."""
    return _lab("two_runs", tmp_path_factory, tiny_data)
