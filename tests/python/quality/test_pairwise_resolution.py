"""Pairwise resolution scores: combinatorics checked against brute-force pair counting."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from person_resolution.evaluation import exact_scores, pairwise_scores, scores_from_counts

KEY = ("source_system", "source_nominal_id")


def pairwise_resolution_scores(assigned: pd.DataFrame, truth: pd.DataFrame) -> dict:
    return pairwise_scores(assigned, truth, on=KEY)


def _frames(assigned: list[str], true: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    ids = [f"N{i}" for i in range(len(assigned))]
    a = pd.DataFrame({"source_system": "CRIMES", "source_nominal_id": ids, "person_id": assigned})
    t = pd.DataFrame({"source_system": "CRIMES", "source_nominal_id": ids, "true_person_id": true})
    return a, t


def _brute_force(assigned: list[str], true: list[str]) -> tuple[int, int, int]:
    pairs = list(itertools.combinations(range(len(assigned)), 2))
    pred = {p for p in pairs if assigned[p[0]] == assigned[p[1]]}
    act = {p for p in pairs if true[p[0]] == true[p[1]]}
    return len(pred & act), len(pred), len(act)


def test_perfect_assignment_scores_one() -> None:
    a, t = _frames(["x", "x", "y", "z"], ["1", "1", "2", "3"])
    scores = pairwise_resolution_scores(a, t)
    assert scores["precision"] == 1.0 and scores["recall"] == 1.0 and scores["f1"] == 1.0


def test_over_and_under_merging() -> None:
    # one true person split in two; two true persons merged
    a, t = _frames(["x", "x", "y", "z", "z"], ["1", "1", "1", "2", "3"])
    scores = pairwise_resolution_scores(a, t)
    assert scores["correct_pairs"] == 1
    assert scores["predicted_pairs"] == 2
    assert scores["true_pairs"] == 3
    assert scores["precision"] == pytest.approx(0.5)
    assert scores["recall"] == pytest.approx(1 / 3)
    assert scores["f1"] == pytest.approx(0.4)


def test_all_singletons_have_full_precision_and_zero_recall() -> None:
    a, t = _frames(["a", "b", "c"], ["1", "1", "2"])
    scores = pairwise_resolution_scores(a, t)
    assert scores["precision"] == 1.0
    assert scores["recall"] == 0.0


def test_matches_brute_force_on_random_assignments() -> None:
    rng = np.random.default_rng(7)
    for _ in range(20):
        n = int(rng.integers(2, 40))
        assigned = [f"p{v}" for v in rng.integers(0, 8, n)]
        true = [f"t{v}" for v in rng.integers(0, 8, n)]
        a, t = _frames(assigned, true)
        scores = pairwise_resolution_scores(a, t)
        tp, pred, act = _brute_force(assigned, true)
        assert (scores["correct_pairs"], scores["predicted_pairs"], scores["true_pairs"]) == (
            tp,
            pred,
            act,
        )


def test_input_order_and_unmatched_records_do_not_matter() -> None:
    a, t = _frames(["x", "x", "y", "y"], ["1", "1", "1", "2"])
    extra = pd.DataFrame(
        {"source_system": ["INTEL"], "source_nominal_id": ["Q"], "person_id": ["x"]}
    )
    first = pairwise_resolution_scores(a, t)
    second = pairwise_resolution_scores(
        pd.concat([a.iloc[::-1], extra], ignore_index=True), t.sample(frac=1, random_state=1)
    )
    assert first == second
    assert second["n_records"] == 4


def test_a_report_shows_scores_from_counts_not_from_rounded_figures() -> None:
    # large, 2026-12-07: F1 0.990447 was stored as 0.99045 and read 0.9905 in the report
    stored = {"precision": 0.99858, "recall": 0.98245, "f1": 0.99045}
    counts = {"correct_pairs": 773_758, "predicted_pairs": 774_862, "true_pairs": 787_580}
    shown = exact_scores({**stored, **counts})
    assert f"{shown['f1']:.4f}" == "0.9904" and f"{stored['f1']:.4f}" == "0.9905"
    assert shown["f1"] == pytest.approx(2 * 773_758 / (774_862 + 787_580), abs=1e-15)
    assert shown["correct_pairs"] == 773_758  # the counts stay
    assert exact_scores(stored) == stored  # a result stored without counts is shown as is
    nothing = scores_from_counts(correct=0, predicted=0, true=0)
    assert nothing == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
