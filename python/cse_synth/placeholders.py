"""Placeholder person records: one "unknown" record attached to many crimes.

Crime recording systems hold records such as ``UNKNOWN UNKNOWN`` or ``PERSON UNKNOWN``
with a default date of birth, used whenever an officer has to name a suspect who is not
known. One such record ends up a suspect on a large share of crimes, including a few CSE
crimes, and would glue unrelated offender groups into one "network" if it were linked.
The pipeline must report it as a data-quality finding instead (``rpt_data_quality``).

Each block gets the people of ``PLACEHOLDERS`` (tagged ``PLACEHOLDER`` in
``truth/persons.role_tags``), each a SUSPECT on ``BACKGROUND_SHARE`` of the background
crimes and on ``N_PLANTED_CRIMES`` planted crimes. Draws come from a generator of their
own, so the rest of the world's random stream is untouched by them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cse_synth.people import tag
from cse_synth.world import DAY_US, END, World

__all__ = ["BACKGROUND_SHARE", "N_PLANTED_CRIMES", "PLACEHOLDERS", "add_placeholders"]

# (forename, surname) as recorded; the date of birth is the systems' default.
PLACEHOLDERS: tuple[tuple[str, str], ...] = (("Unknown", "Unknown"), ("Person", "Unknown"))
DEFAULT_DOB = "1900-01-01"
BACKGROUND_SHARE = 0.05
N_PLANTED_CRIMES = 2


def add_placeholders(world: World, seed: int) -> np.ndarray:
    """Add the placeholder people and their crime involvements; return their pids."""
    rng = np.random.default_rng([seed, world.block, 17])
    crimes = world.frame("crimes")
    if crimes.empty:
        return np.empty(0, dtype=np.int64)
    n = len(PLACEHOLDERS)
    pid = np.arange(world.n_persons, world.n_persons + n, dtype=np.int64)
    dob = np.datetime64(DEFAULT_DOB, "D").astype(np.int64)
    frame = pd.DataFrame(
        {
            "pid": pid,
            "kind": "PLACEHOLDER",
            "gender": None,
            "ethnicity_code": None,
            "forename": [f for f, _ in PLACEHOLDERS],
            "middle_names": None,
            "surname": [s for _, s in PLACEHOLDERS],
            "dob_days": np.full(n, dob, dtype=np.int64),
            "pnc": None,
            "weight": 1.0,
            "home_postcode": None,
        }
    )
    world.persons = pd.concat([world.persons, frame], ignore_index=True)
    tag(world, pid, "PLACEHOLDER")
    background = crimes.loc[crimes["network_key"].isna()]
    planted = crimes.loc[crimes["network_key"].notna()]
    rows = []
    for p in pid:
        picks = background[rng.random(len(background)) < BACKGROUND_SHARE]
        if len(planted):
            k = min(N_PLANTED_CRIMES, len(planted))
            picks = pd.concat([picks, planted.iloc[rng.choice(len(planted), k, replace=False)]])
        rows.append(
            pd.DataFrame(
                {
                    "ckey": picks["ckey"].to_numpy(),
                    "pid": p,
                    "involvement": "SUSPECT",
                    "linked_at": np.minimum(picks["recorded_at"].to_numpy() + DAY_US, END),
                }
            )
        )
    inv = pd.concat(rows, ignore_index=True).drop_duplicates(["ckey", "pid"])
    inv["planted"] = False
    world.add("crime_inv", inv)
    return pid
