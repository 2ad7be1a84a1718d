"""Background (non-CSE) population and activity: crews, OCGs, crime, custody, intel.

All vectorised over numpy arrays; no per-row Python loops.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cse_synth.offences import background_codes, offence_table
from cse_synth.people import Cohort, add_persons, random_postcodes, tag
from cse_synth.vocab import OUTCOME_CODES
from cse_synth.world import DAY_US, END, HOUR_US, MINUTE_US, START, World

__all__ = [
    "NON_CSE_FLAGGED_FALSE_SHARE",
    "BackgroundPlan",
    "add_background",
    "add_identifiers",
    "add_safeguarding",
    "crime_frame",
    "grading",
    "ident_values",
    "ocg_rows",
]


# A crime that is not CSE has its CSE flag recorded false, or not recorded at all
# (the field is optional in most crime systems); it is never flagged true.
NON_CSE_FLAGGED_FALSE_SHARE = 0.9


@dataclass(frozen=True)
class BackgroundPlan:
    """How much background activity one block holds."""

    n_offenders: int
    n_victims: int
    n_others: int
    n_crimes: int
    n_intel: int


def _lsoa(rng: np.random.Generator, n: int) -> np.ndarray:
    return np.char.add("E0100", rng.integers(7000, 7400, n).astype(str)).astype(object)


def crime_frame(
    world: World,
    codes: np.ndarray,
    committed_from: np.ndarray,
    *,
    flagged: np.ndarray,
    planted: str | None,
) -> pd.DataFrame:
    """Crime rows (block-local ``ckey``) with derived times, LSOA and outcome.

    Parameters
    ----------
    codes
        Offence codes.
    committed_from
        Start times (us); the end, recorded and null patterns are derived.
    flagged
        ``is_cse_flagged`` values (object array of True/False/None).
    planted
        Network key for planted crimes, ``None`` for background.
    """
    rng = world.rng
    n = len(codes)
    keys = world.crime_keys(n)
    dur = (rng.exponential(2.0, n) * HOUR_US).astype(np.int64)
    u = rng.random(n)
    committed_to = np.where(u < 0.7, committed_from + dur, committed_from)
    recorded = np.minimum(
        committed_from + (rng.exponential(3.0, n) * DAY_US).astype(np.int64) + HOUR_US, END
    )
    outcome = np.array(OUTCOME_CODES, dtype=object)[rng.integers(0, len(OUTCOME_CODES), n)]
    outcome = np.where(rng.random(n) < 0.25, None, outcome)
    frame = pd.DataFrame(
        {
            "ckey": keys,
            "offence_code": codes.astype(object),
            "committed_from": committed_from.astype(np.int64),
            "committed_to": committed_to.astype(np.int64),
            "recorded_at": recorded.astype(np.int64),
            "is_cse_flagged": flagged,
            "lsoa_code": _lsoa(rng, n),
            "outcome_code": outcome,
            "network_key": planted,
        }
    )
    # times not known for some crimes (contract allows nulls)
    frame["from_null"] = rng.random(n) < 0.03
    frame["to_null"] = (rng.random(n) < 0.10) | frame["from_null"]
    return frame


def grading(rng: np.random.Generator, submitted: np.ndarray) -> dict[str, np.ndarray]:
    """Intelligence grading typical of the era: legacy 5x5x5 mostly before 2021."""
    n = len(submitted)
    legacy = rng.random(n) < np.where(
        submitted < np.datetime64("2021-01-01", "us").astype(np.int64), 0.6, 0.05
    )
    src3 = rng.choice(np.array(["1", "2", "3"], dtype=object), n, p=[0.25, 0.6, 0.15])
    ass3 = rng.choice(np.array(list("ABCDE"), dtype=object), n, p=[0.15, 0.35, 0.35, 0.1, 0.05])
    han3 = rng.choice(np.array(["P", "C"], dtype=object), n, p=[0.85, 0.15])
    src5 = rng.choice(np.array(list("ABCDE"), dtype=object), n, p=[0.1, 0.45, 0.3, 0.1, 0.05])
    ass5 = rng.choice(np.array(list("12345"), dtype=object), n, p=[0.1, 0.4, 0.35, 0.1, 0.05])
    han5 = rng.choice(np.array(list("12345"), dtype=object), n, p=[0.8, 0.05, 0.05, 0.05, 0.05])
    return {
        "grading_scheme": np.where(legacy, "5X5X5", "3X5X2").astype(object),
        "source_evaluation": np.where(legacy, src5, src3),
        "intelligence_assessment": np.where(legacy, ass5, ass3),
        "handling_code": np.where(legacy, han5, han3),
    }


def _times(rng: np.random.Generator, n: int) -> np.ndarray:
    # slight upward trend in recorded activity over the period
    u = rng.random(n) ** 0.85
    return (START + u * (END - 45 * DAY_US - START)).astype(np.int64)


def _crews(rng: np.random.Generator, offenders: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Partition ~35% of offenders into crews of 3-6; returns (members, crew starts)."""
    pool = rng.permutation(offenders)[: int(len(offenders) * 0.35)]
    sizes = rng.integers(3, 7, max(1, len(pool) // 4))
    sizes = sizes[np.cumsum(sizes) <= len(pool)]
    members = pool[: sizes.sum()]
    starts = np.concatenate([[0], np.cumsum(sizes)])
    return members, starts


# Child sexual offences (rape of a child under 16, sexual grooming, ...) are recorded
# against a victim who was a child at the offence; in this share the record carries
# a victim whose date of birth says otherwise (the wrong person linked, or a wrong
# date of birth): the few contradictions a real crime system holds, which
# rpt_data_quality lists (check VICTIM_AGE).
CHILD_OFFENCE_AGE_ERROR_SHARE = 0.03
# The ages a background child victim is drawn from, at the offence (years).
CHILD_VICTIM_AGES = (10, 17)


def child_victims_at(
    rng: np.random.Generator, pool: np.ndarray, pool_dob_days: np.ndarray, offence_days: np.ndarray
) -> np.ndarray:
    """For each offence day, one person of ``pool`` aged within ``CHILD_VICTIM_AGES``
    that day (uniform among them), or -1 where the pool has nobody that age.

    Parameters
    ----------
    rng
        The generator to draw with.
    pool, pool_dob_days
        Candidate pids and their dates of birth (days since 1970).
    offence_days
        Offence dates (days since 1970).

    Returns
    -------
    np.ndarray
        One pid (or -1) per offence.
    """
    order = np.argsort(pool_dob_days, kind="stable")
    dobs, pids = pool_dob_days[order], pool[order]
    youngest, oldest = CHILD_VICTIM_AGES
    # born after (offence - oldest - 1 years) and on or before (offence - youngest years)
    lo = np.searchsorted(dobs, offence_days - (oldest + 1) * 365.25, side="right")
    hi = np.searchsorted(dobs, offence_days - youngest * 365.25, side="right")
    n = hi - lo
    pick = lo + np.floor(rng.random(len(offence_days)) * np.maximum(n, 1)).astype(np.int64)
    return np.where(n > 0, pids[np.minimum(pick, len(pids) - 1)], -1)


def add_background(world: World, plan: BackgroundPlan, seed: int) -> dict[str, np.ndarray]:
    """Generate the background population and its activity into ``world``.

    Parameters
    ----------
    world, plan
        The block being generated and its background sizes.
    seed
        The data set's seed: the child victims' own stream is drawn from it (as the
        placeholders' and general groups' are), so the block's stream is unchanged.

    Returns
    -------
    dict
        Pools of pids (``offenders``, ``victims``, ``others``, ``ocg_only``) used by traps.
    """
    rng = world.rng
    offenders = add_persons(
        world,
        plan.n_offenders,
        Cohort(
            "BACKGROUND_OFFENDER",
            "1960-01-01",
            "2008-12-31",
            p_male=0.8,
            p_pnc=0.85,
            activity_shape=1.6,
        ),
    )
    victims = add_persons(
        world,
        plan.n_victims,
        Cohort("BACKGROUND_VICTIM", "1940-01-01", "2014-12-31", p_male=0.5, p_pnc=0.05),
    )
    others = add_persons(
        world,
        plan.n_others,
        Cohort("BACKGROUND_OTHER", "1940-01-01", "2006-12-31", p_male=0.5, p_pnc=0.02),
    )
    members, starts = _crews(rng, offenders)
    sizes = np.diff(starts)
    n_crews = len(sizes)

    # --- crimes --------------------------------------------------------------
    codes_all, p_codes = background_codes(world.profile.background_mix)
    n = plan.n_crimes
    codes = codes_all[rng.choice(len(codes_all), n, p=p_codes)]
    ref = offence_table().set_index("offence_code")
    category = ref.loc[codes, "category"].to_numpy()
    child_sexual = ref.loc[codes, "is_child_sexual_offence"].to_numpy(bool)
    committed = _times(rng, n)
    flagged = np.where(
        child_sexual,
        np.where(rng.random(n) < 0.5, True, np.where(rng.random(n) < 0.5, False, None)),
        np.where(rng.random(n) < NON_CSE_FLAGGED_FALSE_SHARE, False, None),
    ).astype(object)
    crimes = crime_frame(world, codes, committed, flagged=flagged, planted=None)
    world.add("crimes", crimes)
    ckey = crimes["ckey"].to_numpy()

    proactive = np.isin(category, ["DRUGS", "WEAPONS"])
    k = rng.choice(5, n, p=[0.3, 0.5, 0.12, 0.06, 0.02])
    k = np.where(proactive & (k == 0), 1, k)
    k = np.where(child_sexual | np.isin(category, ["SEXUAL_ADULT"]), np.minimum(k, 1), k)
    charged = crimes["outcome_code"].to_numpy() == "1"

    w = world.persons["weight"].to_numpy()[offenders]
    p_off = w / w.sum()
    inv = []
    # single suspects: weighted by how prolific each offender is
    single = k == 1
    inv.append((ckey[single], offenders[rng.choice(len(offenders), int(single.sum()), p=p_off)]))
    # several suspects: a cyclic window of one crew (distinct members); a few ad hoc
    multi = np.flatnonzero(k >= 2)
    if n_crews:
        crew = rng.integers(0, n_crews, len(multi))
        offset = rng.integers(0, 6, len(multi))
        for j in range(4):
            take = (k[multi] > j) & (j < sizes[crew])
            idx = starts[crew] + (offset + j) % sizes[crew]
            inv.append((ckey[multi][take], members[idx][take]))
    sus_ckey = np.concatenate([a for a, _ in inv])
    sus_pid = np.concatenate([b for _, b in inv])
    sus_charged = charged[sus_ckey - ckey[0]]
    rec = crimes["recorded_at"].to_numpy()
    sus = pd.DataFrame(
        {
            "ckey": sus_ckey,
            "pid": sus_pid,
            "involvement": np.where(sus_charged, "OFFENDER", "SUSPECT").astype(object),
            "linked_at": np.minimum(
                rec[sus_ckey - ckey[0]]
                + (rng.exponential(5, len(sus_ckey)) * DAY_US).astype(np.int64),
                END,
            ),
        }
    )
    has_victim = ~np.isin(category, ["DRUGS", "WEAPONS"]) & (codes != "46") & (codes != "86")
    vic_idx = np.flatnonzero(has_victim)
    dob = world.persons["dob_days"].to_numpy()
    adult_victims = victims[dob[victims] < np.datetime64("1999-06-01", "D").astype(np.int64)]
    vic_pid = np.where(
        rng.random(len(vic_idx)) < 0.85,
        victims[rng.integers(0, len(victims), len(vic_idx))],
        offenders[rng.integers(0, len(offenders), len(vic_idx))],
    )
    # adult sexual offences get adult victims so they are not CSE by accident
    adult_needed = np.isin(category[vic_idx], ["SEXUAL_ADULT"])
    vic_pid = np.where(
        adult_needed, adult_victims[rng.integers(0, len(adult_victims), len(vic_idx))], vic_pid
    )
    # child sexual offences get a victim who was a child at the offence, but for a
    # few recording errors; drawn from a stream of their own, so every other value of
    # the world is drawn as before
    child_rng = np.random.default_rng(world.profile.seed_of(seed, world.block, 23))
    child_pid = child_victims_at(child_rng, victims, dob[victims], committed[vic_idx] // DAY_US)
    recorded_right = child_rng.random(len(vic_idx)) >= CHILD_OFFENCE_AGE_ERROR_SHARE
    vic_pid = np.where(
        child_sexual[vic_idx] & (child_pid >= 0) & recorded_right, child_pid, vic_pid
    )
    parts = [sus, _inv(rng, ckey[vic_idx], vic_pid, "VICTIM", rec[vic_idx])]
    # bystanders: a witness on 12% of crimes, a reporting person on 35%
    for involvement, share in (("WITNESS", 0.12), ("REPORTING_PERSON", 0.35)):
        idx = np.flatnonzero(rng.random(n) < share)
        who = others[rng.integers(0, len(others), len(idx))]
        parts.append(_inv(rng, ckey[idx], who, involvement, rec[idx]))
    crime_inv = pd.concat(parts, ignore_index=True).drop_duplicates(["ckey", "pid"], keep="first")
    crime_inv["planted"] = False
    world.add("crime_inv", crime_inv)

    # --- custody ---------------------------------------------------------------
    _custody(world, crimes, sus, proactive, offenders, p_off)
    # --- intelligence ------------------------------------------------------------
    _intel(world, plan.n_intel, offenders, p_off, members, starts, others)
    # --- OCGs: some crews are mapped, with peripheral members ------------------------
    ocg_members = _ocgs(world, members, starts, offenders)
    # --- identifiers and safeguarding ---------------------------------------------------
    add_identifiers(world, offenders, p_phone=0.8, p_vehicle=0.15, p_email=0.15, p_handle=0.1)
    add_identifiers(world, victims, p_phone=0.5, p_vehicle=0.05, p_email=0.2, p_handle=0.2)
    add_identifiers(world, others, p_phone=0.4, p_vehicle=0.1, p_email=0.15, p_handle=0.05)
    kids = victims[dob[victims] > np.datetime64("2004-01-01", "D").astype(np.int64)]
    flagged_kids = kids[rng.random(len(kids)) < 0.2]
    add_safeguarding(world, flagged_kids, planted=False)
    return {
        "offenders": offenders,
        "victims": victims,
        "others": others,
        "ocg_members": ocg_members,
    }


def _inv(
    rng: np.random.Generator,
    ckeys: np.ndarray,
    pids: np.ndarray,
    involvement: str,
    recorded: np.ndarray,
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ckey": ckeys,
            "pid": pids,
            "involvement": involvement,
            "linked_at": np.minimum(
                recorded + (rng.exponential(2, len(ckeys)) * DAY_US).astype(np.int64), END
            ),
        }
    )


def _custody(
    world: World,
    crimes: pd.DataFrame,
    sus: pd.DataFrame,
    proactive: np.ndarray,
    offenders: np.ndarray,
    p_off: np.ndarray,
) -> None:
    rng = world.rng
    c0 = int(crimes["ckey"].iloc[0])
    n_c = len(crimes)
    joint = rng.random(n_c) < 0.6
    base = np.where(
        proactive,
        crimes["committed_from"].to_numpy(),
        crimes["recorded_at"].to_numpy() + (rng.exponential(6, n_c) * DAY_US).astype(np.int64),
    )
    base = np.minimum(base, END - HOUR_US)
    place = random_postcodes(rng, n_c)
    with_incident = rng.random(n_c) < 0.5
    i = sus["ckey"].to_numpy() - c0
    arrested = rng.random(len(sus)) < np.where(proactive[i], 0.9, 0.45)
    i = i[arrested]
    pid = sus["pid"].to_numpy()[arrested]
    n = len(i)
    own_time = np.minimum(base[i] + (rng.exponential(10, n) * DAY_US).astype(np.int64), END)
    together = joint[i]
    # arrested together: custody times minutes to a couple of hours apart (see networks._arrest)
    at = np.where(together, base[i] + rng.integers(0, 120, n) * MINUTE_US, own_time)
    home = world.persons["home_postcode"].to_numpy()[pid]
    own_place = np.where(rng.random(n) < 0.5, home, random_postcodes(rng, n))
    incident = np.where(
        with_incident[i],
        np.where(together, i + world.block * 10_000_000, -1),
        -1,
    )
    # a lone arrest sometimes gets its own incident number
    solo_inc = (~together) & (rng.random(n) < 0.4)
    incident = np.where(solo_inc, 5_000_000 + np.arange(n) + world.block * 10_000_000, incident)
    codes = crimes["offence_code"].to_numpy()[i]
    frame = pd.DataFrame(
        {
            "pid": pid,
            "arrested_at": at,
            "arrest_postcode": np.where(together, place[i], own_place),
            "offence_code": np.where(rng.random(n) < 0.95, codes, None),
            "ckey": np.where(rng.random(n) < 0.85, i + c0, -1),
            "incident": incident,
            "planted": False,
        }
    )
    # arrests not tied to a recorded crime (warrants, breach, drunk and disorderly)
    m = max(1, n // 8)
    extra = pd.DataFrame(
        {
            "pid": offenders[rng.choice(len(offenders), m, p=p_off)],
            "arrested_at": _times(rng, m),
            "arrest_postcode": random_postcodes(rng, m),
            "offence_code": np.array(["9", "105A", "58", "92D"], dtype=object)[
                rng.integers(0, 4, m)
            ],
            "ckey": -1,
            "incident": -1,
            "planted": False,
        }
    )
    world.add("custody", pd.concat([frame, extra], ignore_index=True))


def _intel(
    world: World,
    n: int,
    offenders: np.ndarray,
    p_off: np.ndarray,
    members: np.ndarray,
    starts: np.ndarray,
    others: np.ndarray,
) -> None:
    rng = world.rng
    keys = world.intel_keys(n)
    submitted = _times(rng, n)
    g = grading(rng, submitted)
    world.add(
        "intel",
        pd.DataFrame(
            {
                "ikey": keys,
                "submitted_at": submitted,
                **g,
                "is_cse_marked": np.where(rng.random(n) < 0.95, False, None).astype(object),
                "network_key": None,
            }
        ),
    )
    sizes = np.diff(starts)
    crew_of = np.full(world.n_persons, -1, dtype=np.int64)
    if len(sizes):
        crew_of[members] = np.repeat(np.arange(len(sizes)), sizes)
    subject = offenders[rng.choice(len(offenders), n, p=p_off)]
    rows = [pd.DataFrame({"ikey": keys, "pid": subject, "mention_role": "SUBJECT"})]
    crew = crew_of[subject]
    in_crew = crew >= 0
    n_assoc = rng.integers(0, 3, n)
    for j in range(1, 3):
        take = in_crew & (n_assoc >= j)
        cr = crew[take]
        pos = rng.integers(0, 6, int(take.sum()))
        idx = starts[cr] + pos % sizes[cr]
        rows.append(
            pd.DataFrame({"ikey": keys[take], "pid": members[idx], "mention_role": "ASSOCIATE"})
        )
    loner = (~in_crew) & (rng.random(n) < 0.3)
    rows.append(
        pd.DataFrame(
            {
                "ikey": keys[loner],
                "pid": offenders[rng.integers(0, len(offenders), int(loner.sum()))],
                "mention_role": "ASSOCIATE",
            }
        )
    )
    men = rng.random(n) < 0.1
    rows.append(
        pd.DataFrame(
            {
                "ikey": keys[men],
                "pid": others[rng.integers(0, len(others), int(men.sum()))],
                "mention_role": "MENTIONED",
            }
        )
    )
    frame = pd.concat(rows, ignore_index=True).drop_duplicates(["ikey", "pid"], keep="first")
    frame["planted"] = False
    world.add("intel_inv", frame)


def _ocgs(
    world: World, members: np.ndarray, starts: np.ndarray, offenders: np.ndarray
) -> np.ndarray:
    rng = world.rng
    sizes = np.diff(starts)
    n_crews = len(sizes)
    chosen = np.flatnonzero(rng.random(n_crews) < 0.25)
    if len(chosen) == 0 and n_crews:
        chosen = np.array([0])
    rows = []
    for j, c in enumerate(chosen):
        crew = members[starts[c] : starts[c + 1]]
        periph = offenders[rng.integers(0, len(offenders), int(rng.integers(1, 5)))]
        pids = np.unique(np.concatenate([crew, periph]))
        role = np.where(np.isin(pids, crew), "SIGNIFICANT", "PERIPHERAL").astype(object)
        role[np.flatnonzero(pids == crew[0])] = "PRINCIPAL"
        rows.append(
            ocg_rows(world, f"OCG-{world.block:02d}-{j + 1:04d}", pids, role, planted=False)
        )
    if not rows:
        return np.empty(0, dtype=np.int64)
    frame = pd.concat(rows, ignore_index=True)
    world.add("ocg", frame)
    tag(world, frame["pid"].unique(), "OCG_MEMBER")
    return frame["pid"].unique()


def ocg_rows(
    world: World,
    ocg_id: str,
    pids: np.ndarray,
    roles: np.ndarray,
    *,
    planted: bool,
    current: np.ndarray | None = None,
) -> pd.DataFrame:
    """Mapping rows of people to one OCG (shared band and mapping dates).

    About 15% of mappings are archived (the person left the group). ``current``
    marks the people whose mapping is never archived: those through whom the
    truth links a planted network to the OCG (truth ``network_ocg_links``). A
    link the product cannot see, because its only mapping is archived, would
    score a correct "no current member" as a miss. The random draws are the
    same either way, so the rest of the world does not move.
    """
    rng = world.rng
    n = len(pids)
    band = int(rng.integers(1, 5))
    mapped = np.datetime64("2018-01-01", "D").astype(np.int64) + int(rng.integers(0, 2500))
    mapped_each = mapped + rng.integers(0, 200, n)
    archived = np.where(rng.random(n) < 0.15, mapped_each + rng.integers(100, 700, n), -1)
    if current is not None:
        archived = np.where(np.isin(pids, current), -1, archived)
    return pd.DataFrame(
        {
            "ocg_id": ocg_id,
            "pid": pids,
            "ocg_role": roles,
            "ocg_threat_band": np.where(rng.random(n) < 0.95, band, -1),
            "mapped_from": mapped_each,
            "archived_at": archived,
            "planted": planted,
        }
    )


def add_identifiers(
    world: World,
    pids: np.ndarray,
    *,
    p_phone: float,
    p_vehicle: float,
    p_email: float,
    p_handle: float,
) -> None:
    """Personal (unshared) phones, vehicles, emails and handles for people."""
    rng = world.rng
    rows = []
    for kind, p in (
        ("PHONE", p_phone),
        ("VEHICLE", p_vehicle),
        ("EMAIL", p_email),
        ("ONLINE_HANDLE", p_handle),
    ):
        owners = pids[rng.random(len(pids)) < p]
        # some people have a second one of the kind
        owners = np.concatenate([owners, owners[rng.random(len(owners)) < 0.25]])
        if not len(owners):
            continue
        rows.append(
            pd.DataFrame(
                {"pid": owners, "identifier_type": kind, "value": ident_values(world, kind, owners)}
            )
        )
    if not rows:
        return
    frame = pd.concat(rows, ignore_index=True)
    m = len(frame)
    start = _times(rng, m) // DAY_US
    frame["observed_from"] = start
    frame["observed_to"] = np.where(
        rng.random(m) < 0.5,
        -1,
        np.minimum(start + (rng.exponential(400, m)).astype(np.int64), END // DAY_US),
    )
    frame["planted"] = False
    world.add("idents", frame)


def ident_values(world: World, kind: str, owners: np.ndarray) -> np.ndarray:
    """Distinct identifier values of one type (one per owner row)."""
    from cse_synth.people import (
        address_values,
        format_phone,
        handle_values,
        unique_codes,
        vehicle_values,
    )

    rng = world.rng
    serial = world.ident_serials(len(owners))
    if kind == "PHONE":
        return format_phone(
            unique_codes(world.block, serial, 1_000_000_000, 7_654_321),
            rng.integers(0, 4, len(owners)),
        )
    if kind == "VEHICLE":
        return vehicle_values(
            unique_codes(world.block, serial, 320_000_000, 7_777_777), rng.random(len(owners)) < 0.6
        )
    if kind == "EMAIL":
        per = world.persons
        fn = per["forename"].to_numpy()[owners].astype(str)
        sn = per["surname"].to_numpy()[owners].astype(str)
        code = unique_codes(world.block, serial, 1_000_000_000, 48_271).astype(str)
        dom = np.array(["gmail.com", "hotmail.co.uk", "outlook.com", "yahoo.co.uk", "icloud.com"])[
            rng.integers(0, 5, len(owners))
        ]
        local = (
            pd.Series(fn).str.lower() + "." + pd.Series(sn).str.lower().str.replace("'", "") + code
        )
        return (local + "@" + dom).to_numpy(dtype=object)
    if kind == "ONLINE_HANDLE":
        return handle_values(rng, unique_codes(world.block, serial, 1_000_000_000, 69_621))
    if kind == "ADDRESS":
        return address_values(rng, world.block, 5_000_000 + serial)
    raise ValueError(f"unknown identifier type {kind}")


def add_safeguarding(
    world: World, pids: np.ndarray, *, planted: bool, recent: bool = False
) -> None:
    """One to three vulnerability flags for each person."""
    rng = world.rng
    if not len(pids):
        return
    reps = rng.integers(1, 4, len(pids))
    p = np.repeat(pids, reps)
    n = len(p)
    types = np.array(
        [
            "MISSING_EPISODE",
            "LOOKED_AFTER_CHILD",
            "CSE_RISK_ASSESSMENT",
            "CRIMINAL_EXPLOITATION_RISK",
        ],
        dtype=object,
    )
    probs = [0.4, 0.25, 0.25, 0.1] if planted else [0.35, 0.3, 0.1, 0.25]
    t = _times(rng, n)
    if recent:
        t = np.maximum(t, np.datetime64("2022-01-01", "us").astype(np.int64) + (t - START) // 3)
    world.add(
        "safeguarding",
        pd.DataFrame(
            {
                "pid": p,
                "flag_type": types[rng.choice(4, n, p=probs)],
                "flagged_at": t,
                "planted": planted,
            }
        ),
    )
