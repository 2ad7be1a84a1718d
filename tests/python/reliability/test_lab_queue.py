"""The lab queue: labs build in order in background threads, at most ``workers`` at a
time, and the session's end stops them.

No Spark: the labs here are functions that record where they ran, and a ``sleep``
command stands in for a dbt run, on a Lab subclass with its own record of running
commands (so this test never touches the real labs building beside it).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import ClassVar

import pytest
from lab import Lab
from lab_queue import LabQueue


@pytest.fixture
def quiet_lab() -> type[Lab]:
    """A Lab subclass with its own record of running commands and of the session's end,
    new for each test (a test's ``stop`` must not end the next test's session)."""

    class _QuietLab(Lab):
        _running: ClassVar[set] = set()
        _stopped: ClassVar[list[bool]] = []

    return _QuietLab


def _data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path("/nonexistent/tiny")


def test_labs_build_in_order_in_one_background_thread(
    tmp_path_factory: pytest.TempPathFactory, quiet_lab: type[Lab]
) -> None:
    ran: list[tuple[str, str]] = []

    def lab(name: str):
        def build(root: Path, data: Path) -> dict:
            ran.append((name, threading.current_thread().name))
            return {"name": name, "root": root, "data": data}

        return build

    queue = LabQueue({"a": lab("a"), "b": lab("b"), "c": lab("c")}, _data, quiet_lab)
    queue.start(["c", "a"], tmp_path_factory)  # built in the queue's order: a, then c
    c = queue.result("c", lambda: pytest.fail("c was queued: no build in the test's thread"))
    a = queue.result("a", lambda: pytest.fail("a was queued"))
    assert [name for name, _ in ran] == ["a", "c"]
    assert {thread for _, thread in ran} != {threading.current_thread().name}
    assert len({thread for _, thread in ran}) == 1
    assert (a["name"], c["name"]) == ("a", "c") and a["root"] != c["root"]
    assert c["data"] == Path("/nonexistent/tiny")
    # a lab not queued is built where it is asked for, once: a second fixture of the
    # same lab gets the same result without a second build
    assert queue.result("b", lambda: {"name": "here"}) == {"name": "here"}
    assert queue.result("b", lambda: pytest.fail("b was built twice")) == {"name": "here"}
    queue.stop()


def test_two_workers_build_two_labs_side_by_side_and_no_more(
    tmp_path_factory: pytest.TempPathFactory, quiet_lab: type[Lab]
) -> None:
    lock = threading.Lock()
    running: list[str] = []
    most: list[int] = [0]
    both = threading.Barrier(2, timeout=60)  # a and b must be running at once

    def lab(name: str):
        def build(root: Path, data: Path) -> dict:
            with lock:
                running.append(name)
                most[0] = max(most[0], len(running))
            if name in ("a", "b"):
                both.wait()
            time.sleep(0.2)
            with lock:
                running.remove(name)
            return {"name": name, "thread": threading.current_thread().name}

        return build

    queue = LabQueue({n: lab(n) for n in "abc"}, _data, quiet_lab, workers=2)
    queue.start(["a", "b", "c"], tmp_path_factory)
    built = {n: queue.result(n, lambda: pytest.fail("queued")) for n in "abc"}
    assert [built[n]["name"] for n in "abc"] == ["a", "b", "c"]
    assert built["a"]["thread"] != built["b"]["thread"]
    assert most[0] == 2, "two labs side by side, never three"
    queue.stop()
    with pytest.raises(ValueError, match="at least 1"):
        LabQueue({}, _data, quiet_lab, workers=0)


def test_the_sessions_end_kills_a_running_lab_and_starts_no_other(
    tmp_path_factory: pytest.TempPathFactory, quiet_lab: type[Lab]
) -> None:
    started = threading.Event()
    outcomes: dict = {}

    def slow(root: Path, data: Path) -> dict:
        started.set()
        outcomes["first"] = quiet_lab(root).run(["sleep", "120"], "sleep")
        outcomes["second"] = quiet_lab(root).run(["true"], "true")  # must not start
        return outcomes

    queue = LabQueue({"slow": slow, "next": slow}, _data, quiet_lab)
    queue.start(["slow", "next"], tmp_path_factory)
    assert started.wait(60)
    deadline = time.monotonic() + 60
    while not quiet_lab._running and time.monotonic() < deadline:
        time.sleep(0.05)
    began = time.monotonic()
    queue.stop()
    with pytest.raises(RuntimeError, match="no new lab command"):
        queue.result("slow", lambda: {})
    assert time.monotonic() - began < 30, "the running command was not killed"
    assert outcomes["first"].returncode == -9
    assert "second" not in outcomes


def test_the_labs_only_mark_is_written_by_the_first_test_that_waits_for_a_lab(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test command starts its mini-cluster stage when this file appears
    (scripts/test.sh): not for a test that needs no lab, then once, at the first that does."""
    here = Path(__file__).with_name("conftest.py")
    plugins = request.config.pluginmanager.get_plugins()
    conftest = next(p for p in plugins if getattr(p, "__file__", None) == str(here))
    mark = tmp_path / "labs-only"
    monkeypatch.setenv("CSE_TEST_LABS_ONLY_MARK", str(mark))

    class _Item:
        def __init__(self, *fixturenames: str) -> None:
            self.fixturenames = fixturenames

    conftest.pytest_runtest_setup(_Item("tmp_path", "tiny_data"))
    assert not mark.exists()
    conftest.pytest_runtest_setup(_Item("tmp_path", "rerun_scenario"))
    assert mark.exists()
    mark.write_text("kept")
    conftest.pytest_runtest_setup(_Item("hostile"))
    assert mark.read_text() == "kept"  # written once
    monkeypatch.delenv("CSE_TEST_LABS_ONLY_MARK")
    mark.unlink()
    conftest.pytest_runtest_setup(_Item("hostile"))
    assert not mark.exists()  # outside the test command: nothing written
