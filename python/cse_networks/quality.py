"""Quality measures of the pipeline against the generator's planted ground truth."""

from __future__ import annotations

import pandas as pd

__all__ = ["pairwise_resolution_scores"]

KEY = ["source_system", "source_nominal_id"]


def _pairs(sizes: pd.Series) -> int:
    """Number of unordered record pairs inside groups of the given sizes."""
    n = sizes.astype("int64")
    return int((n * (n - 1) // 2).sum())


def pairwise_resolution_scores(assigned: pd.DataFrame, truth: pd.DataFrame) -> dict:
    """Pairwise precision, recall and F1 of a record -> person assignment.

    A record pair is a true positive when both records are assigned the same person and
    belong to the same true person. Counts come from cluster-size combinatorics (pairs
    within each assigned cluster, true cluster and their intersection), never by
    enumerating pairs, so the cost is linear in the number of records.

    Parameters
    ----------
    assigned : pd.DataFrame
        ``source_system``, ``source_nominal_id``, ``person_id``: one row per record.
    truth : pd.DataFrame
        ``source_system``, ``source_nominal_id``, ``true_person_id``: one row per record.

    Returns
    -------
    dict
        ``precision``, ``recall``, ``f1`` (1.0 when there is nothing to find or claim),
        pair counts ``true_positive_pairs``, ``predicted_pairs``, ``true_pairs``, and
        ``n_records`` (records in both inputs; the others are ignored).
    """
    merged = assigned[[*KEY, "person_id"]].merge(
        truth[[*KEY, "true_person_id"]], on=KEY, how="inner", validate="one_to_one"
    )
    predicted = _pairs(merged.groupby("person_id", sort=False).size())
    actual = _pairs(merged.groupby("true_person_id", sort=False).size())
    both = _pairs(merged.groupby(["person_id", "true_person_id"], sort=False).size())
    precision = both / predicted if predicted else 1.0
    recall = both / actual if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_positive_pairs": both,
        "predicted_pairs": predicted,
        "true_pairs": actual,
        "n_records": len(merged),
    }
