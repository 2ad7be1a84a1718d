"""True people: demographics, names, PNC ids, homes, and unique identifier values."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cse_synth.vocab import (
    ETHNICITY_GROUP,
    ETHNICITY_SHARES,
    FORENAMES,
    INWARD_LETTERS,
    OUTWARD_CODES,
    SURNAME_ELEMENTS,
    SURNAME_ENDINGS,
    SURNAMES,
)
from cse_synth.world import World

__all__ = [
    "MAX_BLOCKS",
    "PNC_LETTERS",
    "add_homes",
    "add_persons",
    "address_values",
    "format_phone",
    "handle_values",
    "pnc_canonical",
    "random_postcodes",
    "tag",
    "unique_codes",
    "uprn_values",
    "vehicle_values",
]

PNC_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"
_ETH_CODES = np.array(list(ETHNICITY_SHARES))
_ETH_P = np.array(list(ETHNICITY_SHARES.values()))
_ETH_P = _ETH_P / _ETH_P.sum()
_GROUPS = sorted(set(ETHNICITY_GROUP.values()))
_DOUBLE_BARREL_P = 0.03
_MIDDLE_NAME_P = 0.4
# British people whose surname is one of the short common list; the rest draw from the
# long tail of place-name surnames (vocab.SURNAME_ELEMENTS x SURNAME_ENDINGS).
_COMMON_SURNAME_SHARE = 0.3


def _surname_tail() -> tuple[np.ndarray, np.ndarray]:
    """Long-tail British surnames and their draw probabilities (falling with rank)."""
    names = np.array([e + x for e in SURNAME_ELEMENTS for x in SURNAME_ENDINGS], dtype=object)
    # a fixed rank order, the same for every seed: weight 1 / (rank + 25)
    rank = np.random.default_rng(0).permutation(len(names))
    weight = 1.0 / (rank + 25.0)
    return names, weight / weight.sum()


_TAIL_NAMES, _TAIL_P = _surname_tail()


def unique_codes(
    block: int, serial: np.ndarray, modulus: int, multiplier: int, *, stride: int = 10_000_000
) -> np.ndarray:
    """Scramble ``(block, serial)`` into distinct ints below ``modulus`` (a bijection).

    ``multiplier`` must be coprime with ``modulus`` and ``blocks * stride <= modulus``;
    distinct inputs then give distinct outputs, so identifier values never collide
    by chance (within or across blocks).
    """
    if math.gcd(multiplier, modulus) != 1:
        raise ValueError(f"multiplier {multiplier} is not coprime with {modulus}")
    base = (np.int64(block) * stride + serial.astype(np.int64) + 1_234_567) % modulus
    return (base * np.int64(multiplier)) % modulus


def format_phone(codes: np.ndarray, style: np.ndarray) -> np.ndarray:
    """UK mobile numbers from 9-digit codes in one of four recording styles (0..3)."""
    s = pd.Series(codes.astype(np.int64)).astype(str).str.zfill(9)
    a = "7" + s.str[:3]
    b = s.str[3:]
    out = np.select(
        [style == 0, style == 1, style == 2],
        [("0" + a + " " + b).to_numpy(), ("+447" + s).to_numpy(), ("07" + s).to_numpy()],
        ("+44 " + a + " " + b).to_numpy(),
    )
    return out.astype(object)


def vehicle_values(codes: np.ndarray, spaced: np.ndarray) -> np.ndarray:
    """UK-style registrations ``AB12 CDE`` from distinct codes below 20**5 * 100."""
    letters = np.array(list(INWARD_LETTERS))
    c = codes.astype(np.int64)
    parts = []
    for _ in range(3):
        parts.append(letters[c % 20])
        c //= 20
    num = np.char.zfill((c % 100).astype(str), 2)
    c //= 100
    l1 = letters[c % 20]
    l2 = letters[(c // 20) % 20]
    head = np.char.add(np.char.add(l1, l2), num)
    tail = np.char.add(np.char.add(parts[0], parts[1]), parts[2])
    return np.where(
        spaced, np.char.add(np.char.add(head, " "), tail), np.char.add(head, tail)
    ).astype(object)


_HANDLE_WORDS = np.array(
    [
        "kid",
        "boss",
        "king",
        "angel",
        "babe",
        "lad",
        "x",
        "real",
        "official",
        "zz",
        "ace",
        "bigman",
        "shorty",
        "prince",
        "queen",
        "vip",
        "ghost",
        "wolf",
        "lil",
        "mr",
    ]
)
_PLATFORMS = np.array(["snap", "insta", "tiktok", "kik", "telegram", "whatsapp"])


def handle_values(rng: np.random.Generator, codes: np.ndarray) -> np.ndarray:
    """Online handles ``platform:word_code`` (the code keeps them distinct)."""
    n = len(codes)
    plat = _PLATFORMS[rng.integers(0, len(_PLATFORMS), n)]
    word = _HANDLE_WORDS[rng.integers(0, len(_HANDLE_WORDS), n)]
    return np.char.add(
        np.char.add(np.char.add(plat, ":"), word), np.char.add("_", codes.astype(str))
    ).astype(object)


def pnc_canonical(block: int, pids: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Canonical PNC ids ``YYYY/NNNNNNNL``, distinct per person, with a mod-23 check letter."""
    # 30 blocks x 300,000 people fit the 7-digit serial space without wrapping
    if len(pids) and int(pids.max()) >= 300_000:
        raise ValueError("a block holds at most 300,000 people")
    serial = unique_codes(block, pids, 10_000_000, 7_368_787, stride=300_000)
    yy = years % 100
    check = np.array(list(PNC_LETTERS))[(yy * 10_000_000 + serial) % 23]
    return np.char.add(
        np.char.add(np.char.add(years.astype(str), "/"), np.char.zfill(serial.astype(str), 7)),
        check,
    ).astype(object)


