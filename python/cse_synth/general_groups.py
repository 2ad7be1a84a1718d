"""General (non-CSE) offending near CSE networks: a general OCG and a prolific offender.

Two shapes an honest CSE ranking must not be fooled by:

``GENERAL_OCG_MEMBER``
    An organised crime group of the block's most prolific background offenders (drugs,
    violence, acquisitive crime) with no CSE crime and no member in a CSE network. It has
    far more crime and harm than most CSE-engaged groups and must still rank below them in
    ``fct_ocg_cse_priority``. Its id is ``OCG-<block>-8001``.
``PROLIFIC_GENERAL_LINKED``
    The most prolific background offender left, added as a suspect to one planted CSE
    crime (in each of ``Profile.prolific_cse_links`` planted networks): one co-offence
    links a general offender to CSE offenders, and his general offending must not make
    their network rank first, nor join two networks into one.

Both are tagged in ``truth/persons.role_tags``. Draws come from a generator of their own,
so the rest of the world's random stream is untouched.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cse_synth.offences import offence_table
from cse_synth.people import tag
from cse_synth.world import DAY_US, END, World

__all__ = ["GENERAL_OCG_SIZE", "add_general_groups"]

GENERAL_OCG_SIZE = 4
# sexual exploitation codes the pipeline counts as CSE (dbt var sexual_exploitation_offence_codes)
_EXPLOITATION_CODES = ("24", "72")


def _cse_codes() -> np.ndarray:
    table = offence_table()
    sexual = table.loc[table["is_child_sexual_offence"], "offence_code"].to_numpy()
    return np.concatenate([sexual, np.array(_EXPLOITATION_CODES, dtype=object)])


def _background_offenders_by_volume(world: World) -> pd.Series:
    """Crimes as suspect or offender of background offenders with no CSE or planted crime."""
    crimes = world.frame("crimes")
    inv = world.frame("crime_inv")
    inv = inv[inv["involvement"].isin(["SUSPECT", "OFFENDER"])].merge(
        crimes[["ckey", "offence_code", "network_key", "is_cse_flagged"]], on="ckey"
    )
    sexual = inv["offence_code"].isin(_cse_codes())
    tainted = inv.loc[
        sexual | inv["network_key"].notna() | inv["is_cse_flagged"].fillna(False).astype(bool),
        "pid",
    ].unique()
    ocg = world.frame("ocg")
    in_ocg = ocg["pid"].unique() if not ocg.empty else np.empty(0, dtype=np.int64)
    background = world.persons.loc[world.persons["kind"] == "BACKGROUND_OFFENDER", "pid"]
    keep = inv[inv["pid"].isin(background) & ~inv["pid"].isin(tainted) & ~inv["pid"].isin(in_ocg)]
    counts = keep.groupby("pid")["ckey"].nunique()
    return counts.sort_values(ascending=False, kind="stable")


def add_general_groups(world: World, seed: int) -> None:
    """Add the general OCG and the prolific offender with one CSE co-offence."""
    rng = np.random.default_rng(world.profile.seed_of(seed, world.block, 22))
    ranked = _background_offenders_by_volume(world)
    if len(ranked) < GENERAL_OCG_SIZE + 1:
        return
    members = np.sort(ranked.index.to_numpy()[:GENERAL_OCG_SIZE].astype(np.int64))
    roles = np.full(len(members), "SIGNIFICANT", dtype=object)
    roles[0] = "PRINCIPAL"
    mapped = np.datetime64("2019-01-01", "D").astype(np.int64) + rng.integers(0, 200, len(members))
    world.add(
        "ocg",
        pd.DataFrame(
            {
                "ocg_id": f"OCG-{world.block:02d}-8001",
                "pid": members,
                "ocg_role": roles,
                "ocg_threat_band": 2,
                "mapped_from": mapped,
                "archived_at": -1,
                "planted": True,
            }
        ),
    )
    tag(world, members, "OCG_MEMBER")
    tag(world, members, "GENERAL_OCG_MEMBER")

    prolific = int(ranked.index[GENERAL_OCG_SIZE])
    crimes = world.frame("crimes")
    cse = crimes[
        crimes["network_key"].notna() & ~crimes["network_key"].astype(str).str.endswith("-OCG")
    ]
    if cse.empty:
        return
    picked = [cse.iloc[int(rng.integers(0, len(cse)))]]
    for _ in range(world.profile.prolific_cse_links - 1):
        # one crime in each further network, never a second one in a network already used
        other = cse[~cse["network_key"].isin([c["network_key"] for c in picked])]
        if other.empty:
            break
        picked.append(other.iloc[int(rng.integers(0, len(other)))])
    inv = pd.DataFrame(
        {
            "ckey": [c["ckey"] for c in picked],
            "pid": prolific,
            "involvement": "SUSPECT",
            "linked_at": [min(int(c["recorded_at"]) + DAY_US, END) for c in picked],
            "planted": False,
        }
    )
    world.add("crime_inv", inv)
    tag(world, np.array([prolific]), "PROLIFIC_GENERAL_LINKED")
