"""Labs built in background threads, at most ``workers`` at a time, for the tests that wait;
or read from the files ``lab_runner.py`` wrote ahead of pytest."""

from __future__ import annotations

import contextlib
import os
import pickle
import threading
import time
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

    ``prebuilt``: the folder ``lab_runner.py`` builds the labs in, ahead of pytest. The
    queue then builds nothing: ``result`` waits for the lab's ``<name>.pickle`` there,
    and fails with the runner's traceback (``<name>.error``), or with the runner's
    end, when the lab cannot come.
    """

    def __init__(
        self,
        labs: dict[str, Builder],
        data: Callable[[pytest.TempPathFactory], Path],
        lab_class: type[Lab] = Lab,
        workers: int = 1,
        prebuilt: Path | None = None,
    ) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self._labs, self._data_of, self._lab_class = labs, data, lab_class
        self._workers, self._prebuilt = workers, prebuilt
        self._executor: ThreadPoolExecutor | None = None
        self._futures: dict[str, Future] = {}
        self._data: Future | None = None
        self._built: dict[str, dict] = {}  # labs built in a test's thread, by name
        self._lock = threading.Lock()

    def start(self, names: list[str], tmp_path_factory: pytest.TempPathFactory) -> None:
        """Queue the labs ``names`` (in the order of ``labs``); their folders are made here."""
        names = [name for name in self._labs if name in names]
        if not names or self._prebuilt is not None:
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
        if self._prebuilt is not None:
            with self._lock:  # one read and unpickling per lab
                if name not in self._built:
                    self._built[name] = read_prebuilt(self._prebuilt, name)
                return self._built[name]
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


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (an ended one its parent has not reaped is not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process of that id: alive
        return True
    stat = Path(f"/proc/{pid}/stat")
    with contextlib.suppress(OSError):
        return stat.read_text().rsplit(") ", 1)[1].split()[0] != "Z"
    return True


def read_prebuilt(folder: Path, name: str, poll_seconds: float = 1.0) -> dict:
    """The lab ``name`` ``lab_runner.py`` built in ``folder``: waits for its pickle;
    raises with the runner's traceback, or when the runner has ended (or never wrote
    its pid) without writing it."""
    done, error = folder / f"{name}.pickle", folder / f"{name}.error"
    pid_file = folder / "runner.pid"
    while True:
        if done.exists():
            with done.open("rb") as file:
                return pickle.load(file)
        if error.exists():
            raise RuntimeError(f"the lab runner failed to build {name}:\n{error.read_text()}")
        pid = int(pid_file.read_text()) if pid_file.exists() else None
        if pid is None or not _alive(pid):
            # a last look: the runner may have written the file as it ended
            if done.exists() or error.exists():
                continue
            raise RuntimeError(
                f"the lab runner ({folder}) ended without building {name}: see its log "
                "(scripts/test.sh: .local/test-logs/labs.log)"
            )
        time.sleep(poll_seconds)
