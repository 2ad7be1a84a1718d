"""Labs built in background threads, at most ``workers`` at a time, for the tests that wait."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
from lab import Lab

Builder = Callable[[Path, Path], dict]


class LabQueue:
    """Builds labs in background threads, in the order of ``labs``, at most ``workers``
    at a time; tests wait for theirs.

    ``labs`` maps a lab's fixture name to the function that builds it from a folder
    and the tiny data set (``data(tmp_path_factory)``, fetched once, in the queue).
    ``lab_class`` is the Lab whose running commands ``stop`` kills. A lab is a chain of
    subprocesses (dbt, the loader, snapshots) each mostly on one core, so on a 2-core
    machine two labs side by side finish sooner than one after the other.
    """

    def __init__(
        self,
        labs: dict[str, Builder],
        data: Callable[[pytest.TempPathFactory], Path],
        lab_class: type[Lab] = Lab,
        workers: int = 1,
    ) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self._labs, self._data_of, self._lab_class = labs, data, lab_class
        self._workers = workers
        self._executor: ThreadPoolExecutor | None = None
        self._futures: dict[str, Future] = {}
        self._data: Future | None = None
        self._built: dict[str, dict] = {}  # labs built in a test's thread, by name
        self._lock = threading.Lock()

    def start(self, names: list[str], tmp_path_factory: pytest.TempPathFactory) -> None:
        """Queue the labs ``names`` (in the order of ``labs``); their folders are made here."""
        names = [name for name in self._labs if name in names]
        if not names:
            return
        roots = {name: tmp_path_factory.mktemp(f"{name.replace('_', '-')}-lab") for name in names}
        self._executor = ThreadPoolExecutor(max_workers=self._workers, thread_name_prefix="labs")
        self._data = self._executor.submit(self._data_of, tmp_path_factory)
        with self._lock:
            for name in names:
                self._futures[name] = self._executor.submit(self._build, name, roots[name])

    def _build(self, name: str, root: Path) -> dict:
        assert self._data is not None
        return self._labs[name](root, self._data.result())

    def result(self, name: str, build: Callable[[], dict]) -> dict:
        """The lab ``name``: the queue's build (waited for), or ``build()`` here, once:
        every later call gets the same result (a lab can serve several fixtures)."""
        with self._lock:
            future = self._futures.get(name)
        if future is not None:
            return future.result()
        if name not in self._built:
            self._built[name] = build()
        return self._built[name]

    def stop(self) -> None:
        """At the session's end: drop queued labs and kill a lab's running command."""
        if self._executor is None:
            return
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._lab_class.kill_running()
