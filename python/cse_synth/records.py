"""From true people and events to per-system source records and raw contract rows.

Each (person, system) pair that some event needs gets one record, sometimes
two or three (duplicates within a system); every record carries its own
recording variation. Events then point at one of the person's records in the
event's system, so the same person looks different across (and within) systems.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cse_synth.people import format_phone, unique_codes
from cse_synth.variation import format_pnc, nickname, surname_variant, typo
from cse_synth.world import DAY_US, END, HOUR_US, MINUTE_US, World

__all__ = ["SYSTEMS", "build_tables"]

SYSTEMS = ("CRIMES", "CUSTODY", "INTEL", "OCGM", "SAFEGUARDING")
_ID_PREFIX = {
    "CRIMES": "CRN",
    "CUSTODY": "CUS",
    "INTEL": "INT-",
    "OCGM": "OCGM",
    "SAFEGUARDING": "SG",
}
# scrambling multipliers: each must be coprime with 10**9 (odd, not ending in 5)
_ID_MULTIPLIER = {
    "CRIMES": 1_234_567,
    "CUSTODY": 1_234_569,
    "INTEL": 1_234_571,
    "OCGM": 1_234_573,
    "SAFEGUARDING": 1_234_577,
}
_DUP_P = {"CRIMES": 0.12, "CUSTODY": 0.15, "INTEL": 0.10, "OCGM": 0.03, "SAFEGUARDING": 0.05}
_PNC_P = {"CRIMES": 0.55, "CUSTODY": 0.9, "INTEL": 0.35, "OCGM": 0.7, "SAFEGUARDING": 0.1}
_PLACEHOLDER_DOB = np.datetime64("1900-01-01", "D").astype(np.int64)


def _ids(block: int, prefix: str, n: int, multiplier: int) -> np.ndarray:
    """Distinct, unordered-looking ids ``PREFIX#########``."""
    codes = unique_codes(block, np.arange(n), 1_000_000_000, multiplier)
    return np.char.add(prefix, np.char.zfill(codes.astype(str), 9)).astype(object)


def _needs(world: World) -> pd.DataFrame:
    """Every (pid, system) an event needs, with the time of the first such event."""
    crime_inv = world.frame("crime_inv")
    intel = world.frame("intel")
    intel_inv = world.frame("intel_inv").merge(intel[["ikey", "submitted_at"]], on="ikey")
    ocg = world.frame("ocg")
    parts = [
        pd.DataFrame({"pid": crime_inv["pid"], "system": "CRIMES", "t": crime_inv["linked_at"]}),
        pd.DataFrame(
            {
                "pid": world.frame("custody")["pid"],
                "system": "CUSTODY",
                "t": world.frame("custody")["arrested_at"],
            }
        ),
        pd.DataFrame({"pid": intel_inv["pid"], "system": "INTEL", "t": intel_inv["submitted_at"]}),
        pd.DataFrame({"pid": ocg["pid"], "system": "OCGM", "t": ocg["mapped_from"] * DAY_US}),
        pd.DataFrame(
            {
                "pid": world.frame("safeguarding")["pid"],
                "system": "SAFEGUARDING",
                "t": world.frame("safeguarding")["flagged_at"],
            }
        ),
    ]
    needs = pd.concat(parts, ignore_index=True)
    # people known only through identifiers get an intelligence record
    idents = world.frame("idents")
    orphan = np.setdiff1d(idents["pid"].unique(), needs["pid"].unique())
    if len(orphan):
        first = idents[idents["pid"].isin(orphan)].groupby("pid")["observed_from"].min()
        needs = pd.concat(
            [
                needs,
                pd.DataFrame(
                    {
                        "pid": first.index.to_numpy(),
                        "system": "INTEL",
                        "t": first.to_numpy() * DAY_US,
                    }
                ),
            ],
            ignore_index=True,
        )
    needs["t"] = needs["t"].astype(np.int64)
    return needs.groupby(["pid", "system"], as_index=False, sort=True)["t"].min()