def _names(rng: np.random.Generator, gender: np.ndarray, eth: np.ndarray) -> tuple[np.ndarray, ...]:
    n = len(gender)
    forename = np.empty(n, dtype=object)
    middle = np.empty(n, dtype=object)
    surname = np.empty(n, dtype=object)
    group = pd.Series(eth).map(ETHNICITY_GROUP).to_numpy()
    for g in _GROUPS:
        for sex in ("M", "F"):
            # X (non-binary) people draw from either list
            mask = (group == g) & ((gender == sex) | ((gender == "X") & (sex == "F")))
            k = int(mask.sum())
            if not k:
                continue
            pool = np.array(FORENAMES[g][sex], dtype=object)
            forename[mask] = pool[rng.integers(0, len(pool), k)]
            mid = pool[rng.integers(0, len(pool), k)]
            middle[mask] = np.where(rng.random(k) < _MIDDLE_NAME_P, mid, None)
        pool_s = np.array(SURNAMES[g], dtype=object)
        mask_g = group == g
        surname[mask_g] = pool_s[rng.integers(0, len(pool_s), int(mask_g.sum()))]
    # a middle name equal to the forename is implausible: drop it
    middle = np.where(middle == forename, None, middle)
    brit = np.array(SURNAMES["BRITISH"], dtype=object)
    double = rng.random(n) < _DOUBLE_BARREL_P
    second = brit[rng.integers(0, len(brit), n)]
    double &= second != surname
    # Long-tail British surnames from a child stream of the block's generator: spawning
    # draws nothing from the parent, and the double-barrelled choice above is made on the
    # common draw, so every other value of the world stays as it was.
    tail_rng = rng.spawn(1)[0]
    brit_mask = group == "BRITISH"
    k = int(brit_mask.sum())
    if k:
        use_tail = tail_rng.random(k) >= _COMMON_SURNAME_SHARE
        tail = _TAIL_NAMES[tail_rng.choice(len(_TAIL_NAMES), size=k, p=_TAIL_P)]
        surname[brit_mask] = np.where(use_tail, tail, surname[brit_mask])
    surname = np.where(double, surname + "-" + second, surname)
    return forename, middle, surname


MAX_BLOCKS = 30


