"""Opt-in wall-time accounting per phase of the graph step (used by the benchmark)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["phase", "record_phases"]

_ACTIVE: ContextVar[dict[str, float] | None] = ContextVar("graph_step_phases", default=None)


@contextmanager
def record_phases() -> Iterator[dict[str, float]]:
    """Collect seconds per phase of every graph-step call inside the block."""
    totals: dict[str, float] = {}
    token = _ACTIVE.set(totals)
    try:
        yield totals
    finally:
        _ACTIVE.reset(token)


@contextmanager
def phase(name: str) -> Iterator[None]:
    """Add the block's wall time to phase ``name`` when recording is on (else no-op)."""
    totals = _ACTIVE.get()
    if totals is None:
        yield
        return
    start = time.perf_counter()
    try:
        yield
    finally:
        totals[name] = totals.get(name, 0.0) + time.perf_counter() - start
