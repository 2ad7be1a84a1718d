"""Traps: evidence that looks like a link but must not become one, and namesakes.

Every trap pair involving a planted person is written to ``truth/false_links``
with its ``trap_type``:

``HUB_IDENTIFIER``
    Both people carry a hub identifier (hostel, care home, police station
    address; taxi office phone) and are in no common planted network.
``LOW_GRADE_INTEL``
    Named together only in low-grade intelligence: 3x5x2 source 3, or
    assessment D/E, or legacy 5x5x5 graded D/E or 4/5.
``PROFESSIONAL`` / ``WITNESS`` / ``REPORTING_PERSON``
    A professional (social worker), witness or reporting person attached to
    planted crimes, paired with each offender and victim of those crimes.
``NON_OVERLAPPING_IDENTIFIER``
    A phone number re-issued to an unrelated person after the first holder
    stopped using it (observed periods do not overlap).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cse_synth.background import ident_values
from cse_synth.networks import Planted
from cse_synth.people import Cohort, add_persons, tag
from cse_synth.world import DAY_US, END, START, World, to_us

__all__ = ["HUB_KINDS", "add_traps"]

HUB_KINDS: tuple[tuple[str, str], ...] = (
    ("HOSTEL", "ADDRESS"),
    ("CARE_HOME", "ADDRESS"),
    ("POLICE_STATION", "ADDRESS"),
    ("TAXI_OFFICE", "PHONE"),
)
_HUB_ADDRESS = {
    "HOSTEL": "{n} Station Road Hostel, S1 2{l}",
    "CARE_HOME": "Oakfield House {n}, S10 3{l}",
    "POLICE_STATION": "Police Station {n}, Snig Hill, S3 8{l}",
}


class _Trapper:
    def __init__(self, world: World, pools: dict[str, np.ndarray], planted: Planted) -> None:
        self.world = world
        self.rng = world.rng
        self.pools = pools
        self.planted = planted
        self.false: list[pd.DataFrame] = []
        nets: dict[int, set[str]] = {}
        for row in [*planted.members, *planted.victims]:
            nets.setdefault(int(row["pid"]), set()).add(row["network_key"])
        self.nets = nets
        ocg = set(pools["ocg_members"].tolist())
        self.clean_offenders = np.array(
            [p for p in pools["offenders"] if p not in ocg], dtype=np.int64
        )

    def pairs(self, a: np.ndarray, b: np.ndarray, trap: str) -> None:
        """Record false pairs (ordered low, high) whose people share no planted network."""
        a = np.asarray(a, dtype=np.int64)
        b = np.asarray(b, dtype=np.int64)
        keep = [
            not (self.nets.get(int(x), set()) & self.nets.get(int(y), set())) and x != y
            for x, y in zip(a, b, strict=True)
        ]
        keep = np.array(keep, dtype=bool)
        if not keep.any():
            return
        lo, hi = np.minimum(a[keep], b[keep]), np.maximum(a[keep], b[keep])
        self.false.append(pd.DataFrame({"pid_a": lo, "pid_b": hi, "trap_type": trap}))

    # -- hubs -----------------------------------------------------------------------
    def hubs(self, reps: int) -> pd.DataFrame:
        rng = self.rng
        w = self.world
        size = max(25, int(w.n_persons * 0.004))
        members = self.planted.member_pids()
        victims = self.planted.victim_pids()
        rows = []
        for i, (kind, itype) in enumerate(HUB_KINDS):
            if itype == "ADDRESS":
                letters = "ABDEFGHJLNPQRSTUWXYZ"
                value = _HUB_ADDRESS[kind].format(
                    n=w.block + 1, l=letters[i] + letters[w.block % 20]
                )
            else:
                value = ident_values(w, "PHONE", np.array([0]))[0]
            if kind == "CARE_HOME":
                kids = self.pools["victims"]
                dob = w.persons["dob_days"].to_numpy()[kids]
                kids = kids[dob > np.datetime64("2003-01-01", "D").astype(np.int64)]
                bg = rng.choice(kids, min(size, len(kids)), replace=False)
                planted = rng.choice(victims, min(len(victims), 4 * reps), replace=False)
            elif kind == "TAXI_OFFICE":
                bg = rng.choice(self.pools["others"], size, replace=False)
                planted = rng.choice(members, min(len(members), 3 * reps), replace=False)
            else:
                bg = rng.choice(self.clean_offenders, size, replace=False)
                planted = rng.choice(members, min(len(members), 3 * reps), replace=False)
            pids = np.unique(np.concatenate([bg, planted]))
            n = len(pids)
            start = (START // DAY_US) + rng.integers(0, 2800, n)
            stop = np.minimum(start + rng.integers(60, 900, n), END // DAY_US)
            w.add(
                "idents",
                pd.DataFrame(
                    {
                        "pid": pids,
                        "identifier_type": itype,
                        "value": value,
                        "observed_from": start,
                        "observed_to": np.where(rng.random(n) < 0.2, -1, stop),
                        "planted": False,
                    }
                ),
            )
            tag(w, pids, f"HUB_{kind}")
            rows.append(
                {
                    "identifier_type": itype,
                    "identifier_value": value,
                    "hub_kind": kind,
                    "n_persons": n,
                }
            )
            # every planted person on the hub paired with every other person on it
            pl = np.intersect1d(pids, np.concatenate([members, victims]))
            a = np.repeat(pl, n)
            b = np.tile(pids, len(pl))
            self.pairs(a, b, "HUB_IDENTIFIER")
        return pd.DataFrame(rows)

    # -- low-grade intelligence -----------------------------------------------------------
    def low_grade_intel(self, reps: int) -> None:
        rng = self.rng
        w = self.world
        members = self.planted.member_pids()
        grades = [
            ("3X5X2", "3", "B", "P"),
            ("3X5X2", "3", "A", "P"),
            ("3X5X2", "2", "D", "P"),
            ("3X5X2", "1", "E", "C"),
            ("5X5X5", "E", "2", "1"),
            ("5X5X5", "B", "5", "1"),
        ]
        rows, inv = [], []
        for _ in range(reps):
            for j, (scheme, src, ass, han) in enumerate(grades):
                key = int(w.intel_keys(1)[0])
                a = int(rng.choice(members))
                # half name a background offender, half another planted network's member
                b = int(rng.choice(members)) if j % 2 else int(rng.choice(self.clean_offenders))
                when = to_us("2019-06-01") if scheme == "5X5X5" else to_us("2024-01-01")
                rows.append((key, when + int(rng.integers(0, 500)) * DAY_US, scheme, src, ass, han))
                inv += [(key, a, "SUBJECT"), (key, b, "ASSOCIATE")]
                self.pairs(np.array([a]), np.array([b]), "LOW_GRADE_INTEL")
        frame = pd.DataFrame(
            rows,
            columns=[
                "ikey",
                "submitted_at",
                "grading_scheme",
                "source_evaluation",
                "intelligence_assessment",
                "handling_code",
            ],
        )
        frame["is_cse_marked"] = True
        frame["network_key"] = None
        w.add("intel", frame)
        inv_f = pd.DataFrame(inv, columns=["ikey", "pid", "mention_role"]).drop_duplicates(
            ["ikey", "pid"]
        )
        inv_f["planted"] = True
        w.add("intel_inv", inv_f)

    # -- people attached to crimes who are never links --
    def attached(self, reps: int) -> None:
        rng = self.rng
        w = self.world
        crimes = w.frame("crimes")
        inv = w.frame("crime_inv")
        planted_crimes = crimes.loc[
            crimes["network_key"].notna() & ~crimes["network_key"].astype(str).str.endswith("-OCG"),
            "ckey",
        ].to_numpy()
        social = add_persons(
            w,
            reps,
            Cohort("PROFESSIONAL", "1965-01-01", "1995-12-31", p_male=0.3, p_pnc=0.0),
        )
        community = add_persons(
            w,
            3 * reps,
            Cohort("COMMUNITY", "1955-01-01", "2000-12-31", p_male=0.5, p_pnc=0.0),
        )
        # background professionals (solicitors, interpreters) on a few ordinary crimes
        solicitors = add_persons(
            w,
            2,
            Cohort("PROFESSIONAL", "1960-01-01", "1990-12-31", p_male=0.5, p_pnc=0.0),
        )
        bg_crimes = crimes.loc[crimes["network_key"].isna(), "ckey"].to_numpy()
        picks = bg_crimes[rng.random(len(bg_crimes)) < 0.01]
        plan = [
            (social, planted_crimes[rng.random(len(planted_crimes)) < 0.4], "PROFESSIONAL"),
            (community, planted_crimes[rng.random(len(planted_crimes)) < 0.15], "WITNESS"),
            (community, planted_crimes[rng.random(len(planted_crimes)) < 0.3], "REPORTING_PERSON"),
            (solicitors, picks, "PROFESSIONAL"),
        ]
        rows = []
        for people, ckeys, role in plan:
            if not len(ckeys):
                continue
            who = people[rng.integers(0, len(people), len(ckeys))]
            linked = crimes.set_index("ckey").loc[ckeys, "recorded_at"].to_numpy() + 2 * DAY_US
            rows.append(
                pd.DataFrame(
                    {
                        "ckey": ckeys,
                        "pid": who,
                        "involvement": role,
                        "linked_at": np.minimum(linked, END),
                    }
                )
            )
            on = inv[
                inv["ckey"].isin(ckeys) & inv["involvement"].isin(["SUSPECT", "OFFENDER", "VICTIM"])
            ]
            m = on.merge(pd.DataFrame({"ckey": ckeys, "who": who}), on="ckey")
            self.pairs(m["who"].to_numpy(), m["pid"].to_numpy(), role)
            tag(w, np.unique(who), role)
        frame = pd.concat(rows, ignore_index=True)
        frame["planted"] = True
        w.add("crime_inv", frame)

    # -- a phone number re-issued to someone else years later --
    def recycled(self, reps: int) -> None:
        rng = self.rng
        w = self.world
        members = self.planted.member_pids()
        for _ in range(2 * reps):
            a = int(rng.choice(members))
            b = int(rng.choice(self.pools["others"]))
            value = ident_values(w, "PHONE", np.array([a]))[0]
            first_from = to_us("2018-02-01") // DAY_US + int(rng.integers(0, 200))
            first_to = first_from + int(rng.integers(100, 400))
            second_from = first_to + int(rng.integers(200, 600))
            w.add(
                "idents",
                pd.DataFrame(
                    {
                        "pid": [a, b],
                        "identifier_type": "PHONE",
                        "value": value,
                        "observed_from": [first_from, second_from],
                        "observed_to": [first_to, -1],
                        "planted": True,
                    }
                ),
            )
            self.pairs(np.array([a]), np.array([b]), "NON_OVERLAPPING_IDENTIFIER")

    # -- distinct people who share a name (and sometimes a date of birth) --
    def namesakes(self, reps: int) -> pd.DataFrame:
        rng = self.rng
        w = self.world
        members = self.planted.member_pids()
        originals = rng.choice(members, min(len(members), 3 * reps), replace=False)
        n = len(originals)
        twins = add_persons(
            w,
            n,
            Cohort("BACKGROUND_OFFENDER", "1970-01-01", "2004-12-31", p_male=1.0, p_pnc=0.8),
        )
        per = w.persons
        same_dob = (np.arange(n) % 2) == 0  # alternate: both kinds always present
        for col in ("forename", "surname", "gender", "ethnicity_code"):
            per.loc[twins, col] = per.loc[originals, col].to_numpy()
        per.loc[twins[same_dob], "dob_days"] = per.loc[originals[same_dob], "dob_days"].to_numpy()
        # namesakes have their own (background) crimes
        crimes = w.frame("crimes")
        bg = crimes.loc[crimes["network_key"].isna()]
        pick = bg.iloc[rng.integers(0, len(bg), n)]
        w.add(
            "crime_inv",
            pd.DataFrame(
                {
                    "ckey": pick["ckey"].to_numpy(),
                    "pid": twins,
                    "involvement": "SUSPECT",
                    "linked_at": np.minimum(pick["recorded_at"].to_numpy() + DAY_US, END),
                    "planted": False,
                }
            ),
        )
        tag(w, np.concatenate([originals, twins]), "NAMESAKE")
        group = np.arange(n)
        return pd.DataFrame(
            {
                "namesake_group": np.concatenate([group, group]),
                "pid": np.concatenate([originals, twins]),
                "same_dob": np.concatenate([same_dob, same_dob]),
            }
        )


def add_traps(world: World, reps: int, pools: dict[str, np.ndarray], planted: Planted) -> None:
    """Add every trap to the world and write their truth frames."""
    t = _Trapper(world, pools, planted)
    world.add_truth("hub_identifiers", t.hubs(reps))
    t.low_grade_intel(reps)
    t.attached(reps)
    t.recycled(reps)
    world.add_truth("namesakes", t.namesakes(reps))
    if t.false:
        f = pd.concat(t.false, ignore_index=True).drop_duplicates(["pid_a", "pid_b", "trap_type"])
        world.add_truth("false_links", f)
