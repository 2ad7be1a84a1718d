"""Opt-in wall time, CPU time and peak memory per phase of the graph step (for the benchmark)."""

from __future__ import annotations

import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

__all__ = ["PhaseTimes", "phase", "record_phases"]


@dataclass
class PhaseTimes:
    """Seconds per phase: ``wall`` (elapsed) and ``cpu`` (this process's CPU time);
    ``peak_mib``: the process's peak RSS (MiB) when the phase last ended."""

    wall: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    peak_mib: dict[str, float] = field(default_factory=dict)


_ACTIVE: ContextVar[PhaseTimes | None] = ContextVar("graph_step_phases", default=None)


@contextmanager
def record_phases() -> Iterator[PhaseTimes]:
    """Collect seconds per phase of every graph-step call inside the block."""
    times = PhaseTimes()
    token = _ACTIVE.set(times)
    try:
        yield times
    finally:
        _ACTIVE.reset(token)


@contextmanager
def phase(name: str) -> Iterator[None]:
    """Add the block's wall and CPU time to phase ``name`` when recording (else no-op)."""
    times = _ACTIVE.get()
    if times is None:
        yield
        return
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        times.wall[name] = times.wall.get(name, 0.0) + time.perf_counter() - wall
        times.cpu[name] = times.cpu.get(name, 0.0) + time.process_time() - cpu
        times.peak_mib[name] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