def random_postcodes(rng: np.random.Generator, n: int, *, block: int | None = None) -> np.ndarray:
    """Well-formed synthetic postcodes ``S11 4AB`` in the force area.

    With ``block``, postcodes come from that block's own share of inward codes, so
    home addresses of different blocks (districts) never coincide.
    """
    outward = np.array(OUTWARD_CODES)[rng.integers(0, len(OUTWARD_CODES), n)]
    letters = np.array(list(INWARD_LETTERS))
    if block is None:
        k = rng.integers(0, 180, n)
    else:
        k = block % MAX_BLOCKS + MAX_BLOCKS * rng.integers(0, 180 // MAX_BLOCKS, n)
    inward = np.char.add(
        np.char.add((k // 20 + 1).astype(str), letters[k % 20]), letters[rng.integers(0, 20, n)]
    )
    return np.char.add(np.char.add(outward, " "), inward).astype(object)


@dataclass(frozen=True)
class Cohort:
    """Who a group of generated people are.

    Attributes
    ----------
    kind
        Main role tag (e.g. ``BACKGROUND_OFFENDER``, ``CSE_OFFENDER``, ``CSE_VICTIM``).
    born_from, born_to
        Date-of-birth range (ISO dates).
    p_male
        Share of males; 1% of the rest are recorded as X.
    p_pnc
        Share holding a PNC id.
    activity_shape
        Pareto shape for how prolific each person is; ``None`` means weight 1.
    """

    kind: str
    born_from: str
    born_to: str
    p_male: float
    p_pnc: float
    activity_shape: float | None = None


def add_persons(world: World, n: int, cohort: Cohort) -> np.ndarray:
    """Create ``n`` true people of ``cohort`` in ``world`` (the block being generated)
    and return their ``pid`` values."""
    kind, born_from, born_to = cohort.kind, cohort.born_from, cohort.born_to
    p_male, p_pnc, activity_shape = cohort.p_male, cohort.p_pnc, cohort.activity_shape
    rng = world.rng
    if n <= 0:
        return np.empty(0, dtype=np.int64)
    pid = np.arange(world.n_persons, world.n_persons + n, dtype=np.int64)
    u = rng.random(n)
    gender = np.where(u < p_male, "M", np.where(u < p_male + (1 - p_male) * 0.99, "F", "X"))
    eth = _ETH_CODES[rng.choice(len(_ETH_CODES), size=n, p=_ETH_P)]
    forename, middle, surname = _names(rng, gender, eth)
    d0 = np.datetime64(born_from, "D").astype(np.int64)
    d1 = np.datetime64(born_to, "D").astype(np.int64)
    dob = rng.integers(d0, d1 + 1, n)
    has_pnc = rng.random(n) < p_pnc
    first_year = np.clip(
        (dob / 365.25 + 1970 + rng.integers(12, 30, n)).astype(np.int64), 1995, 2025
    )
    pnc = np.where(has_pnc, pnc_canonical(world.block, pid, first_year), None)
    weight = (rng.pareto(activity_shape, n) + 1.0) if activity_shape else np.ones(n)
    frame = pd.DataFrame(
        {
            "pid": pid,
            "kind": kind,
            "gender": gender.astype(object),
            "ethnicity_code": eth.astype(object),
            "forename": forename,
            "middle_names": middle,
            "surname": surname,
            "dob_days": dob.astype(np.int64),
            "pnc": pnc,
            "weight": weight,
            "home_postcode": random_postcodes(rng, n),
        }
    )
    world.persons = (
        frame if world.persons.empty else pd.concat([world.persons, frame], ignore_index=True)
    )
    tag(world, pid, kind)
    return pid


def tag(world: World, pids: np.ndarray, role: str) -> None:
    """Add a role tag to people (collected into ``truth/persons.role_tags``)."""
    world.add_truth(
        "person_tags", pd.DataFrame({"pid": np.asarray(pids, dtype=np.int64), "tag": role})
    )


def add_homes(world: World, *, shared_kinds: tuple[str, ...]) -> None:
    """Give everyone a home address (households only among ``shared_kinds``) and some a past one.

    Address values are unique per household (postcode + house number, or a UPRN),
    so only people of one household share a home address by construction.
    """
    rng = world.rng
    per = world.persons
    n = len(per)
    shared = per["kind"].isin(shared_kinds).to_numpy()
    # households: background people grouped 1-8, everyone else alone. About 2% of
    # real households hold six or more people (large families, shared houses): they
    # share an address legitimately, so a hub limit must sit above them (the pipeline's
    # per-type limits, seed identifier_hub_limits; a single limit of five would cut them).
    order = rng.permutation(np.flatnonzero(shared))
    sizes = rng.choice(
        list(world.profile.household_sizes), len(order), p=list(world.profile.household_p)
    )
    # the first is a largest household, so every world, the tiny one too, holds one
    sizes[:1] = max(world.profile.household_sizes)
    sizes = sizes[np.cumsum(sizes) <= len(order)]
    sizes = np.append(sizes, len(order) - sizes.sum())
    sizes = sizes[sizes > 0]
    household = np.empty(n, dtype=np.int64)
    household[order] = np.repeat(np.arange(len(sizes)), sizes)
    alone = np.flatnonzero(~shared)
    household[alone] = len(sizes) + np.arange(len(alone))
    n_house = len(sizes) + len(alone)
    mover = rng.random(n) < 0.35
    n_addr = n_house + int(mover.sum())
    postcode = random_postcodes(rng, n_addr, block=world.block)
    number = (
        pd.Series(postcode).groupby(postcode).cumcount().to_numpy() * 3
        + 1
        + rng.integers(0, 3, n_addr)
    )
    uprn = uprn_values(world.block, np.arange(n_addr))
    text = np.char.add(np.char.add(number.astype(str), " "), postcode.astype(str))
    value = np.where(rng.random(n_addr) < 0.4, uprn, text).astype(object)
    per["home_postcode"] = postcode[household]
    prev = np.full(n, -1, dtype=np.int64)
    prev[mover] = n_house + np.arange(int(mover.sum()))
    per["prev_postcode"] = np.where(mover, postcode[np.maximum(prev, 0)], None)
    day0 = np.datetime64("2012-01-01", "D").astype(np.int64)
    moved_on = day0 + rng.integers(365, 5000, n)
    frames = [
        pd.DataFrame(
            {
                "pid": per["pid"].to_numpy(),
                "identifier_type": "ADDRESS",
                "value": value[household],
                "observed_from": np.where(mover, moved_on, day0 + rng.integers(0, 2000, n)),
                "observed_to": -1,
                "planted": False,
            }
        ),
        pd.DataFrame(
            {
                "pid": per["pid"].to_numpy()[mover],
                "identifier_type": "ADDRESS",
                "value": value[prev[mover]],
                "observed_from": (moved_on - rng.integers(300, 2500, n))[mover],
                "observed_to": moved_on[mover] - 1,
                "planted": False,
            }
        ),
    ]
    # not every system holds an address for everyone
    for f in frames:
        world.add("idents", f[rng.random(len(f)) < 0.6])


def uprn_values(block: int, serial: np.ndarray) -> np.ndarray:
    """Distinct UPRN-style address ids (serials below 5M are homes, above are other places)."""
    code = unique_codes(block, serial, 1_000_000_000, 9_999_991)
    return np.char.add("UPRN 100", np.char.zfill(code.astype(str), 9)).astype(object)


def address_values(rng: np.random.Generator, block: int, serial: np.ndarray) -> np.ndarray:
    """Distinct non-home addresses: a UPRN, or ``Flat a, b POSTCODE`` derived injectively."""
    code = unique_codes(block, serial, 1_000_000_000, 9_999_991)
    flat = code % 100 + 1
    number = (code // 100) % 1000 + 1
    rest = code // 100_000
    letters = np.array(list(INWARD_LETTERS))
    outward = np.array(OUTWARD_CODES)[rest % len(OUTWARD_CODES)]
    rest = rest // len(OUTWARD_CODES)
    inward = np.char.add(
        np.char.add(((rest % 9) + 1).astype(str), letters[(rest // 9) % 20]),
        letters[(rest // 180) % 20],
    )
    text = pd.Series(flat.astype(str))
    text = (
        "Flat "
        + text
        + ", "
        + pd.Series(number.astype(str))
        + " "
        + pd.Series(outward)
        + " "
        + pd.Series(inward)
    )
    uprn = np.char.add("UPRN 100", np.char.zfill(code.astype(str), 9))
    return np.where(rng.random(len(code)) < 0.5, uprn, text.to_numpy(dtype=object)).astype(object)
