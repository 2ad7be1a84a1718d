"""The in-memory world of one block: true people and the events they take part in.

Everything here is at the level of *true people* (``pid``, block-local ints).
``records.py`` later turns people into per-system source records with
variation, and events into raw contract rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cse_synth.profiles import DEFAULT, Profile

__all__ = [
    "AS_OF",
    "DAY_US",
    "END",
    "HOUR_US",
    "MINUTE_US",
    "START",
    "World",
    "to_us",
]

MINUTE_US = 60 * 1_000_000
HOUR_US = 60 * MINUTE_US
DAY_US = 24 * HOUR_US


def to_us(text: str) -> int:
    """Microseconds since the epoch of an ISO date/time (naive, UTC meaning)."""
    return int(np.datetime64(text, "us").astype(np.int64))


START = to_us("2018-01-01")
END = to_us("2026-10-31T23:59:59")
AS_OF = to_us("2026-11-01")

# Event frames the world collects; each is concatenated before records are built.
EVENT_FRAMES = (
    "crimes",
    "crime_inv",
    "custody",
    "intel",
    "intel_inv",
    "idents",
    "ocg",
    "safeguarding",
)


@dataclass
class World:
    """Mutable state of one block while it is generated.

    Attributes
    ----------
    block
        Block number; ids carry it so blocks never collide.
    rng
        The block's seeded generator (the only source of randomness).
    persons
        One row per true person (``pid`` and attributes).
    frames
        Event frames by name (see ``EVENT_FRAMES``), lists to concatenate.
    truth
        Ground-truth frames by truth table name.
    profile
        The world profile (``cse_synth.profiles``) every module reads its knobs from.
    """

    block: int
    rng: np.random.Generator
    persons: pd.DataFrame = field(default_factory=pd.DataFrame)
    frames: dict[str, list[pd.DataFrame]] = field(
        default_factory=lambda: {k: [] for k in EVENT_FRAMES}
    )
    truth: dict[str, list[pd.DataFrame]] = field(default_factory=dict)
    next_crime: int = 0
    next_intel: int = 0
    next_ident: int = 0
    profile: Profile = DEFAULT

    @property
    def n_persons(self) -> int:
        """Number of true people so far."""
        return len(self.persons)

    def add(self, name: str, frame: pd.DataFrame) -> None:
        """Append an event frame."""
        if len(frame):
            self.frames[name].append(frame)

    def add_truth(self, name: str, frame: pd.DataFrame) -> None:
        """Append a ground-truth frame."""
        if len(frame):
            self.truth.setdefault(name, []).append(frame)

    def crime_keys(self, n: int) -> np.ndarray:
        """Reserve ``n`` block-local crime keys."""
        keys = np.arange(self.next_crime, self.next_crime + n, dtype=np.int64)
        self.next_crime += n
        return keys

    def intel_keys(self, n: int) -> np.ndarray:
        """Reserve ``n`` block-local intelligence report keys."""
        keys = np.arange(self.next_intel, self.next_intel + n, dtype=np.int64)
        self.next_intel += n
        return keys

    def ident_serials(self, n: int) -> np.ndarray:
        """Reserve ``n`` serials for unique identifier values (phones, plates...)."""
        keys = np.arange(self.next_ident, self.next_ident + n, dtype=np.int64)
        self.next_ident += n
        return keys

    def frame(self, name: str) -> pd.DataFrame:
        """Concatenation of an event frame (empty frame when nothing was added)."""
        parts = self.frames[name]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
