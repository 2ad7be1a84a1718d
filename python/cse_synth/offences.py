"""Offence codes from the shared reference, and the background crime mix."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from cse_contract import offence_codes_path

__all__ = ["BACKGROUND_MIX", "background_codes", "offence_table"]

# Relative frequency of each code among background (non-network) crimes.
# Child sexual offences are a small minority, as in recorded crime.
BACKGROUND_MIX: dict[str, float] = {
    "8N": 10.0,
    "105A": 14.0,
    "5A": 1.0,
    "1": 0.05,
    "4.1": 0.03,
    "11A": 0.5,
    "36": 0.2,
    "46": 10.0,
    "28E": 6.0,
    "48": 4.0,
    "34B": 3.0,
    "92D": 8.0,
    "92A": 3.0,
    "10D": 3.0,
    "10A": 0.3,
    "58": 10.0,
    "9": 10.0,
    "20A": 1.2,
    "19C": 0.6,
    "19F": 0.1,
    "17A": 0.2,
    "88C": 0.3,
    "88E": 0.4,
    "70": 0.1,
    "106": 0.2,
    "24": 0.1,
    "72": 0.05,
    "13": 0.1,
    "86": 0.2,
    "23": 0.1,
    "22B": 0.1,
    "21": 0.05,
    "73": 0.05,
}


@cache
def offence_table() -> pd.DataFrame:
    """The shared offence code reference (code, category, is_child_sexual_offence, harm_days)."""
    frame = pd.read_csv(offence_codes_path(), dtype={"offence_code": str})
    frame["is_child_sexual_offence"] = (
        frame["is_child_sexual_offence"].astype(str).str.lower() == "true"
    )
    return frame


def background_codes(
    mix: tuple[tuple[str, float], ...] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Background codes and their probabilities (only codes present in the reference).

    ``mix``: (code, weight) pairs of a world profile; ``None`` is ``BACKGROUND_MIX``.
    """
    weights_of = dict(mix) if mix is not None else BACKGROUND_MIX
    known = set(offence_table()["offence_code"])
    codes = np.array([c for c in weights_of if c in known], dtype=object)
    weights = np.array([weights_of[c] for c in codes])
    return codes, weights / weights.sum()
