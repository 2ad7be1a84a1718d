"""Planted networks, traps and defects are present, and the truth agrees with the data.

Assertions are on counts, ids and codes only: no record content is printed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cse_contract import load_contract
from cse_synth.defects import DEFECT_RATES, pk_text
from person_resolution.standardise import record_ids

SHAPES = {"FLAT", "FACILITATOR", "ONLINE", "SHARED_VICTIMS", "BRIDGED", "OCG_OVERLAP"}
TRAPS = {
    "HUB_IDENTIFIER",
    "LOW_GRADE_INTEL",
    "PROFESSIONAL",
    "WITNESS",
    "REPORTING_PERSON",
    "NON_OVERLAPPING_IDENTIFIER",
}
AS_OF = pd.Timestamp("2026-11-01")


@pytest.fixture(scope="module")
def raw(tiny_dir: Path) -> dict[str, pd.DataFrame]:
    return {t: pd.read_parquet(tiny_dir / "raw" / f"{t}.parquet") for t in load_contract()}


@pytest.fixture(scope="module")
def truth(tiny_dir: Path) -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_parquet(p) for p in (tiny_dir / "truth").glob("*.parquet")}


def _norm(s: pd.Series) -> pd.Series:
    return s.astype("string").str.strip().str.upper()


def test_every_network_shape_and_harm_level(truth: dict[str, pd.DataFrame]) -> None:
    nets = truth["networks"]
    assert set(nets["shape"]) == SHAPES
    assert nets["is_high_harm"].any() and (~nets["is_high_harm"]).any()
    high = nets[nets["is_high_harm"]]
    low = nets[~nets["is_high_harm"]]
    # high harm is more harmful on the whole ...
    assert high["harm_days"].median() > 5 * low["harm_days"].median()
    assert (high["n_child_rape_crimes"] > 0).sum() >= 3
    # ... but no single feature hands the label over: the classes overlap in time,
    # size and offence gravity, so a score built on one of them cannot rank them apart
    for column in ("last_offence_at", "n_victims", "n_crimes", "harm_days"):
        assert high[column].min() <= low[column].max(), f"{column} separates the classes"
    assert set(truth["network_members"]["network_key"]) == set(nets["network_key"])


def test_both_classes_hold_active_and_dormant_networks(truth: dict[str, pd.DataFrame]) -> None:
    """A force's list holds groups offending now beside historical ones, in both classes.

    Were every planted network dormant at the as-of date (as before ONGOING_SHARE), the
    activity trend and the recency component would be tested on one value only; were
    only high-harm ones active, a score built on recency alone would rank them apart.
    """
    nets = truth["networks"]
    window_start = AS_OF - pd.DateOffset(months=_project_var("activity_window_months"))
    active = nets["last_offence_at"] >= window_start
    for high in (True, False):
        in_class = nets["is_high_harm"] == high
        assert (active & in_class).sum() >= 1, f"no active network with is_high_harm={high}"
        assert (~active & in_class).sum() >= 1, f"no dormant network with is_high_harm={high}"


def test_roles_and_key_players(truth: dict[str, pd.DataFrame]) -> None:
    members = truth["network_members"].merge(truth["networks"], on="network_key")
    assert {"FACILITATOR", "BROKER", "BRIDGE", "MEMBER"} <= set(members["role"])
    special = members[members["role"] != "MEMBER"]
    assert special["is_key_player"].all()
    # a bridge sits in exactly two networks
    bridges = (
        members[members["role"] == "BRIDGE"].groupby("true_person_id")["network_key"].nunique()
    )
    assert (bridges == 2).all()
    flat = members[members["shape"] == "FLAT"]
    assert not flat["role"].isin(["FACILITATOR", "BROKER"]).any()


def test_victims_are_children_and_some_shared(
    truth: dict[str, pd.DataFrame], raw: dict[str, pd.DataFrame]
) -> None:
    victims = truth["network_victims"]
    assert victims.groupby("true_person_id")["network_key"].nunique().max() >= 2
    persons = truth["persons"].set_index("true_person_id")
    nets = truth["networks"].set_index("network_key")
    v = victims.join(nets["first_offence_at"], on="network_key").join(
        persons["date_of_birth"], on="true_person_id"
    )
    age = (v["first_offence_at"] - pd.to_datetime(v["date_of_birth"])).dt.days / 365.25
    assert (age < 18).all()
    flagged = raw["safeguarding_flags"]
    records = truth["records"]
    sg_people = set(
        records.merge(flagged, on=["source_system", "source_nominal_id"])["true_person_id"]
    )
    assert (
        len(sg_people & set(victims["true_person_id"])) >= 0.5 * victims["true_person_id"].nunique()
    )


def test_ocg_overlap_and_ocg_members_without_cse(
    truth: dict[str, pd.DataFrame], raw: dict[str, pd.DataFrame]
) -> None:
    links = truth["network_ocg_links"]
    assert len(links) >= 1
    assert set(links["ocg_id"]) <= set(raw["ocg_nominals"]["ocg_id"])
    tags = truth["persons"].explode("role_tags")
    no_cse = set(tags.loc[tags["role_tags"] == "OCG_MEMBER_NO_CSE", "true_person_id"])
    members = set(truth["network_members"]["true_person_id"])
    assert no_cse and not (no_cse & members)
    # ... and the records agree: none of their crimes (the OCG's own drug supply) is
    # flagged CSE, so the pipeline has no CSE evidence against them
    records = truth["records"][truth["records"]["true_person_id"].isin(no_cse)]
    crimes = records.merge(raw["crime_nominals"], on=["source_system", "source_nominal_id"]).merge(
        raw["crimes"], on="crime_id"
    )
    assert len(crimes) >= len(no_cse)
    assert not crimes["is_cse_flagged"].fillna(False).astype(bool).any()


def test_every_ocg_link_has_a_current_member(
    truth: dict[str, pd.DataFrame], raw: dict[str, pd.DataFrame]
) -> None:
    """A truth link is one the data can show: a member of the network holds a
    mapping to the OCG that is not archived (the product counts current members
    only). A link carried only by an archived mapping was scored as a miss."""
    links = truth["network_ocg_links"]
    ocgm = raw["ocg_nominals"]
    current = ocgm[ocgm["archived_at"].isna()].merge(
        truth["records"], on=["source_system", "source_nominal_id"]
    )[["ocg_id", "true_person_id"]]
    held = current.merge(truth["network_members"], on="true_person_id")[
        ["network_key", "ocg_id"]
    ].drop_duplicates()
    missing = links.merge(held, how="left", indicator=True)
    assert len(links) >= 1
    assert (missing["_merge"] == "both").all(), int((missing["_merge"] != "both").sum())
    # ... while archived mappings still exist elsewhere (the control: the rule is
    # not vacuous because nothing is ever archived)
    assert ocgm["archived_at"].notna().any()


def test_ocg_rows_keeps_the_linking_mappings_current() -> None:
    """The rule itself, on enough rows that about 15% are archived: the people
    named ``current`` never are, and every other draw is unchanged (the same
    seed gives the same bands, dates and archive dates to everyone else)."""
    from cse_synth.background import ocg_rows
    from cse_synth.world import World

    pids = np.arange(400)
    roles = np.full(400, "PERIPHERAL", dtype=object)
    keep = pids[::3]
    plain = ocg_rows(World(0, np.random.default_rng(7)), "OCG-X", pids, roles, planted=True)
    kept = ocg_rows(
        World(0, np.random.default_rng(7)), "OCG-X", pids, roles, planted=True, current=keep
    )
    was_archived = plain["archived_at"] >= 0
    assert was_archived[np.isin(pids, keep)].sum() > 0  # the control: some were archived
    assert (kept.loc[np.isin(pids, keep), "archived_at"] < 0).all()
    rest = ~np.isin(pids, keep)
    pd.testing.assert_frame_equal(plain[rest], kept[rest])


def test_every_trap_type_present(truth: dict[str, pd.DataFrame]) -> None:
    false = truth["false_links"]
    assert set(false["trap_type"]) == TRAPS
    assert (false["true_person_id_a"] < false["true_person_id_b"]).all()
    # a false link never joins two people of the same planted network
    people = pd.concat([truth["network_members"], truth["network_victims"]], ignore_index=True)[
        ["network_key", "true_person_id"]
    ]
    same = false.merge(people, left_on="true_person_id_a", right_on="true_person_id").merge(
        people,
        left_on=["true_person_id_b", "network_key"],
        right_on=["true_person_id", "network_key"],
    )
    assert same.empty


def test_hub_identifiers_shared_by_many(
    truth: dict[str, pd.DataFrame], raw: dict[str, pd.DataFrame]
) -> None:
    hubs = truth["hub_identifiers"]
    assert set(hubs["hub_kind"]) == {"HOSTEL", "CARE_HOME", "POLICE_STATION", "TAXI_OFFICE"}
    assert (hubs["n_persons"] >= 25).all()
    ids = raw["nominal_identifiers"].merge(
        truth["records"], on=["source_system", "source_nominal_id"]
    )
    digits = ids["identifier_value"].str.replace(r"\D", "", regex=True).str[-9:]
    for hub in hubs.itertuples():
        if hub.identifier_type == "PHONE":
            on_hub = digits == "".join(ch for ch in hub.identifier_value if ch.isdigit())[-9:]
        else:
            squash = ids["identifier_value"].str.upper().str.replace(r"[^A-Z0-9]", "", regex=True)
            on_hub = squash == "".join(ch for ch in hub.identifier_value.upper() if ch.isalnum())
        # defects may drop a few rows; nearly everyone on the hub is in the data
        assert ids.loc[on_hub, "true_person_id"].nunique() >= 0.9 * hub.n_persons


def test_low_grade_intel_is_low_grade(
    truth: dict[str, pd.DataFrame], raw: dict[str, pd.DataFrame]
) -> None:
    low = truth["false_links"].query("trap_type == 'LOW_GRADE_INTEL'")
    inv = raw["intel_nominals"].merge(truth["records"], on=["source_system", "source_nominal_id"])
    rep = raw["intel_reports"].set_index("intel_id")
    for pair in low.itertuples():
        a = set(inv.loc[inv["true_person_id"] == pair.true_person_id_a, "intel_id"])
        b = set(inv.loc[inv["true_person_id"] == pair.true_person_id_b, "intel_id"])
        grades = rep.loc[sorted(a & b)]
        assert len(grades)
        credible = (
            (grades["grading_scheme"] == "3X5X2")
            & grades["source_evaluation"].isin(["1", "2"])
            & grades["intelligence_assessment"].isin(["A", "B", "C"])
        ) | (
            (grades["grading_scheme"] == "5X5X5")
            & grades["source_evaluation"].isin(["A", "B"])
            & grades["intelligence_assessment"].isin(["1", "2"])
        )
        assert not credible.any()
    legacy = raw["intel_reports"]["grading_scheme"] == "5X5X5"
    assert legacy.any()


def test_professionals_never_suspects(
    truth: dict[str, pd.DataFrame], raw: dict[str, pd.DataFrame]
) -> None:
    tags = truth["persons"].explode("role_tags")
    pros = set(tags.loc[tags["role_tags"] == "PROFESSIONAL", "true_person_id"])
    inv = raw["crime_nominals"].merge(truth["records"], on=["source_system", "source_nominal_id"])
    mine = inv[inv["true_person_id"].isin(pros)]
    assert len(mine) >= 5
    assert set(_norm(mine["involvement"])) == {"PROFESSIONAL"}


def test_unflagged_cse_crimes(truth: dict[str, pd.DataFrame], raw: dict[str, pd.DataFrame]) -> None:
    unflagged = truth["unflagged_cse_crimes"]
    assert set(unflagged["reason"]) == {"CHILD_SEXUAL_OFFENCE_CODE", "SEXUAL_OFFENCE_CHILD_VICTIM"}
    crimes = raw["crimes"].drop_duplicates("crime_id").set_index("crime_id")
    assert not crimes.loc[unflagged["crime_id"], "is_cse_flagged"].eq(True).any()
    # CSE is a minority of all crime, even in tiny
    assert len(unflagged) < 0.25 * len(crimes)


def test_namesakes_are_distinct_people(truth: dict[str, pd.DataFrame]) -> None:
    names = truth["namesakes"]
    assert names["same_dob"].any() and (~names["same_dob"]).any()
    assert (names.groupby("namesake_group")["true_person_id"].nunique() == 2).all()


def test_identity_variation_present(
    truth: dict[str, pd.DataFrame], raw: dict[str, pd.DataFrame]
) -> None:
    nom = raw["nominals"]
    pnc = nom["pnc_id"].dropna()
    assert pnc.str.match(r"^\d{2,4}/\d+[A-Z]$").any()
    assert pnc.str.contains(" ").any()
    assert pnc.str.match(r"^\d+[A-Za-z]$").any()
    assert (pd.to_datetime(nom["date_of_birth"]) == pd.Timestamp("1900-01-01")).any()
    assert nom["date_of_birth"].isna().any()
    per_person = truth["records"].groupby("true_person_id")
    assert per_person["source_system"].nunique().max() >= 3
    assert (
        per_person.size() > per_person["source_system"].nunique()
    ).any()  # duplicates in one system
    assert (nom["postcode"].dropna().str.match(r"^[A-Z]{1,2}\d{1,2} \d[A-Z]{2}$")).mean() > 0.99


@pytest.mark.parametrize("table", list(load_contract()))
def test_defect_classes_and_rates(
    table: str, truth: dict[str, pd.DataFrame], raw: dict[str, pd.DataFrame]
) -> None:
    defects = truth["defects"].query("table_name == @table")
    counts = defects["defect_class"].value_counts().to_dict()
    frame = raw[table]
    added = counts.get("DUPLICATE_PK", 0) + counts.get("ORPHAN_KEY", 0)
    expected = max(1, round(DEFECT_RATES["NULL_REQUIRED"] * (len(frame) - added)))
    for cls in ("NULL_REQUIRED", "UNKNOWN_CODE", "DUPLICATE_PK"):
        assert counts.get(cls) == expected, cls
    if table != "intel_nominals":  # the only table without a date
        assert counts.get("FUTURE_DATE") == expected
    if table not in ("nominals", "crimes", "intel_reports"):
        assert counts.get("ORPHAN_KEY") == expected
    for cls in ("WHITESPACE", "LOWER_CASE"):
        assert 1 <= counts.get(cls, 0) <= expected
    # the data holds what the truth says
    pk = list(load_contract()[table].primary_key)
    assert len(frame) - len(frame.drop_duplicates(pk)) == counts["DUPLICATE_PK"]
    keys = set(pk_text(frame, pk))
    assert set(defects["primary_key"]) <= keys


def test_defects_visible_in_data(
    truth: dict[str, pd.DataFrame], raw: dict[str, pd.DataFrame]
) -> None:
    d = truth["defects"]
    crimes, inv = raw["crimes"], raw["crime_nominals"]
    orphan_crime = ~inv["crime_id"].isin(crimes["crime_id"])
    expect = d.query("table_name == 'crime_nominals' and column_name == 'crime_id'")
    assert orphan_crime.sum() == len(expect)
    future = (crimes["recorded_at"] > AS_OF) | (crimes["committed_from"] > AS_OF)
    assert future.sum() == len(d.query("table_name == 'crimes' and defect_class == 'FUTURE_DATE'"))
    allowed = {"SUSPECT", "OFFENDER", "VICTIM", "WITNESS", "REPORTING_PERSON", "PROFESSIONAL"}
    unknown = ~_norm(inv["involvement"]).isin(allowed) | (_norm(inv["source_system"]) != "CRIMES")
    assert unknown.sum() == len(
        d.query("table_name == 'crime_nominals' and defect_class == 'UNKNOWN_CODE'")
    )
    ws = inv["involvement"] != inv["involvement"].str.strip()
    ws |= inv["source_system"] != inv["source_system"].str.strip()
    assert ws.sum() == len(
        d.query("table_name == 'crime_nominals' and defect_class == 'WHITESPACE'")
    )
    assert raw["nominals"]["created_at"].isna().sum() == len(
        d.query("table_name == 'nominals' and defect_class == 'NULL_REQUIRED'")
    )
    assert np.isfinite(len(d))


def test_identifiers_repeat_across_a_persons_records(
    truth: dict[str, pd.DataFrame], raw: dict[str, pd.DataFrame]
) -> None:
    # a phone or handle is recorded by more than one system that deals with its holder
    ids = raw["nominal_identifiers"].merge(
        truth["records"], on=["source_system", "source_nominal_id"]
    )
    squash = ids["identifier_value"].str.upper().str.replace(r"[^A-Z0-9]", "", regex=True)
    ids["key"] = ids["identifier_type"] + ":" + squash.str[-9:]
    ids["record"] = record_ids(ids["source_system"], ids["source_nominal_id"])
    n_records = truth["records"].groupby("true_person_id").size()
    personal = ids.loc[ids["true_person_id"].map(n_records) >= 2]
    per_holding = personal.groupby(["true_person_id", "key"])["record"].nunique()
    share_repeated = (per_holding >= 2).mean()
    assert 0.3 < share_repeated < 0.95


def _project_var(name: str) -> int:
    import yaml

    project = Path(__file__).resolve().parents[3] / "dbt_project.yml"
    return int(yaml.safe_load(project.read_text())["vars"][name])


def _hub_limits() -> pd.Series:
    """Hub limit per identifier type (seed identifier_hub_limits)."""
    seed = Path(__file__).resolve().parents[3] / "seeds" / "reference" / "identifier_hub_limits.csv"
    return pd.read_csv(seed).set_index("identifier_type")["max_persons"]


# A single hub limit of five persons (as this project once had, just above a generator's
# 1-4 person households) would take a real large household for a hub and cut its links.
_LOW_SINGLE_LIMIT = 5


def test_large_households_keep_their_links_and_hubs_stay_hubs(
    truth: dict[str, pd.DataFrame], raw: dict[str, pd.DataFrame]
) -> None:
    """Real households larger than a low single limit share an address and stay under the
    address hub limit (they keep their links); every planted hub (hostel, care home, police
    station, taxi office) is over the limit of its type."""
    limits = _hub_limits()
    ids = raw["nominal_identifiers"].merge(
        truth["records"], on=["source_system", "source_nominal_id"]
    )
    hubs = truth["hub_identifiers"]

    def squash(values: pd.Series) -> pd.Series:
        # records spell one address several ways ("1, Station Road" / "1 STATION ROAD")
        return values.str.upper().str.replace(r"[^A-Z0-9]", "", regex=True)

    addresses = ids[ids["identifier_type"] == "ADDRESS"]
    key = squash(addresses["identifier_value"])
    household = (
        addresses[~key.isin(squash(hubs["identifier_value"]))]
        .groupby(key)["true_person_id"]
        .nunique()
    )
    assert (household > _LOW_SINGLE_LIMIT).sum() >= 1, "no large household planted"
    assert (household <= limits["ADDRESS"]).all(), "a real household would count as a hub"
    assert len(hubs) >= 1
    assert (hubs["n_persons"] > hubs["identifier_type"].map(limits)).all()


def test_arrests_together_span_both_sides_of_the_co_arrest_window(
    raw: dict[str, pd.DataFrame],
) -> None:
    custody = raw["custody_records"].dropna(subset=["incident_id"])
    at = pd.to_datetime(custody["arrested_at"], errors="coerce", utc=True)
    spans = at.groupby(custody["incident_id"]).agg(["min", "max", "size"])
    spans = spans[spans["size"] > 1]
    minutes = (spans["max"] - spans["min"]).dt.total_seconds() / 60
    window = _project_var("co_arrest_window_minutes")
    assert (minutes <= window).sum() >= 3
    assert (minutes > window).sum() >= 3
