"""Near-empty attachment, held-back rule pairs, uncorroborated name-and-date-of-birth
pairs, prior rescaling and the realistic name pool.

Hand-made, invented records only; assertions on ids and counts, never printed records.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cse_networks.project import project_vars
from person_resolution.clustering import (
    NEAR_EMPTY_RULE_PRIORITY,
    SPLINK_RULE_PRIORITY,
    cluster_with_rules,
    cluster_with_splink,
    near_empty_pairs,
    near_empty_rule_pairs,
    no_rule_pairs,
    uncorroborated_rule_pairs,
)
from person_resolution.features import prepare_records
from person_resolution.model import N_RECORDS_KEY, load_model, scaled_prior, settings_for_dialect
from person_resolution.pipeline import resolve_pairs
from person_resolution.scoring import score_pairs
from person_resolution.union_find import cluster_records

REPO_ROOT = Path(__file__).resolve().parents[3]
MODEL_PATH = REPO_ROOT / "models" / "intermediate" / "identity" / "splink" / "person_model.json"
STRONG = ("exact", "exact")
NO_RULES = no_rule_pairs()
NONE = pd.DataFrame({"record_id_a": [], "record_id_b": []})
BUILD_MIN_PROBABILITY = float(project_vars()["splink_min_probability"])


def _scored(rows: list[tuple]) -> pd.DataFrame:
    """(empty id, other id, (forename label, surname label), gender level, middle level)."""
    levels = {"exact": 6, "same canonical name (nickname map)": 5, "edit distance 1": 4}
    sur_levels = {"exact": 4, "edit distance 1": 3, "different": 0}
    out = []
    for empty, other, (fore, sur), gender, middle in rows:
        a, b = min(empty, other), max(empty, other)
        out.append(
            {
                "record_id_a": a,
                "record_id_b": b,
                "match_probability": 0.6,
                "is_record_a_near_empty": a == empty,
                "is_record_b_near_empty": b == empty,
                "forename_level": levels.get(fore, 0),
                "forename_label": fore,
                "surname_level": sur_levels[sur],
                "surname_label": sur,
                "gender_level": gender,
                "middle_name_level": middle,
            }
        )
    return pd.DataFrame(out)


def test_near_empty_record_joins_the_only_candidate_with_its_middle_name() -> None:
    anchors = pd.Series({"E": "E", "X1": "X1", "X2": "X1", "Y1": "Y1"})
    scored = _scored([("E", "X1", STRONG, 1, 1), ("E", "X2", ("exact", "edit distance 1"), 1, -1)])
    pairs = near_empty_pairs(scored, anchors)
    assert list(zip(pairs["record_id_a"], pairs["record_id_b"], strict=True)) == [("E", "X1")]
    assert (pairs["rule_priority"] == NEAR_EMPTY_RULE_PRIORITY).all()


@pytest.mark.parametrize(
    "rows",
    [
        # a namesake in another person: two candidates
        [("E", "X1", STRONG, 1, 1), ("E", "Y1", STRONG, 1, -1)],
        # the name matches one person, but no middle name agrees
        [("E", "X1", STRONG, 1, -1)],
        # middle names recorded on both sides and different
        [("E", "X1", STRONG, 1, 1), ("E", "X2", STRONG, 1, 0)],
        # a gender conflict
        [("E", "X1", STRONG, 1, 1), ("E", "X2", STRONG, 0, -1)],
        # only a weak name match (forename edit distance 1)
        [("E", "X1", ("edit distance 1", "exact"), 1, 1)],
    ],
)
def test_near_empty_record_stays_alone_when_evidence_is_not_unique(rows: list[tuple]) -> None:
    anchors = pd.Series({"E": "E", "X1": "X1", "X2": "X1", "Y1": "Y1"})
    assert near_empty_pairs(_scored(rows), anchors).empty


def test_near_empty_record_already_placed_by_an_analyst_is_left_alone() -> None:
    anchors = pd.Series({"E": "E", "F": "E", "X1": "X1"})
    assert near_empty_pairs(_scored([("E", "X1", STRONG, 1, 1)]), anchors).empty


def test_clustering_attaches_near_empty_record_end_to_end(
    records: pd.DataFrame, nicknames: pd.DataFrame, splink_seed: int, word_max_records: int
) -> None:
    # a name-only record of person B with B's middle name; E1 (named like A and D) has
    # two candidate persons and must stay alone
    extra = pd.DataFrame(
        [("INTEL:B4", "B", "Priya", "Kaur", "Ramanathan", None, None, None, "F")],
        columns=records.columns,
    )
    recs = pd.concat([records, extra], ignore_index=True)
    scored, info = resolve_pairs(
        recs,
        nicknames,
        model_path=str(MODEL_PATH),
        min_probability=0.99,
        seed=splink_seed,
        address_word_max_records=word_max_records,
    )
    assert info["n_near_empty"] == 2
    # pairs touching a near-empty record are kept below the probability floor
    features = prepare_records(recs, nicknames)
    floor = score_pairs(
        features,
        model=load_model(MODEL_PATH),
        min_probability=0.99,
        seed=splink_seed,
        prior_records=0,
        keep_near_empty=True,
    ).pairs
    touching = floor["record_id_a"].eq("INTEL:B4") | floor["record_id_b"].eq("INTEL:B4")
    assert touching.any() and (floor.loc[touching, "match_probability"] < 0.99).all()
    near = floor["record_id_a"].isin(["INTEL:B4", "INTEL:E1"])
    near |= floor["record_id_b"].isin(["INTEL:B4", "INTEL:E1"])
    assert (floor.loc[~near, "match_probability"] >= 0.99).all()
    assert set(scored["middle_name_level"]) <= {-1, 0, 1}

    base = features.rename(columns={"unique_id": "record_id"})[["record_id", "pnc_id"]]
    on = cluster_with_splink(base, NO_RULES, scored, NONE, threshold=0.99)
    off = cluster_with_splink(base, NO_RULES, scored, NONE, threshold=0.99, attach_near_empty=False)
    person = on.set_index("record_id")["anchor_record_id"]
    assert person["INTEL:B4"] == person["CRIMES:B1"]
    assert (person == person["INTEL:E1"]).sum() == 1
    alone = off.set_index("record_id")["anchor_record_id"]
    assert (alone == alone["INTEL:B4"]).sum() == 1

    # an analyst DO_NOT_MERGE keeps it out
    apart = pd.DataFrame({"record_id_a": ["CRIMES:B1"], "record_id_b": ["INTEL:B4"]})
    kept = cluster_with_splink(base, NO_RULES, scored, apart, threshold=0.99)
    kept = kept.set_index("record_id")["anchor_record_id"]
    assert kept["INTEL:B4"] != kept["CRIMES:B1"]


def _household() -> pd.DataFrame:
    """Father F1 and son S1 share a name and an address; D1 is the father's other record;
    N1, N2 and N3 hold only a name."""
    rows = [
        ("CRIMES:F1", None, pd.Timestamp("1960-04-01"), "AB1 2CD"),
        ("CUSTODY:D1", "2001/0000001A", pd.Timestamp("1960-04-01"), "AB1 2CD"),
        ("CRIMES:S1", None, pd.Timestamp("1990-09-09"), "AB1 2CD"),
        ("INTEL:N1", None, None, None),
        ("INTEL:N2", None, None, None),
        ("INTEL:N3", None, None, None),
    ]
    return pd.DataFrame(rows, columns=["record_id", "pnc_id", "date_of_birth", "postcode"])


def _rule_pairs(pairs: list[tuple[str, str, str]]) -> pd.DataFrame:
    out = pd.DataFrame(pairs, columns=["record_id_a", "record_id_b", "resolution_rule"])
    out["rule_priority"] = out["resolution_rule"].map({"NAME_DOB_EXACT": 3}).fillna(4)
    out["rule_priority"] = out["rule_priority"].astype("int64")
    out["match_probability"] = np.nan
    return out


# the father's two records match by a rule of their own; the rest by name and identifier
FATHER = ("CRIMES:F1", "CUSTODY:D1", "NAME_DOB_EXACT")


def _household_clustered(pairs: list[tuple[str, str]]) -> pd.DataFrame:
    """The household clustered as the rules-only path does; indexed by record id."""
    rule_pairs = _rule_pairs([FATHER, *[(a, b, "NAME_IDENTIFIER") for a, b in pairs]])
    return cluster_with_rules(_household(), rule_pairs, NONE).set_index("record_id")


def test_name_only_record_at_a_shared_address_cannot_chain_father_and_son() -> None:
    # N1 shares the name and the address with both: it stays alone, its pairs counted
    pairs = [("CRIMES:F1", "INTEL:N1"), ("CRIMES:S1", "INTEL:N1")]
    result = _household_clustered(pairs)
    person = result["anchor_record_id"]
    assert person["CRIMES:F1"] == person["CUSTODY:D1"] != person["CRIMES:S1"]
    assert (person == person["INTEL:N1"]).sum() == 1
    assert result.loc["INTEL:N1", "n_pairs_refused"] == 2
    assert result.loc["CRIMES:F1", "n_pairs_refused"] == 1
    # without the hold-back the union-find would have chained all four
    rule_pairs = _rule_pairs([FATHER, *[(a, b, "NAME_IDENTIFIER") for a, b in pairs]])
    chained = cluster_records(_household(), rule_pairs, NONE).set_index("record_id")
    assert chained["anchor_record_id"].nunique() == 3


def test_name_only_records_sharing_a_phone_join_the_one_person_they_point_to() -> None:
    # N2 and N3 share a phone with each other and N2 with the father only: both join him
    result = _household_clustered([("CRIMES:F1", "INTEL:N2"), ("INTEL:N2", "INTEL:N3")])
    person = result["anchor_record_id"]
    assert person["INTEL:N2"] == person["INTEL:N3"] == person["CRIMES:F1"]
    assert person["CRIMES:S1"] != person["CRIMES:F1"]
    assert result["n_pairs_refused"].sum() == 0
    assert result.loc["INTEL:N2", "resolution_rule"] == "NAME_IDENTIFIER"


def test_a_group_of_name_only_records_pointing_into_two_persons_is_refused_whole() -> None:
    anchors = pd.Series(
        {"CRIMES:F1": "CRIMES:F1", "CUSTODY:D1": "CRIMES:F1", "CRIMES:S1": "CRIMES:S1"}
        | {n: n for n in ("INTEL:N1", "INTEL:N2", "INTEL:N3")}
    )
    held = _rule_pairs(
        [
            ("CRIMES:F1", "INTEL:N2", "NAME_IDENTIFIER"),
            ("INTEL:N2", "INTEL:N3", "NAME_IDENTIFIER"),
            ("CRIMES:S1", "INTEL:N3", "NAME_IDENTIFIER"),
            ("CUSTODY:D1", "INTEL:N1", "NAME_IDENTIFIER"),
        ]
    )
    near_empty = {"INTEL:N1", "INTEL:N2", "INTEL:N3"}
    allowed, refused = near_empty_rule_pairs(held, near_empty, anchors)
    assert list(zip(allowed["record_id_a"], allowed["record_id_b"], strict=True)) == [
        ("CUSTODY:D1", "INTEL:N1")
    ]
    assert refused.to_dict() == {"INTEL:N2": 2, "INTEL:N3": 2, "CRIMES:F1": 1, "CRIMES:S1": 1}


def test_prior_is_rescaled_to_the_record_count(saved_model: dict) -> None:
    trained = saved_model[N_RECORDS_KEY]
    prior = saved_model["probability_two_random_records_match"]
    assert trained > 10_000
    assert scaled_prior(saved_model, trained) == pytest.approx(prior)
    assert scaled_prior(saved_model, 20 * trained) == pytest.approx(
        prior * (trained - 1) / (20 * trained - 1)
    )
    assert scaled_prior(saved_model, None) == prior
    legacy = {k: v for k, v in saved_model.items() if k != N_RECORDS_KEY}
    assert scaled_prior(legacy, 1_000_000) == prior
    settings = settings_for_dialect(saved_model, "duckdb", n_records=10 * trained)
    assert settings["probability_two_random_records_match"] == pytest.approx(
        prior * (trained - 1) / (10 * trained - 1)
    )


def test_resolve_pairs_reports_the_rescaled_prior(
    records: pd.DataFrame,
    nicknames: pd.DataFrame,
    saved_model: dict,
    splink_seed: int,
    word_max_records: int,
) -> None:
    _, info = resolve_pairs(
        records,
        nicknames,
        model_path=str(MODEL_PATH),
        min_probability=BUILD_MIN_PROBABILITY,
        seed=splink_seed,
        address_word_max_records=word_max_records,
    )
    assert info["prior"] == pytest.approx(scaled_prior(saved_model, len(records)))
    assert info["prior"] > saved_model["probability_two_random_records_match"]


def test_generator_names_have_realistic_namesake_share() -> None:
    """Full names (forename, surname, sex) shared by under half the people of a district.

    With every British surname drawn from the short common list, three in four people of
    a default-size district had a namesake (measured 0.74); with the long tail, 0.37.
    """
    from cse_synth.people import _ETH_CODES, _ETH_P, _names

    rng = np.random.default_rng([42, 0])
    n = 28_000
    gender = np.where(rng.random(n) < 0.5, "M", "F")
    eth = _ETH_CODES[rng.choice(len(_ETH_CODES), size=n, p=_ETH_P)]
    forename, _, surname = _names(rng, gender, eth)
    people = pd.DataFrame({"f": forename, "s": surname, "g": gender})
    shared = people.groupby(["f", "s", "g"])["f"].transform("size") > 1
    assert shared.mean() < 0.5
    # seeded: the same names again
    a = _names(np.random.default_rng(5), gender, eth)[2]
    b = _names(np.random.default_rng(5), gender, eth)[2]
    assert np.array_equal(a, b)


def test_splink_pairs_come_after_every_match_rule_of_the_project() -> None:
    # The SQL rules' priorities are var identity_rule_priorities; clustering's own two
    # (Splink pairs, then near-empty attachments) must stay weaker than all of them.
    rules = project_vars()["identity_rule_priorities"]
    assert min(rules.values()) >= 1
    assert max(rules.values()) < SPLINK_RULE_PRIORITY < NEAR_EMPTY_RULE_PRIORITY


def _name_dob_pairs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "record_id_a": ["CRIMES:N1", "CRIMES:N1", "CRIMES:N3"],
            "record_id_b": ["INTEL:N2", "INTEL:N3", "INTEL:N4"],
            "resolution_rule": ["NAME_DOB_EXACT", "NAME_DOB_FUZZY", "PNC"],
            "rule_priority": [3, 4, 2],
            "match_probability": [None, None, None],
            "is_corroborated": [False, True, True],
        }
    )


@pytest.mark.parametrize(("probability", "kept"), [(0.995, True), (0.9, False)])
def test_uncorroborated_name_and_dob_pair_counts_only_with_splinks_score(
    probability: float, kept: bool
) -> None:
    # namesakes with one date of birth and nothing else in common: Splink decides
    scored = pd.DataFrame(
        {
            "record_id_a": ["CRIMES:N1"],
            "record_id_b": ["INTEL:N2"],
            "match_probability": [probability],
        }
    )
    out, dropped = uncorroborated_rule_pairs(_name_dob_pairs(), scored, threshold=0.99)
    assert ("INTEL:N2" in set(out["record_id_b"])) is kept
    assert len(dropped) == (0 if kept else 1)
    assert {"INTEL:N3", "INTEL:N4"} <= set(out["record_id_b"])  # corroborated stay
    assert "is_corroborated" not in out.columns


def test_uncorroborated_pair_never_scored_is_dropped_but_kept_by_rules_only() -> None:
    records = pd.DataFrame(
        {
            "record_id": ["CRIMES:N1", "INTEL:N2"],
            "pnc_id": [None, None],
            "date_of_birth": ["1990-01-01", "1990-01-01"],
            "postcode": ["S1 1AA", "B5 7TT"],
        }
    )
    pairs = _name_dob_pairs().iloc[:1]
    scored = pd.DataFrame(
        {
            "record_id_a": pd.Series(dtype=object),
            "record_id_b": pd.Series(dtype=object),
            "match_probability": pd.Series(dtype="float64"),
            "is_record_a_near_empty": pd.Series(dtype=bool),
            "is_record_b_near_empty": pd.Series(dtype=bool),
        }
    )
    with_splink = cluster_with_splink(records, pairs, scored, NONE, threshold=0.99)
    rules_only = cluster_with_rules(records, pairs, NONE)
    assert with_splink["anchor_record_id"].nunique() == 2
    assert rules_only["anchor_record_id"].nunique() == 1
