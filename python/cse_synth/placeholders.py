"""Placeholder person records: one "unknown" record attached to many crimes.

Crime recording systems hold records such as ``UNKNOWN UNKNOWN`` or ``PERSON UNKNOWN``
with a default date of birth, used whenever an officer has to name a suspect who is not
known. One such record ends up a suspect on a large share of crimes, including a few CSE
crimes, and would glue unrelated offender groups into one "network" if it were linked.
The pipeline must report it as a data-quality finding instead (``rpt_data_quality``).

Each block gets the records of its profile's ``placeholders`` (``profiles.PlaceholderSpec``:
the name as recorded, the systems' default date of birth, a SUSPECT on a share of the
background crimes and on a few planted crimes), tagged ``PLACEHOLDER`` in
``truth/persons.role_tags``. A spec without a name is an operator's own record: an
ordinary name from the name lists and an ordinary date of birth, so only the count rule
can find it. Draws come from a generator of their own, so the rest of the world's random
stream is untouched by them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cse_synth.people import tag
from cse_synth.vocab import FORENAMES, SURNAMES
from cse_synth.world import DAY_US, END, World

__all__ = ["add_placeholders"]


def add_placeholders(world: World, seed: int) -> np.ndarray:
    """Add the placeholder people and their crime involvements; return their pids."""
    rng = np.random.default_rng(world.profile.seed_of(seed, world.block, 17))
    crimes = world.frame("crimes")
    if crimes.empty:
        return np.empty(0, dtype=np.int64)
    specs = world.profile.placeholders
    n = len(specs)
    pid = np.arange(world.n_persons, world.n_persons + n, dtype=np.int64)
    names = [_name(rng, s.forename, s.surname) for s in specs]
    dob = np.array([np.datetime64(s.date_of_birth, "D").astype(np.int64) for s in specs])
    frame = pd.DataFrame(
        {
            "pid": pid,
            "kind": "PLACEHOLDER",
            "gender": None,
            "ethnicity_code": None,
            "forename": [f for f, _ in names],
            "middle_names": None,
            "surname": [s for _, s in names],
            "dob_days": dob.astype(np.int64),
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
    for p, spec in zip(pid, specs, strict=True):
        picks = background[rng.random(len(background)) < spec.background_share]
        if len(planted):
            k = min(spec.n_planted_crimes, len(planted))
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


def _name(rng: np.random.Generator, forename: str | None, surname: str | None) -> tuple[str, str]:
    """The recorded name, or (no name given) an ordinary British name from the lists."""
    if forename is not None and surname is not None:
        return forename, surname
    fore = FORENAMES["BRITISH"]["M"]
    sur = SURNAMES["BRITISH"]
    return str(fore[int(rng.integers(0, len(fore)))]), str(sur[int(rng.integers(0, len(sur)))])
