"""Which Splink pairs clustering may union, and when a near-empty record may join.

A near-empty record (no date of birth, no postcode, no PNC id) can match on name and
gender alone, so through it two different people with the same name could be chained
into one. Splink pairs that touch a near-empty record are therefore never unioned by
threshold (:func:`clustering_pairs`).

After the first clustering, :func:`near_empty_pairs` lets a near-empty record join one
person, by one pair, only when the evidence leaves no one else:

- every plausible name match of the record (forename and surname agree at some level,
  or are swapped) points into that one person, so no namesake is a candidate;
- at least one of those pairs is a strong name match (forename exact or the same
  canonical name, surname exact) whose middle name agrees (both recorded and equal);
- no plausible pair disagrees on gender or on a recorded middle name.

Measured on the generator's default world (seed 42): a near-empty record whose strong
name match points into a single person is right only about half to three quarters of
the time (namesakes), so name uniqueness alone is not enough; with the middle name
agreeing every attachment was right. See the docs block ``splink_resolution``.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

__all__ = [
    "NEAR_EMPTY_RULE_PRIORITY",
    "SPLINK_RULE",
    "SPLINK_RULE_PRIORITY",
    "cluster_with_splink",
    "clustering_pairs",
    "near_empty_ids",
    "near_empty_pairs",
    "no_rule_pairs",
]

SPLINK_RULE = "SPLINK"
SPLINK_RULE_PRIORITY = 5  # after the rules (priorities 1-4: overrides, PNC, name rules)
NEAR_EMPTY_RULE_PRIORITY = 6  # after every threshold pair

_STRONG_FORENAME = ("exact", "same canonical name (nickname map)")
_SWAPPED_FORENAME = "forename and surname swapped"
_PAIR_OUT = ["record_id_a", "record_id_b", "resolution_rule", "rule_priority"]
_PAIR_OUT += ["match_probability"]


def no_rule_pairs() -> pd.DataFrame:
    """An empty, typed frame of rule pairs: Splink alone, without the rule pass."""
    return pd.DataFrame(
        {
            "record_id_a": pd.Series(dtype=object),
            "record_id_b": pd.Series(dtype=object),
            "resolution_rule": pd.Series(dtype=object),
            "rule_priority": pd.Series(dtype="int64"),
            "match_probability": pd.Series(dtype="float64"),
        }
    )


def near_empty_ids(scored: pd.DataFrame) -> set[str]:
    """Ids of the near-empty records among scored pairs (from their flags)."""
    a = scored.loc[scored["is_record_a_near_empty"].astype(bool), "record_id_a"]
    b = scored.loc[scored["is_record_b_near_empty"].astype(bool), "record_id_b"]
    return set(a) | set(b)


def clustering_pairs(
    pairs: pd.DataFrame, near_empty_ids: set[str] | pd.Series, *, threshold: float
) -> pd.DataFrame:
    """Splink pairs to union with the rule pairs: at or above the threshold, between
    records that are not near-empty.

    Parameters
    ----------
    pairs : pd.DataFrame
        Scored pairs (``record_id_a``, ``record_id_b``, ``match_probability``).
    near_empty_ids : set or pd.Series
        Record ids with no date of birth, postcode or PNC id.
    threshold : float
        Match probability at or above which a pair is a match.

    Returns
    -------
    pd.DataFrame
        ``record_id_a``, ``record_id_b``, ``resolution_rule`` (SPLINK), ``rule_priority``
        and ``match_probability``, sorted by probability (descending) then ids.
    """
    empty = set(near_empty_ids)
    keep = (
        (pairs["match_probability"] >= threshold)
        & ~pairs["record_id_a"].isin(empty)
        & ~pairs["record_id_b"].isin(empty)
    )
    out = pairs.loc[keep, ["record_id_a", "record_id_b", "match_probability"]].copy()
    out.insert(2, "resolution_rule", SPLINK_RULE)
    out.insert(3, "rule_priority", SPLINK_RULE_PRIORITY)
    out = out.sort_values(
        ["match_probability", "record_id_a", "record_id_b"],
        ascending=[False, True, True],
        kind="stable",
    )
    return out.reset_index(drop=True)


def near_empty_pairs(scored: pd.DataFrame, anchors: pd.Series) -> pd.DataFrame:
    """One pair per near-empty record that may join a person (see the module docs).

    Parameters
    ----------
    scored : pd.DataFrame
        Scored pairs with the near-empty flags, ``forename_level``/``_label``,
        ``surname_level``/``_label``, ``gender_level`` and ``middle_name_level``
        (1 = both recorded and equal, 0 = both recorded and different, -1 = missing).
    anchors : pd.Series
        Record id -> person (anchor record id) after the first clustering.

    Returns
    -------
    pd.DataFrame
        ``record_id_a``, ``record_id_b``, ``resolution_rule`` (SPLINK), ``rule_priority``
        (:data:`NEAR_EMPTY_RULE_PRIORITY`), ``match_probability``: for each near-empty
        record allowed to join, its most probable strong pair; sorted by ids.
    """
    a_empty = scored["is_record_a_near_empty"].astype(bool)
    b_empty = scored["is_record_b_near_empty"].astype(bool)
    one = scored.loc[a_empty ^ b_empty].copy()
    if one.empty:
        return pd.DataFrame(columns=_PAIR_OUT)
    a_is_empty = one["is_record_a_near_empty"].astype(bool).to_numpy()
    one["empty_id"] = one["record_id_a"].where(a_is_empty, one["record_id_b"])
    one["other_id"] = one["record_id_b"].where(a_is_empty, one["record_id_a"])
    one["person"] = one["other_id"].map(anchors)
    # only a record still alone may join (an analyst merge may already have placed it)
    sizes = anchors.value_counts()
    one = one.loc[one["empty_id"].map(anchors).map(sizes).fillna(1).eq(1)]
    swapped = one["forename_label"] == _SWAPPED_FORENAME
    plausible = (one["forename_level"] > 0) & ((one["surname_level"] > 0) | swapped)
    one = one.loc[plausible & one["person"].notna()]
    strong = (
        one["forename_label"].isin(_STRONG_FORENAME)
        & (one["surname_label"] == "exact")
        & (one["middle_name_level"] == 1)
    )
    conflict = (one["gender_level"] == 0) | (one["middle_name_level"] == 0)
    per = one.assign(strong=strong, conflict=conflict).groupby("empty_id")
    summary = per.agg(
        n_persons=("person", "nunique"), strong=("strong", "any"), conflict=("conflict", "any")
    )
    allowed = summary.index[(summary["n_persons"] == 1) & summary["strong"] & ~summary["conflict"]]
    best = one.loc[strong & one["empty_id"].isin(allowed)]
    best = best.sort_values(
        ["empty_id", "match_probability", "other_id"], ascending=[True, False, True]
    ).drop_duplicates("empty_id")
    out = best[["record_id_a", "record_id_b", "match_probability"]].copy()
    out.insert(2, "resolution_rule", SPLINK_RULE)
    out.insert(3, "rule_priority", NEAR_EMPTY_RULE_PRIORITY)
    return out.sort_values(["record_id_a", "record_id_b"]).reset_index(drop=True)


def cluster_with_splink(
    cluster_records: Callable[[pd.DataFrame, pd.DataFrame, pd.DataFrame], pd.DataFrame],
    records: pd.DataFrame,
    rule_pairs: pd.DataFrame,
    scored: pd.DataFrame,
    do_not_merge: pd.DataFrame,
    *,
    threshold: float,
    attach_near_empty: bool = True,
) -> pd.DataFrame:
    """Cluster rule pairs plus Splink pairs, then let near-empty records join.

    Parameters
    ----------
    cluster_records : callable
        The constrained union-find of ``int_person_records_clustered``
        (records, pairs, do_not_merge) -> one row per record with ``anchor_record_id``.
    records, rule_pairs, scored, do_not_merge : pd.DataFrame
        Its inputs, and the scored Splink pairs.
    threshold : float
        Match probability at or above which a Splink pair merges.
    attach_near_empty : bool
        Second pass with :func:`near_empty_pairs` (False: threshold pairs only).

    Returns
    -------
    pd.DataFrame
        The clustering (same columns as ``cluster_records``).
    """
    columns = list(rule_pairs.columns)
    splink = clustering_pairs(scored, near_empty_ids(scored), threshold=threshold)
    pairs = pd.concat([rule_pairs, splink[columns]], ignore_index=True)
    result = cluster_records(records, pairs, do_not_merge)
    if not attach_near_empty or "middle_name_level" not in scored.columns:
        return result
    anchors = result.set_index("record_id")["anchor_record_id"]
    extra = near_empty_pairs(scored, anchors)
    if extra.empty:
        return result
    pairs = pd.concat([pairs, extra[columns]], ignore_index=True)
    return cluster_records(records, pairs, do_not_merge)
