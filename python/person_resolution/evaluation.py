"""Pairwise precision, recall and F1 of a record clustering against ground truth."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = ["blocking_recall", "exact_scores", "pairwise_scores", "scores_from_counts"]


def _pairs(sizes: pd.Series) -> int:
    """Number of unordered record pairs inside groups of the given sizes."""
    n = sizes.astype("int64")
    return int((n * (n - 1) // 2).sum())


def pairwise_scores(
    assigned: pd.DataFrame,
    truth: pd.DataFrame,
    *,
    cluster: str = "person_id",
    on: Sequence[str] = ("record_id",),
) -> dict[str, float | int]:
    """Score a clustering by the record pairs it puts together (the one P/R/F1).

    A record pair is correct when both records share a cluster and a true person.
    Counts come from cluster-size combinatorics (pairs within each assigned cluster,
    true cluster and their intersection), never by enumerating pairs, so the cost is
    linear in the number of records.

    Parameters
    ----------
    assigned : pd.DataFrame
        The record key columns ``on`` and the ``cluster`` column: one row per record.
    truth : pd.DataFrame
        The key columns ``on`` and ``true_person_id``: one row per record. Records
        missing from either frame are ignored (quarantined or defect rows).
    cluster : str
        Name of the cluster column of ``assigned``.
    on : sequence of str
        The record key: ``record_id``, or ``source_system`` and ``source_nominal_id``.

    Returns
    -------
    dict
        ``precision``, ``recall``, ``f1`` (1.0 when there is nothing to find or claim),
        ``true_pairs``, ``predicted_pairs``, ``correct_pairs``, ``n_records``.
    """
    key = list(on)
    both = assigned[[*key, cluster]].merge(
        truth[[*key, "true_person_id"]], on=key, how="inner", validate="one_to_one"
    )
    predicted = _pairs(both.groupby(cluster, sort=False).size())
    true = _pairs(both.groupby("true_person_id", sort=False).size())
    correct = _pairs(both.groupby([cluster, "true_person_id"], sort=False).size())
    return {
        **scores_from_counts(correct=correct, predicted=predicted, true=true),
        "true_pairs": true,
        "predicted_pairs": predicted,
        "correct_pairs": correct,
        "n_records": len(both),
    }


def scores_from_counts(*, correct: int, predicted: int, true: int) -> dict[str, float]:
    """Precision, recall and F1 from the pair counts (1.0 when there is nothing to
    claim or find). Reports show these from the counts, not from figures rounded for
    storage, so an F1 is never rounded twice (0.990447 stored as 0.99045 read 0.9905)."""
    precision = correct / predicted if predicted else 1.0
    recall = correct / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def exact_scores(result: dict) -> dict:
    """``result`` (a stored :func:`pairwise_scores` dict) with its precision, recall and
    F1 recomputed from its pair counts, for a report to show; as it is when it holds
    no counts (results stored before they were kept)."""
    if "correct_pairs" not in result:
        return result
    counts = {"correct": result["correct_pairs"], "predicted": result["predicted_pairs"]}
    return {**result, **scores_from_counts(**counts, true=result["true_pairs"])}


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