def _records(world: World, needs: pd.DataFrame) -> pd.DataFrame:
    rng = world.rng
    sys_arr = needs["system"].to_numpy()
    n_extra = (rng.random(len(needs)) < pd.Series(sys_arr).map(_DUP_P).to_numpy()).astype(np.int64)
    n_extra += (n_extra > 0) & (rng.random(len(needs)) < 0.2)
    needs = needs.assign(n_rec=1 + n_extra, pair=np.arange(len(needs)))
    rec = needs.loc[needs.index.repeat(needs["n_rec"])].reset_index(drop=True)
    rec["rec_no"] = rec.groupby("pair").cumcount()
    n = len(rec)
    per = world.persons
    pid = rec["pid"].to_numpy()
    sys_arr_rec = rec["system"].to_numpy()
    dup = rec["rec_no"].to_numpy() > 0
    scale = np.where(dup, 2.0, 1.0)  # duplicates are usually the sloppy ones
    # name errors (nicknames, typos, swaps) scale with the profile's error rate
    err = scale * world.profile.name_error_factor

    fore = per["forename"].to_numpy()[pid].copy()
    mid = per["middle_names"].to_numpy()[pid].copy()
    sur = per["surname"].to_numpy()[pid].copy()
    m = rng.random(n) < 0.08 * err
    fore[m] = nickname(rng, fore[m])
    m = rng.random(n) < 0.5
    sur[m] = surname_variant(rng, sur[m])
    m = rng.random(n) < 0.04 * err
    fore[m] = typo(rng, fore[m])
    m = rng.random(n) < 0.05 * err
    sur[m] = typo(rng, sur[m])
    m = (rng.random(n) < 0.03 * err) & pd.notna(mid)
    fore[m], mid[m] = mid[m], fore[m]
    m = rng.random(n) < 0.01 * err
    fore[m], sur[m] = sur[m], fore[m]
    mid = np.where(rng.random(n) < 0.6, mid, None)
    upper = rng.random(n) < np.where(sys_arr_rec == "CUSTODY", 0.6, 0.03)
    fore = np.where(upper & pd.notna(fore), pd.Series(fore, dtype=object).str.upper(), fore)
    sur = np.where(upper & pd.notna(sur), pd.Series(sur, dtype=object).str.upper(), sur)
    mid = np.where(upper & pd.notna(mid), pd.Series(mid, dtype=object).str.upper(), mid)

    dob = per["dob_days"].to_numpy()[pid].copy()
    d = dob.astype("datetime64[D]")
    years = d.astype("datetime64[Y]").astype(np.int64) + 1970
    months = (d.astype("datetime64[M]").astype(np.int64) % 12) + 1
    days = (d - d.astype("datetime64[M]")).astype(np.int64) + 1
    transposable = (days <= 12) & (days != months)
    m = (rng.random(n) < 0.02 * scale) & transposable
    swapped = np.array(
        [
            np.datetime64(f"{y:04d}-{dd:02d}-{mm:02d}", "D")
            for y, mm, dd in zip(years[m], months[m], days[m], strict=True)
        ],
        dtype="datetime64[D]",
    )
    dob[m] = swapped.astype(np.int64)
    m = rng.random(n) < 0.01 * scale
    dob[m] += rng.choice([-365, 365], int(m.sum()))
    dob_missing = rng.random(n) < np.where(sys_arr_rec == "INTEL", 0.2, 0.06)
    placeholder = rng.random(n) < 0.015
    dob_out = np.where(placeholder, _PLACEHOLDER_DOB, dob)

    pnc = per["pnc"].to_numpy()[pid]
    show = pd.notna(pnc) & (rng.random(n) < pd.Series(sys_arr_rec).map(_PNC_P).to_numpy())
    pnc_out = np.where(show, format_pnc(rng, np.where(show, pnc, None)), None)

    g = per["gender"].to_numpy()[pid].copy()
    u = rng.random(n)
    g = np.where(
        u < 0.01, np.where(g == "M", "F", "M"), np.where(u < 0.03, "U", np.where(u < 0.05, None, g))
    )
    eth = per["ethnicity_code"].to_numpy()[pid]
    u = rng.random(n)
    codes = np.array(["W1", "W4", "A2", "B2", "M4", "O2"], dtype=object)
    eth = np.where(
        u < 0.8,
        eth,
        np.where(u < 0.9, "NS", np.where(u < 0.95, None, codes[rng.integers(0, 6, n)])),
    )

    home = per["home_postcode"].to_numpy()[pid]
    prev = per["prev_postcode"].to_numpy()[pid]
    post = np.where(pd.notna(prev) & (rng.random(n) < 0.4), prev, home)
    post = np.where(rng.random(n) < 0.06, None, post)

    # Records with only a name: intelligence, crime and partner records can name someone
    # nobody has met; a custody record is made with the detainee present (date of birth
    # always taken), so custody never has one.
    name_only = (rng.random(n) < 0.02) & (sys_arr_rec != "CUSTODY")
    t = rec["t"].to_numpy()
    created = np.where(
        dup,
        t + (rng.random(n) * (END - t)).astype(np.int64) // 4,
        t - rng.integers(1, 120, n) * MINUTE_US,
    )
    updated = np.where(
        rng.random(n) < 0.5,
        -1,
        np.minimum(created + (rng.exponential(100, n) * DAY_US).astype(np.int64), END),
    )

    rec["source_nominal_id"] = None
    for system in SYSTEMS:
        sel = sys_arr_rec == system
        k = int(sel.sum())
        if k:
            order = rng.permutation(k)  # ids do not reveal pid order or duplicates
            rec.loc[sel, "source_nominal_id"] = _ids(
                world.block, _ID_PREFIX[system], k, _ID_MULTIPLIER[system]
            )[order]
    out = pd.DataFrame(
        {
            "pid": pid,
            "pair": rec["pair"].to_numpy(),
            "source_system": sys_arr_rec.astype(object),
            "source_nominal_id": rec["source_nominal_id"].to_numpy(),
            "pnc_id": np.where(name_only, None, pnc_out),
            "forename": fore,
            "middle_names": mid,
            "surname": sur,
            "dob_days": np.where(dob_missing | name_only, -99999, dob_out),
            "gender": g,
            "ethnicity_code": eth,
            "postcode": np.where(name_only, None, post),
            "created_at": created,
            "updated_at": updated,
        }
    )
    return out


