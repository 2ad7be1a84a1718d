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

Rule pairs that touch a near-empty record (``NAME_IDENTIFIER``: an agreeing name and a
shared phone, vehicle, email, handle or address) are held back from the first pass too
(:func:`split_near_empty_rule_pairs`). A household shares an address, and a father and
son may share a name, so one name-only record at that address must not chain the two
into one person: :func:`near_empty_rule_pairs` lets the held-back pairs of a group of
near-empty records (joined to each other by such pairs) through only when they point
into at most one person; otherwise every one of them is refused and counted.
"""

from __future__ import annotations

import pandas as pd

from person_resolution.features import is_near_empty
from person_resolution.union_find import AverageLinkage, cluster_records

__all__ = [
    "CLUSTER_RECORD_COLUMNS",
    "NEAR_EMPTY_RULE_PRIORITY",
    "RULE_PAIR_COLUMNS",
    "SPLINK_RULE",
    "SPLINK_RULE_PRIORITY",
    "cluster_records",
    "cluster_with_rules",
    "cluster_with_splink",
    "clustering_pairs",
    "near_empty_ids",
    "near_empty_pairs",
    "near_empty_record_ids",
    "near_empty_rule_pairs",
    "no_rule_pairs",
    "split_near_empty_rule_pairs",
    "uncorroborated_rule_pairs",
]

SPLINK_RULE = "SPLINK"
SPLINK_RULE_PRIORITY = 5  # after every rule of var identity_rule_priorities (1-4)
NEAR_EMPTY_RULE_PRIORITY = 6  # after every threshold pair

_STRONG_FORENAME = ("exact", "same canonical name (nickname map)")
# swapped exactly, or swapped with a misspelling: both are plausible name matches
_SWAPPED_FORENAME = ("forename and surname swapped", "swapped, within edit distance 2")
_PAIR_OUT = ["record_id_a", "record_id_b", "resolution_rule", "rule_priority"]
_PAIR_OUT += ["match_probability"]
# What clustering reads: of each prepared record, its id and the near-empty and
# cannot-link fields; of each matched rule pair, the pair, its rule and whether a
# second field corroborates it (the dbt model and the benchmarks select these).
CLUSTER_RECORD_COLUMNS = ["record_id", "pnc_id", "date_of_birth", "postcode"]
RULE_PAIR_COLUMNS = [*_PAIR_OUT, "is_corroborated"]
# an analyst's force-merge is a decision, not evidence: it is never held back
_NEVER_HELD_BACK = ("ANALYST_OVERRIDE",)


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
    swapped = one["forename_label"].isin(_SWAPPED_FORENAME)
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


def near_empty_record_ids(records: pd.DataFrame) -> set[str]:
    """Ids of the near-empty records (:func:`~person_resolution.features.is_near_empty`).

    Parameters
    ----------
    records : pd.DataFrame
        ``record_id``, ``date_of_birth``, ``postcode`` and ``pnc_id`` (staged: a
        placeholder date of birth is already null).

    Returns
    -------
    set of str
    """
    empty = is_near_empty(records["date_of_birth"], records["postcode"], records["pnc_id"])
    return set(records.loc[empty, "record_id"].astype(str))


def split_near_empty_rule_pairs(
    rule_pairs: pd.DataFrame, near_empty: set[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rule pairs for the first pass, and those held back because they touch a
    near-empty record (analyst force-merges are never held back).

    Returns
    -------
    tuple of pd.DataFrame
        (first-pass pairs, held-back pairs), each with the columns of ``rule_pairs``.
    """
    touches = rule_pairs["record_id_a"].isin(near_empty) | rule_pairs["record_id_b"].isin(
        near_empty
    )
    held = touches & ~rule_pairs["resolution_rule"].isin(_NEVER_HELD_BACK)
    return rule_pairs.loc[~held], rule_pairs.loc[held]


