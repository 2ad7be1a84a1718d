"""Which Splink pairs clustering may union, and the near-empty-record rule.

A near-empty record (no date of birth, no postcode, no PNC id) matches on name and gender
alone, so it could chain two different people with the same name into one. Such records
therefore never take part in pair-wise clustering. After the other records are clustered
they are attached one by one, each at most to one person, via its single best pair, and
only when that is unambiguous:

- its best Splink pair to a record that is not near-empty has probability at least
  ``near_empty_threshold``;
- no pair at or above ``near_empty_threshold`` points into a different person;
- no analyst do-not-merge pair joins it to a member of that person.

An attached near-empty record can never join two persons, because it is attached after
clustering and to one person only.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["SPLINK_RULE", "SPLINK_RULE_PRIORITY", "attach_near_empty", "clustering_pairs"]

SPLINK_RULE = "SPLINK"
SPLINK_RULE_PRIORITY = 5  # after ANALYST_OVERRIDE, PNC, NAME_DOB_EXACT, NAME_DOB_FUZZY


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


def attach_near_empty(
    clusters: pd.DataFrame,
    pairs: pd.DataFrame,
    near_empty_ids: set[str] | pd.Series,
    do_not_merge: pd.DataFrame,
    *,
    near_empty_threshold: float,
) -> pd.DataFrame:
    """Attach near-empty singleton records to one person each, when unambiguous.

    Parameters
    ----------
    clusters : pd.DataFrame
        One row per record: ``record_id``, ``anchor_record_id``, ``resolution_rule``,
        ``match_probability`` (other columns are kept).
    pairs : pd.DataFrame
        All scored Splink pairs (``record_id_a``, ``record_id_b``, ``match_probability``).
    near_empty_ids : set or pd.Series
        Record ids with no date of birth, postcode or PNC id.
    do_not_merge : pd.DataFrame
        Analyst ``record_id_a``, ``record_id_b`` pairs that must stay apart.
    near_empty_threshold : float
        Least probability of the best pair.

    Returns
    -------
    pd.DataFrame
        ``clusters`` with attached records moved into their person (``anchor_record_id``
        updated and kept the smallest id of the person), ``resolution_rule`` SPLINK and
        ``match_probability`` of the attaching pair; same row order.
    """
    out = clusters.copy()
    empty = set(near_empty_ids)
    anchor = dict(zip(out["record_id"], out["anchor_record_id"], strict=True))
    size = out.groupby("anchor_record_id")["record_id"].transform("size")
    # only records still alone are attached (rules or overrides may have placed others)
    alone = set(out.loc[(size == 1) & out["record_id"].isin(empty), "record_id"])
    if not alone or pairs.empty:
        return out
    strong = pairs.loc[
        pairs["match_probability"] >= near_empty_threshold,
        ["record_id_a", "record_id_b", "match_probability"],
    ]
    # each pair seen from the near-empty side: (record, partner, probability)
    sides = pd.concat(
        [
            strong.rename(columns={"record_id_a": "record_id", "record_id_b": "partner_id"}),
            strong.rename(columns={"record_id_b": "record_id", "record_id_a": "partner_id"}),
        ],
        ignore_index=True,
    )
    sides = sides.loc[sides["record_id"].isin(alone) & ~sides["partner_id"].isin(empty)]
    if sides.empty:
        return out
    sides = sides.assign(person=sides["partner_id"].map(anchor))
    apart: dict[str, set[str]] = {}
    for a, b in zip(do_not_merge["record_id_a"], do_not_merge["record_id_b"], strict=True):
        apart.setdefault(str(a), set()).add(str(b))
        apart.setdefault(str(b), set()).add(str(a))
    members = out.groupby("anchor_record_id")["record_id"].agg(set).to_dict()
    sides = sides.sort_values(
        ["record_id", "match_probability", "partner_id"],
        ascending=[True, False, True],
        kind="stable",
    )
    new_anchor: dict[str, str] = {}
    probability: dict[str, float] = {}
    for record_id, group in sides.groupby("record_id", sort=True):
        persons = group["person"].unique()
        if len(persons) != 1:
            continue  # pairs into two people: ambiguous, stays alone
        person = persons[0]
        if apart.get(str(record_id), set()) & members.get(person, set()):
            continue
        new_anchor[str(record_id)] = person
        probability[str(record_id)] = float(group["match_probability"].iloc[0])
    if not new_anchor:
        return out
    is_moved = out["record_id"].isin(new_anchor)
    out.loc[is_moved, "anchor_record_id"] = out.loc[is_moved, "record_id"].map(new_anchor)
    out.loc[is_moved, "resolution_rule"] = SPLINK_RULE
    out.loc[is_moved, "match_probability"] = out.loc[is_moved, "record_id"].map(probability)
    # the anchor stays the smallest record id of the person
    out["anchor_record_id"] = out.groupby("anchor_record_id")["record_id"].transform("min")
    return out