def _pick(
    rng: np.random.Generator, recs: pd.DataFrame, pids: np.ndarray, system: str
) -> np.ndarray:
    """For each event (pid) pick one of the person's records in ``system``."""
    sub = recs[recs["source_system"] == system].sort_values(
        ["pid", "source_nominal_id"], kind="stable"
    )
    keys = sub["pid"].to_numpy()
    start = np.searchsorted(keys, pids, side="left")
    count = np.searchsorted(keys, pids, side="right") - start
    # the first record is used most: the later ones are the strays
    off = np.where(rng.random(len(pids)) < 0.7, 0, (rng.random(len(pids)) * count).astype(np.int64))
    return sub["source_nominal_id"].to_numpy()[start + np.minimum(off, np.maximum(count - 1, 0))]


def _event_ids(
    world: World,
    rng: np.random.Generator,
    keys: pd.Series,
    n_keys: int,
    prefix: str,
    multiplier: int,
) -> np.ndarray:
    """Source ids of events (crimes, intel reports), indexed by the event's key: distinct
    ``PREFIX#########`` ids in a random order, so ids do not follow event order."""
    ids = np.empty(n_keys, dtype=object)
    ids[keys.to_numpy()] = _ids(world.block, prefix, len(keys), multiplier)[
        rng.permutation(len(keys))
    ]
    return ids


def _mentions(
    rng: np.random.Generator,
    recs: pd.DataFrame,
    links: pd.DataFrame,
    event_id: tuple[str, np.ndarray],
    system: str,
    columns: dict[str, np.ndarray],
) -> pd.DataFrame:
    """An event-to-nominal table (crime_nominals, intel_nominals): per link, the event id
    (``(name, values)``), the source record of the person in ``system`` (``_pick``), the
    link's own ``columns`` and whether it was planted."""
    source_nominal_id = _pick(rng, recs, links["pid"].to_numpy(), system)
    return pd.DataFrame(
        {
            event_id[0]: event_id[1],
            "source_system": system,
            "source_nominal_id": source_nominal_id,
            **columns,
            "_planted": links["planted"].to_numpy(bool),
        }
    )


