"""Pairwise precision, recall and F1 of a record clustering against ground truth."""

from __future__ import annotations

import pandas as pd

__all__ = ["blocking_recall", "pairwise_scores"]


def _pairs(sizes: pd.Series) -> int:
    return int((sizes * (sizes - 1) // 2).sum())


def pairwise_scores(
    assigned: pd.DataFrame, truth: pd.DataFrame, *, cluster: str = "person_id"
) -> dict[str, float | int]:
    """Score a clustering by the record pairs it puts together.

    Parameters
    ----------
    assigned : pd.DataFrame
        ``record_id`` and the ``cluster`` column.
    truth : pd.DataFrame
        ``record_id`` and ``true_person_id``. Records missing from either frame are
        ignored (quarantined or defect rows).
    cluster : str
        Name of the cluster column of ``assigned``.

    Returns
    -------
    dict
        ``precision``, ``recall``, ``f1``, ``true_pairs``, ``predicted_pairs``,
        ``correct_pairs``, ``n_records``.
    """
    both = assigned[["record_id", cluster]].merge(
        truth[["record_id", "true_person_id"]], on="record_id", how="inner"
    )
    predicted = _pairs(both.groupby(cluster).size())
    true = _pairs(both.groupby("true_person_id").size())
    correct = _pairs(both.groupby([cluster, "true_person_id"]).size())
    precision = correct / predicted if predicted else 1.0
    recall = correct / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_pairs": true,
        "predicted_pairs": predicted,
        "correct_pairs": correct,
        "n_records": len(both),
    }


def blocking_recall(
    pairs: pd.DataFrame, truth: pd.DataFrame, *, rule_column: str = "blocking_rule_index"
) -> dict[str, float]:
    """Share of true record pairs that a set of candidate pairs contains.

    Parameters
    ----------
    pairs : pd.DataFrame
        ``record_id_a < record_id_b`` candidate pairs (all blocked pairs, not only matches),
        optionally with the index of the first rule that produced each.
    truth : pd.DataFrame
        ``record_id``, ``true_person_id``.
    rule_column : str
        Column holding the producing rule's index.

    Returns
    -------
    dict
        ``all`` -> recall of the union; ``rule_<i>`` -> true pairs first found by rule i,
        as a share of all true pairs.
    """
    members = truth[["record_id", "true_person_id"]].drop_duplicates("record_id")
    true_pairs = members.merge(members, on="true_person_id", suffixes=("_a", "_b"))
    true_pairs = true_pairs.loc[true_pairs["record_id_a"] < true_pairs["record_id_b"]]
    n_true = len(true_pairs)
    if n_true == 0:
        return {"all": 1.0}
    found = true_pairs.merge(pairs, on=["record_id_a", "record_id_b"], how="inner")
    out = {"all": len(found) / n_true}
    if rule_column in found.columns:
        for rule, n in found.groupby(rule_column).size().items():
            out[f"rule_{int(rule)}"] = n / n_true
    return out