def near_empty_rule_pairs(
    held_back: pd.DataFrame, near_empty: set[str], anchors: pd.Series
) -> tuple[pd.DataFrame, pd.Series]:
    """Held-back rule pairs that cannot chain two people, and the count refused per record.

    The near-empty records of the held-back pairs are grouped (two near-empty records
    sharing a pair are one group). A group's pairs pass when they point into at most one
    person of the first pass: the persons of their other records, and of the group's own
    records when an analyst already placed one in a larger person. Otherwise the group
    would join two people by a name alone, and all its pairs are refused.

    Parameters
    ----------
    held_back : pd.DataFrame
        Rule pairs touching a near-empty record (:func:`split_near_empty_rule_pairs`).
    near_empty : set of str
        Near-empty record ids.
    anchors : pd.Series
        Record id -> person (anchor record id) after the first pass.

    Returns
    -------
    tuple
        (the pairs allowed, columns of ``held_back``; a Series record id -> number of
        its pairs refused, only records with at least one).
    """
    if held_back.empty:
        return held_back, pd.Series(dtype="int64")
    ids = sorted(set(held_back["record_id_a"]) | set(held_back["record_id_b"]))
    empty_ids = [rid for rid in ids if rid in near_empty]
    # groups of near-empty records: the plain components (no cannot-link pairs) of the
    # one union-find, each named by its smallest record id
    among = held_back.loc[
        held_back["record_id_a"].isin(empty_ids) & held_back["record_id_b"].isin(empty_ids)
    ]
    links = pd.DataFrame(
        {
            "record_id_a": among["record_id_a"].to_numpy(),
            "record_id_b": among["record_id_b"].to_numpy(),
            "resolution_rule": "HELD_BACK",
            "rule_priority": 0,
            "match_probability": None,
        }
    )
    components = cluster_records(
        pd.DataFrame({"record_id": empty_ids, "pnc_id": [None] * len(empty_ids)}),
        links,
        pd.DataFrame({"record_id_a": [], "record_id_b": []}),
    )
    group = dict(zip(components["record_id"], components["anchor_record_id"], strict=True))
    sizes = anchors.value_counts()
    persons: dict[str, set[str]] = {}
    for rid in group:
        person = anchors.get(rid, rid)
        # a near-empty record alone is no person yet; one placed by an analyst is
        placed = {person} if sizes.get(person, 1) > 1 else set()
        persons.setdefault(group[rid], set()).update(placed)
    for a, b in zip(held_back["record_id_a"], held_back["record_id_b"], strict=True):
        for empty, other in ((a, b), (b, a)):
            if empty in group and other not in group:
                persons[group[empty]].add(anchors.get(other, other))
    ok = [
        len(persons[group[a if a in group else b]]) <= 1
        for a, b in zip(held_back["record_id_a"], held_back["record_id_b"], strict=True)
    ]
    allowed = held_back.loc[ok]
    refused = held_back.loc[[not x for x in ok]]
    counts = pd.concat([refused["record_id_a"], refused["record_id_b"]]).value_counts()
    return allowed, counts.astype("int64")


def cluster_with_splink(
    records: pd.DataFrame,
    rule_pairs: pd.DataFrame,
    scored: pd.DataFrame | None,
    do_not_merge: pd.DataFrame,
    *,
    threshold: float,
    min_merge_share: float = 0.0,
    attach_near_empty: bool = True,
) -> pd.DataFrame:
    """Cluster rule pairs plus Splink pairs, then let near-empty records join.

    Both passes use the one constrained union-find
    (:func:`~person_resolution.union_find.cluster_records`). First pass: the rule pairs
    that touch no near-empty record and the Splink pairs at or above the threshold
    between records that are not near-empty. Second pass, on the
    first pass's persons: the held-back rule pairs that cannot chain two people
    (:func:`near_empty_rule_pairs`) and, for near-empty records with no rule pair, the
    near-empty attachment (:func:`near_empty_pairs`).

    Parameters
    ----------
    records : pd.DataFrame
        ``record_id`` and ``pnc_id``; with ``date_of_birth`` and ``postcode`` the
        near-empty records are found from them, otherwise from the scored pairs' flags.
    rule_pairs, do_not_merge : pd.DataFrame
        The rule pairs and the cannot-link pairs; with Splink, an uncorroborated
        ``NAME_DOB_*`` rule pair counts only at or above the threshold
        (:func:`uncorroborated_rule_pairs`).
    scored : pd.DataFrame or None
        The scored Splink pairs; None for rules only.
    threshold : float
        Match probability at or above which a Splink pair merges.
    min_merge_share : float
        A Splink pair joins two persons of two or more records each only when at least
        this share of the scored pairs between them reach the threshold
        (:class:`~person_resolution.union_find.AverageLinkage`; 0: any pair joins).
    attach_near_empty : bool
        The Splink near-empty attachment (False: threshold pairs only).

    Returns
    -------
    pd.DataFrame
        The clustering (same columns as
        :func:`~person_resolution.union_find.cluster_records`); ``n_pairs_refused`` also
        counts held-back rule pairs refused.
    """
    if scored is not None:  # rules only: no score to ask, every rule pair counts
        rule_pairs, _ = uncorroborated_rule_pairs(rule_pairs, scored, threshold=threshold)
    rule_pairs = rule_pairs.drop(columns="is_corroborated", errors="ignore")
    columns = list(rule_pairs.columns)
    if {"date_of_birth", "postcode"} <= set(records.columns):
        near_empty = near_empty_record_ids(records)
    else:
        near_empty = near_empty_ids(scored) if scored is not None else set()
    first_rules, held_back = split_near_empty_rule_pairs(rule_pairs, near_empty)
    pairs = first_rules
    if scored is not None:
        splink = clustering_pairs(scored, near_empty | near_empty_ids(scored), threshold=threshold)
        pairs = pd.concat([first_rules, splink[columns]], ignore_index=True)
    linkage = None
    if scored is not None and min_merge_share > 0:
        linkage = AverageLinkage(scored, SPLINK_RULE, threshold, min_merge_share)
    result = cluster_records(records, pairs, do_not_merge, linkage=linkage)
    anchors = result.set_index("record_id")["anchor_record_id"]
    allowed, refused = near_empty_rule_pairs(held_back, near_empty, anchors)
    extra = [allowed[columns]]
    if scored is not None and attach_near_empty and "middle_name_level" in scored.columns:
        attach = near_empty_pairs(scored, anchors)
        # a record with rule pairs is placed by them (or left out as ambiguous)
        has_rule = set(held_back["record_id_a"]) | set(held_back["record_id_b"])
        attach = attach.loc[
            ~attach["record_id_a"].isin(has_rule & near_empty)
            & ~attach["record_id_b"].isin(has_rule & near_empty)
        ]
        extra.append(attach[columns])
    extra = [found for found in extra if not found.empty]
    # the second union-find runs only when the second pass has pairs to add
    if extra:
        pairs = pd.concat([pairs, *extra], ignore_index=True)
        result = cluster_records(records, pairs, do_not_merge, linkage=linkage)
    if not refused.empty:
        add = result["record_id"].map(refused).fillna(0).astype("int64")
        result["n_pairs_refused"] = result["n_pairs_refused"] + add
    return result