def _ts(values: np.ndarray) -> np.ndarray:
    # whole seconds: source systems do not record microseconds
    return (np.asarray(values, dtype=np.int64) // 1_000_000 * 1_000_000).astype("datetime64[us]")


def build_tables(
    world: World,
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, dict[str, np.ndarray]]:
    """Turn the world into raw contract tables.

    Returns
    -------
    tables
        Raw tables by contract name (contract columns plus a boolean ``_planted``).
    records
        ``source_system, source_nominal_id, pid`` for every nominal (truth).
    id_maps
        ``crime_id`` and ``intel_id`` by block-local key.
    """
    rng = world.rng
    needs = _needs(world)
    recs = _records(world, needs)
    planted_pids = set()
    for name in ("crime_inv", "intel_inv", "custody"):
        f = world.frame(name)
        planted_pids.update(f.loc[f["planted"], "pid"].tolist())

    nominals = recs.drop(columns=["pid", "pair"]).copy()
    nominals["date_of_birth"] = np.where(
        recs["dob_days"].to_numpy() == -99999, None, recs["dob_days"].to_numpy()
    )
    nominals = nominals.drop(columns=["dob_days"])
    nominals["created_at"] = _ts(recs["created_at"].to_numpy())
    upd = recs["updated_at"].to_numpy()
    nominals["updated_at"] = np.where(upd < 0, None, _ts(np.maximum(upd, 0)))
    nominals["_planted"] = recs["pid"].isin(planted_pids).to_numpy()

    crimes = world.frame("crimes").sort_values("ckey", kind="stable").reset_index(drop=True)
    crime_id = _event_ids(world, rng, crimes["ckey"], world.next_crime, "CR", 7_654_319)
    crimes_t = pd.DataFrame(
        {
            "crime_id": crime_id[crimes["ckey"].to_numpy()],
            "offence_code": crimes["offence_code"].to_numpy(),
            "committed_from": np.where(crimes["from_null"], None, _ts(crimes["committed_from"])),
            "committed_to": np.where(crimes["to_null"], None, _ts(crimes["committed_to"])),
            "recorded_at": _ts(crimes["recorded_at"]),
            "is_cse_flagged": crimes["is_cse_flagged"].to_numpy(),
            "lsoa_code": crimes["lsoa_code"].to_numpy(),
            "outcome_code": crimes["outcome_code"].to_numpy(),
            "_planted": crimes["network_key"].notna().to_numpy(),
        }
    )

    inv = world.frame("crime_inv")
    crime_nominals = _mentions(
        rng,
        recs,
        inv,
        ("crime_id", crime_id[inv["ckey"].to_numpy()]),
        "CRIMES",
        {"involvement": inv["involvement"].to_numpy(), "linked_at": _ts(inv["linked_at"])},
    )

    cus = world.frame("custody")
    cus = cus.sort_values(["arrested_at", "pid"], kind="stable").reset_index(drop=True)
    inc = cus["incident"].to_numpy()
    inc_ids = np.char.add(
        "INC",
        np.char.zfill(
            unique_codes(0, np.maximum(inc, 0) % 1_000_000_000, 1_000_000_000, 3_141_593).astype(
                str
            ),
            9,
        ),
    )
    custody = pd.DataFrame(
        {
            "custody_id": _ids(world.block, "CU", len(cus), 2_718_283),
            "source_system": "CUSTODY",
            "source_nominal_id": _pick(rng, recs, cus["pid"].to_numpy(), "CUSTODY"),
            "arrested_at": _ts(cus["arrested_at"]),
            "arrest_postcode": cus["arrest_postcode"].to_numpy(),
            "offence_code": cus["offence_code"].to_numpy(),
            "crime_id": np.where(
                cus["ckey"].to_numpy() >= 0, crime_id[np.maximum(cus["ckey"].to_numpy(), 0)], None
            ),
            "incident_id": np.where(inc >= 0, inc_ids, None).astype(object),
            "_planted": cus["planted"].to_numpy(bool),
        }
    )
    custody = custody.iloc[rng.permutation(len(custody))].reset_index(drop=True)

    intel = world.frame("intel").sort_values("ikey", kind="stable").reset_index(drop=True)
    intel_id = _event_ids(world, rng, intel["ikey"], world.next_intel, "IR", 1_618_033)
    intel_reports = pd.DataFrame(
        {
            "intel_id": intel_id[intel["ikey"].to_numpy()],
            "submitted_at": _ts(intel["submitted_at"]),
            "grading_scheme": intel["grading_scheme"].to_numpy(),
            "source_evaluation": intel["source_evaluation"].to_numpy(),
            "intelligence_assessment": intel["intelligence_assessment"].to_numpy(),
            "handling_code": intel["handling_code"].to_numpy(),
            "is_cse_marked": intel["is_cse_marked"].to_numpy(),
            "_planted": intel["network_key"].notna().to_numpy(),
        }
    )
    ii = world.frame("intel_inv")
    intel_nominals = _mentions(
        rng,
        recs,
        ii,
        ("intel_id", intel_id[ii["ikey"].to_numpy()]),
        "INTEL",
        {"mention_role": ii["mention_role"].to_numpy()},
    )

    ids = world.frame("idents")
    # identifiers come from any of the person's records
    by_pid = recs.sort_values(["pid", "source_system", "source_nominal_id"], kind="stable")
    keys = by_pid["pid"].to_numpy()
    p = ids["pid"].to_numpy()
    start = np.searchsorted(keys, p, side="left")
    count = np.searchsorted(keys, p, side="right") - start
    pick = start + (rng.random(len(p)) * count).astype(np.int64)
    value = _vary_values(rng, ids["identifier_type"].to_numpy(), ids["value"].to_numpy())
    obs_to = ids["observed_to"].to_numpy(np.int64)
    nominal_identifiers = pd.DataFrame(
        {
            "source_system": by_pid["source_system"].to_numpy()[pick],
            "source_nominal_id": by_pid["source_nominal_id"].to_numpy()[pick],
            "identifier_type": ids["identifier_type"].to_numpy(),
            "identifier_value": value,
            "observed_from": ids["observed_from"].to_numpy(np.int64),
            "observed_to": np.where(obs_to < 0, None, obs_to),
            "_planted": ids["planted"].to_numpy(bool),
        }
    )
    nominal_identifiers = _repeat_on_other_records(
        rng.spawn(1)[0], nominal_identifiers, ids["value"].to_numpy(), by_pid, start, count, pick
    )

    ocg = world.frame("ocg")
    arch = ocg["archived_at"].to_numpy(np.int64)
    band = ocg["ocg_threat_band"].to_numpy(np.int64)
    ocg_nominals = pd.DataFrame(
        {
            "ocg_id": ocg["ocg_id"].to_numpy(),
            "source_system": "OCGM",
            "source_nominal_id": _pick(rng, recs, ocg["pid"].to_numpy(), "OCGM"),
            "ocg_role": ocg["ocg_role"].to_numpy(),
            "ocg_threat_band": np.where(band < 0, None, band),
            "mapped_from": ocg["mapped_from"].to_numpy(np.int64),
            "archived_at": np.where(arch < 0, None, arch),
            "_planted": ocg["planted"].to_numpy(bool),
        }
    )

    sg = world.frame("safeguarding")
    safeguarding = pd.DataFrame(
        {
            "source_system": "SAFEGUARDING",
            "source_nominal_id": _pick(rng, recs, sg["pid"].to_numpy(), "SAFEGUARDING"),
            "flag_type": sg["flag_type"].to_numpy(),
            "flagged_at": _ts(
                sg["flagged_at"] // HOUR_US * HOUR_US + rng.integers(0, 60, len(sg)) * MINUTE_US
            ),
            "_planted": sg["planted"].to_numpy(bool),
        }
    )

    tables = {
        "nominals": nominals,
        "crimes": crimes_t,
        "crime_nominals": crime_nominals,
        "custody_records": custody,
        "intel_reports": intel_reports,
        "intel_nominals": intel_nominals,
        "nominal_identifiers": nominal_identifiers,
        "ocg_nominals": ocg_nominals,
        "safeguarding_flags": safeguarding,
    }
    records = recs[["source_system", "source_nominal_id", "pid"]].copy()
    return tables, records, {"crime_id": crime_id, "intel_id": intel_id}


# Chance that an identifier seen with a person is also on each other record of theirs.
IDENTIFIER_REPEAT_P = 0.5


def _repeat_on_other_records(
    rng: np.random.Generator,
    identifiers: pd.DataFrame,
    canonical: np.ndarray,
    by_pid: pd.DataFrame,
    start: np.ndarray,
    count: np.ndarray,
    pick: np.ndarray,
) -> pd.DataFrame:
    """Copy each identifier observation onto the person's other records, each with
    probability :data:`IDENTIFIER_REPEAT_P` (recorded in that system's own style).

    A phone, vehicle or handle is typed into every system that deals with its holder:
    custody takes it at each arrest, intelligence repeats it. Giving each observation to
    one record only made two records of the same person never share an identifier.
    Drawn from a child stream, so every other value of the world is unchanged.
    """
    n_other = np.maximum(count - 1, 0)
    rows = np.repeat(np.arange(len(identifiers)), n_other)
    if not len(rows):
        return identifiers
    # the k-th other record of row i: skip the record the observation already sits on
    k = np.arange(len(rows)) - np.repeat(np.cumsum(n_other) - n_other, n_other)
    slot = start[rows] + k
    slot = np.where(slot >= pick[rows], slot + 1, slot)
    keep = rng.random(len(rows)) < IDENTIFIER_REPEAT_P
    rows, slot = rows[keep], slot[keep]
    copies = identifiers.iloc[rows].copy()
    copies["source_system"] = by_pid["source_system"].to_numpy()[slot]
    copies["source_nominal_id"] = by_pid["source_nominal_id"].to_numpy()[slot]
    kinds = identifiers["identifier_type"].to_numpy()[rows]
    copies["identifier_value"] = _vary_values(rng, kinds, canonical[rows])
    out = pd.concat([identifiers, copies], ignore_index=True)
    # the contract key: one row per record, identifier and start of observation
    key = ["source_system", "source_nominal_id", "identifier_type", "identifier_value"]
    return out.drop_duplicates([*key, "observed_from"]).reset_index(drop=True)


def _vary_values(rng: np.random.Generator, kinds: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Per-row recording style of the same identifier (phone format, plate spacing, case)."""
    out = values.astype(object).copy()
    phone = kinds == "PHONE"
    if phone.any():
        digits = pd.Series(out[phone], dtype=object).str.replace(r"\D", "", regex=True).str[-9:]
        out[phone] = format_phone(
            digits.astype(np.int64).to_numpy(), rng.integers(0, 4, int(phone.sum()))
        )
    veh = kinds == "VEHICLE"
    if veh.any():
        plain = pd.Series(out[veh], dtype=object).str.replace(" ", "", regex=False)
        spaced = plain.str[:4] + " " + plain.str[4:]
        out[veh] = np.where(rng.random(int(veh.sum())) < 0.6, spaced, plain)
    email = kinds == "EMAIL"
    if email.any():
        s = pd.Series(out[email], dtype=object)
        out[email] = np.where(rng.random(int(email.sum())) < 0.1, s.str.upper(), s)
    addr = (kinds == "ADDRESS") & ~pd.Series(out, dtype=object).str.startswith("UPRN").to_numpy()
    if addr.any():
        s = pd.Series(out[addr], dtype=object)
        u = rng.random(int(addr.sum()))
        numbered = s.str.match(r"^\d+ ").to_numpy()
        out[addr] = np.where(
            (u < 0.15) & numbered,
            s.str.replace(" ", ", ", n=1, regex=False),
            np.where(u < 0.25, s.str.upper(), s),
        )
    return out
