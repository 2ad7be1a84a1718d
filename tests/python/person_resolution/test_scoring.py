"""Scoring with the saved model: pairs, privacy, determinism, clustering pairs, evaluation."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from person_resolution.clustering import SPLINK_RULE, clustering_pairs
from person_resolution.comparisons import COMPARISON_NAMES
from person_resolution.evaluation import blocking_recall, pairwise_scores
from person_resolution.features import prepare_records
from person_resolution.model import level_weights, settings_for_dialect
from person_resolution.pipeline import SCORED_COLUMNS, resolve_pairs
from person_resolution.scoring import score_pairs

THRESHOLD = 0.99


@pytest.fixture
def scored(
    records: pd.DataFrame, nicknames: pd.DataFrame, saved_model: dict, splink_seed: int
) -> pd.DataFrame:
    features = prepare_records(records, nicknames)
    # the hand-made records stand for a sample of a default-size world: saved prior
    return score_pairs(
        features, model=saved_model, min_probability=0.0, seed=splink_seed, prior_records=0
    ).pairs


def _pair(scored: pd.DataFrame, a: str, b: str) -> pd.Series:
    a, b = min(a, b), max(a, b)
    hit = scored.loc[(scored["record_id_a"] == a) & (scored["record_id_b"] == b)]
    assert len(hit) == 1, f"pair {a} {b} not scored"
    return hit.iloc[0]


def test_pairs_are_ordered_unique_and_carry_no_personal_data(scored: pd.DataFrame) -> None:
    assert (scored["record_id_a"] < scored["record_id_b"]).all()
    assert not scored.duplicated(["record_id_a", "record_id_b"]).any()
    assert scored["match_probability"].between(0, 1).all()
    forbidden = {"forename", "surname", "dob", "date_of_birth", "postcode", "pnc_id"}
    assert not forbidden & set(scored.columns)


def test_true_variants_match_and_namesakes_do_not(scored: pd.DataFrame) -> None:
    for a, b in [
        ("CRIMES:A1", "CUSTODY:A2"),  # same person, other formats
        ("CRIMES:A1", "INTEL:A3"),  # nickname and transposed date of birth
        ("CRIMES:B1", "INTEL:B2"),  # surname typo
        ("CRIMES:C1", "OCGM:C2"),  # names swapped
    ]:
        assert _pair(scored, a, b)["match_probability"] >= THRESHOLD, (a, b)
    # same name and date of birth, different PNC id and postcode: a namesake (and two
    # PNC ids are a cannot-link pair in clustering whatever the probability)
    assert _pair(scored, "CRIMES:A1", "CRIMES:D1")["match_probability"] < THRESHOLD


def test_comparison_weights_add_up_to_the_pair_weight(
    scored: pd.DataFrame, saved_model: dict
) -> None:
    import math

    prior = saved_model["probability_two_random_records_match"]
    parts = scored[[f"{name}_match_weight" for name in COMPARISON_NAMES]].sum(axis=1)
    total = parts + math.log2(prior / (1 - prior))
    assert (total - scored["match_weight"]).abs().max() < 1e-6


def test_scoring_is_deterministic_and_order_free(
    records: pd.DataFrame,
    nicknames: pd.DataFrame,
    saved_model: dict,
    scored: pd.DataFrame,
    splink_seed: int,
) -> None:
    shuffled = prepare_records(records.sample(frac=1.0, random_state=11), nicknames)
    again = score_pairs(
        shuffled, model=saved_model, min_probability=0.0, seed=splink_seed, prior_records=0
    ).pairs
    pd.testing.assert_frame_equal(again, scored)


def test_resolve_pairs_labels_levels_and_flags_near_empty(
    records: pd.DataFrame,
    nicknames: pd.DataFrame,
    tmp_path,
    splink_seed: int,
    word_max_records: int,
) -> None:
    # The saved model shipped with the project (same path as conftest's MODEL_PATH).
    model_path = (
        Path(__file__).resolve().parents[3]
        / "models/intermediate/identity/splink/person_model.json"
    )

    pairs, info = resolve_pairs(
        records,
        nicknames,
        model_path=str(model_path),
        min_probability=0.0,
        seed=splink_seed,
        address_word_max_records=word_max_records,
    )
    assert list(pairs.columns) == SCORED_COLUMNS
    assert info["n_records"] == len(records) and info["n_near_empty"] == 1
    assert pairs["forename_label"].notna().all()
    near = pairs["is_record_a_near_empty"] | pairs["is_record_b_near_empty"]
    assert near.any()
    involved = pairs.loc[near, ["record_id_a", "record_id_b"]].to_numpy().ravel()
    assert "INTEL:E1" in set(involved)


def test_clustering_pairs_drop_near_empty_and_weak_pairs(scored: pd.DataFrame) -> None:
    edges = clustering_pairs(scored, {"INTEL:E1"}, threshold=THRESHOLD)
    assert (edges["match_probability"] >= THRESHOLD).all()
    assert not (edges[["record_id_a", "record_id_b"]] == "INTEL:E1").any().any()
    assert set(edges["resolution_rule"]) == {SPLINK_RULE}
    probs = edges["match_probability"].to_numpy()
    assert (probs[:-1] >= probs[1:]).all()


def test_pairwise_scores_on_a_hand_example() -> None:
    assigned = pd.DataFrame({"record_id": list("abcde"), "person_id": [1, 1, 1, 2, 3]})
    truth = pd.DataFrame({"record_id": list("abcde"), "true_person_id": [1, 1, 2, 2, 3]})
    s = pairwise_scores(assigned, truth)
    assert (s["predicted_pairs"], s["true_pairs"], s["correct_pairs"]) == (3, 2, 1)
    assert s["precision"] == pytest.approx(1 / 3) and s["recall"] == pytest.approx(0.5)
    pairs = pd.DataFrame({"record_id_a": ["a"], "record_id_b": ["b"], "blocking_rule_index": [0]})
    assert blocking_recall(pairs, truth) == {"all": 0.5, "rule_0": 0.5}


def test_saved_model_compiles_for_both_dialects(saved_model: dict) -> None:
    duck = settings_for_dialect(saved_model, "duckdb")
    spark = settings_for_dialect(saved_model, "spark")
    assert [c["output_column_name"] for c in duck["comparisons"]] == COMPARISON_NAMES
    for a, b in zip(duck["comparisons"], spark["comparisons"], strict=True):
        ma = [lv.get("m_probability") for lv in a["comparison_levels"]]
        assert ma == [lv.get("m_probability") for lv in b["comparison_levels"]]
    weights = {(r["comparison"], r["label"]): r["match_weight"] for r in level_weights(saved_model)}
    assert weights[("pnc_id", "exact")] > 0 > weights[("pnc_id", "different")]


def test_a_model_from_other_code_is_refused(saved_model: dict) -> None:
    broken = {**saved_model, "comparisons": saved_model["comparisons"][:-1]}
    with pytest.raises(ValueError, match="retrain"):
        settings_for_dialect(broken, "duckdb")


def test_swapped_and_misspelt_names_and_a_postcode_slip_get_their_levels(
    nicknames: pd.DataFrame, splink_seed: int, word_max_records: int
) -> None:
    model = Path(__file__).resolve().parents[3] / "models/intermediate/identity/splink"
    rows = pd.DataFrame(
        {
            "record_id": ["CRIMES:S1", "INTEL:S2", "CRIMES:S3"],
            "forename": ["Marek", "Nowakowska", "Marek"],
            "middle_names": [None, None, None],
            "surname": ["Nowakowski", "Marec", "Nowakowski"],
            "date_of_birth": pd.to_datetime(["1992-04-18"] * 3).date,
            "pnc_id": [None, None, None],
            "postcode": ["2615", "2615", "2616"],
            "gender": [None, None, None],
        }
    )
    pairs, _ = resolve_pairs(
        rows,
        nicknames,
        model_path=str(model / "person_model.json"),
        min_probability=0.0,
        seed=splink_seed,
        address_word_max_records=word_max_records,
    )
    pairs = pairs.set_index(["record_id_a", "record_id_b"])
    swapped = pairs.loc[("CRIMES:S1", "INTEL:S2")]
    assert swapped["forename_label"] == "swapped, within edit distance 2"
    # weighed once, by the forename: the surname level is neutral
    assert swapped["surname_match_weight"] == 0
    assert pairs.loc[("CRIMES:S1", "CRIMES:S3")]["postcode_label"] == "edit distance 1"


@pytest.mark.parametrize("untrained", ["m_probability", "u_probability"])
def test_a_level_with_no_trained_m_or_u_keeps_its_own_label(
    nicknames: pd.DataFrame,
    saved_model: dict,
    tmp_path: Path,
    untrained: str,
    splink_seed: int,
    word_max_records: int,
) -> None:
    # A level that training never saw (no m: EM met no such pair; no u: the random
    # sample had none) has no weight of its own in the model: its level and label must
    # still be its own, not those of the level whose weight happens to be nearest.
    levels = {
        "forename is the other's middle name": ("CRIMES:M1", "INTEL:M2"),
        "forename and surname swapped": ("CRIMES:M1", "OCGM:M3"),
    }
    model = json.loads(json.dumps(saved_model))
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("label_for_charts") in levels:
                level.pop(untrained, None)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model))
    rows = pd.DataFrame(
        {
            "record_id": ["CRIMES:M1", "INTEL:M2", "OCGM:M3"],
            "forename": ["Idris", "Tobias", "Fairweather"],
            "middle_names": [None, "Idris", None],
            "surname": ["Fairweather", "Fairweather", "Idris"],
            "date_of_birth": pd.to_datetime(["1988-06-02"] * 3).date,
            "pnc_id": [None, None, None],
            "postcode": ["DN4 8PL", "DN4 8PL", "DN4 8PL"],
            "gender": ["M", "M", "M"],
        }
    )
    pairs, _ = resolve_pairs(
        rows,
        nicknames,
        model_path=str(path),
        min_probability=0.0,
        seed=splink_seed,
        address_word_max_records=word_max_records,
    )
    pairs = pairs.set_index(["record_id_a", "record_id_b"])
    gamma = {r["label"]: r["level"] for r in level_weights(model) if r["comparison"] == "forename"}
    for label, pair in levels.items():
        assert pairs.loc[pair, "forename_label"] == label
        assert pairs.loc[pair, "forename_level"] == gamma[label]


def test_address_words_leave_out_the_postcode() -> None:
    from person_resolution.features import address_words

    addresses = pd.Series(
        [
            ["FLAT 3 12 ACACIA AVENUE S1 4AB"],
            ["FLAT 9 12 ACACIA AVENUE S1 4AB", "UPRN 100000123"],
            ["4 MILL LANE 2615"],
            None,
        ]
    )
    postcodes = pd.Series(["S1 4AB", "S1 4AB", "2615", None])
    words = address_words(addresses, postcodes)
    assert words[0] == ["12", "3", "ACACIA", "AVENUE", "FLAT"]
    assert words[1] == ["100000123", "12", "9", "ACACIA", "AVENUE", "FLAT", "UPRN"]
    assert words[2] == ["4", "LANE", "MILL"]  # the record's own postcode, not UK-shaped
    assert words[3] is None
    # two flats of one building share their street words, not their postcode
    assert set(words[0]) & set(words[1]) == {"12", "ACACIA", "AVENUE", "FLAT"}