def uncorroborated_rule_pairs(
    rule_pairs: pd.DataFrame, scored: pd.DataFrame, *, threshold: float
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rule pairs kept, and the uncorroborated name-and-date-of-birth pairs dropped.

    A ``NAME_DOB_*`` pair with ``is_corroborated`` false (no shared postcode district,
    middle name or personal identifier: the dbt model ``int_person_record_pairs_matched``)
    is kept only when Splink scores it at or above ``threshold``. A name and a date of
    birth alone are shared by more strangers the more records a force holds; Splink's
    prior, estimated on the run's records, shrinks as they grow, so its score weighs the
    same agreement against the population it is found in. Rule pairs without the column
    (older builds) are all kept.

    Parameters
    ----------
    rule_pairs : pd.DataFrame
        Rule pairs, optionally with ``is_corroborated``.
    scored : pd.DataFrame
        Splink's scored pairs (``record_id_a``, ``record_id_b``, ``match_probability``).
    threshold : float
        Splink's match threshold.

    Returns
    -------
    tuple of pd.DataFrame
        (the rule pairs kept, without ``is_corroborated``; the pairs dropped).
    """
    if "is_corroborated" not in rule_pairs.columns:
        return rule_pairs, rule_pairs.iloc[0:0]
    corroborated = rule_pairs["is_corroborated"].fillna(True).astype(bool)
    key = ["record_id_a", "record_id_b"]
    likely = scored.loc[scored["match_probability"] >= threshold, key].assign(is_likely=True)
    asked = rule_pairs.loc[~corroborated, key].merge(likely, on=key, how="left")
    keep = corroborated.to_numpy().copy()
    keep[~corroborated.to_numpy()] = asked["is_likely"].fillna(False).astype(bool).to_numpy()
    kept = rule_pairs.loc[keep].drop(columns="is_corroborated")
    return kept, rule_pairs.loc[~keep].drop(columns="is_corroborated")


def cluster_with_rules(
    records: pd.DataFrame,
    rule_pairs: pd.DataFrame,
    do_not_merge: pd.DataFrame,
) -> pd.DataFrame:
    """Rules only (var ``resolution_method: rules``): the same two passes without Splink.

    See :func:`cluster_with_splink`; ``records`` needs ``date_of_birth`` and ``postcode``
    for the near-empty records' pairs to be held back.
    """
    return cluster_with_splink(records, rule_pairs, None, do_not_merge, threshold=1.0)
