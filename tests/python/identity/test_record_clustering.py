"""Constrained clustering of matched record pairs (person_resolution.union_find)."""

from __future__ import annotations

import pandas as pd

from person_resolution.union_find import AverageLinkage, cluster_records

PRIORITY = {"ANALYST_OVERRIDE": 1, "PNC": 2, "NAME_DOB_EXACT": 3, "NAME_DOB_FUZZY": 4}


def _records(pncs: dict[str, str | None]) -> pd.DataFrame:
    return pd.DataFrame({"record_id": list(pncs), "pnc_id": list(pncs.values())})


def _pairs(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "record_id_a": [a for a, _, _ in rows],
            "record_id_b": [b for _, b, _ in rows],
            "resolution_rule": [r for _, _, r in rows],
            "rule_priority": [PRIORITY[r] for _, _, r in rows],
            "match_probability": [None] * len(rows),
        }
    )


def _apart(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame({"record_id_a": [a for a, _ in rows], "record_id_b": [b for _, b in rows]})


def _clusters(out: pd.DataFrame) -> set[frozenset[str]]:
    return {frozenset(g["record_id"]) for _, g in out.groupby("anchor_record_id")}


def test_connected_components_anchor_and_rules() -> None:
    recs = _records({"A": None, "B": None, "C": None, "D": None})
    out = cluster_records(
        recs, _pairs([("A", "B", "PNC"), ("B", "C", "NAME_DOB_FUZZY")]), _apart([])
    )
    assert _clusters(out) == {frozenset("ABC"), frozenset("D")}
    by_id = out.set_index("record_id")
    assert set(by_id.loc[["A", "B", "C"], "anchor_record_id"]) == {"A"}
    assert by_id.loc["B", "resolution_rule"] == "PNC"
    assert by_id.loc["C", "resolution_rule"] == "NAME_DOB_FUZZY"
    assert by_id.loc["D", "resolution_rule"] == "SINGLETON"


def test_do_not_merge_drops_the_weakest_link() -> None:
    # A-B exact, B-C fuzzy, C-D PNC: A and D must stay apart, so the fuzzy link goes.
    recs = _records({"A": None, "B": None, "C": None, "D": None})
    pairs = _pairs([("A", "B", "NAME_DOB_EXACT"), ("B", "C", "NAME_DOB_FUZZY"), ("C", "D", "PNC")])
    out = cluster_records(recs, pairs, _apart([("D", "A")]))
    assert _clusters(out) == {frozenset("AB"), frozenset("CD")}
    assert out.set_index("record_id").loc[["B", "C"], "n_pairs_refused"].tolist() == [1, 1]


def test_different_pnc_ids_never_share_a_cluster() -> None:
    # namesakes with different PNC ids, bridged by a record without one
    recs = _records({"A": "2001/0000001A", "B": None, "C": "2002/0000002B"})
    pairs = _pairs([("A", "B", "NAME_DOB_EXACT"), ("B", "C", "NAME_DOB_EXACT")])
    out = cluster_records(recs, pairs, _apart([]))
    assert _clusters(out) == {frozenset("AB"), frozenset("C")}


def test_analyst_force_merge_joins_two_pnc_ids_but_not_a_do_not_merge() -> None:
    # The analyst knows better than the PNC rule; a do-not-merge still wins over both.
    recs = _records({"A": "2001/0000001A", "B": "2002/0000002B", "C": None, "D": "2003/0000003C"})
    pairs = _pairs([("A", "B", "ANALYST_OVERRIDE"), ("B", "C", "NAME_DOB_EXACT")])
    out = cluster_records(recs, pairs, _apart([]))
    assert _clusters(out) == {frozenset("ABC"), frozenset("D")}
    # a later ordinary pair to a third PNC id is still refused
    pairs = _pairs([("A", "B", "ANALYST_OVERRIDE"), ("B", "D", "NAME_DOB_EXACT")])
    out = cluster_records(recs, pairs, _apart([]))
    assert _clusters(out) == {frozenset("AB"), frozenset("C"), frozenset("D")}
    # and a do-not-merge beats the force-merge
    out = cluster_records(recs, _pairs([("A", "B", "ANALYST_OVERRIDE")]), _apart([("A", "B")]))
    assert _clusters(out) == {frozenset("A"), frozenset("B"), frozenset("C"), frozenset("D")}


def test_result_is_independent_of_pair_order() -> None:
    recs = _records({k: None for k in "ABCDEF"})
    rows = [("A", "B", "PNC"), ("C", "D", "NAME_DOB_FUZZY"), ("B", "C", "NAME_DOB_EXACT")]
    apart = _apart([("A", "D")])
    first = cluster_records(recs, _pairs(rows), apart)
    second = cluster_records(recs.iloc[::-1], _pairs(rows[::-1]), apart)
    pd.testing.assert_frame_equal(first, second)


def _two_groups_and_a_bridge(cross_probability: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Records A1, A2 (one person by PNC rule) and B1, B2, B3 (one by name and date of
    birth), a Splink pair A1-B1 at 0.998 between them, and the other five scored pairs
    between the two groups at ``cross_probability``."""
    rule_pairs = _pairs([("A1", "A2", "PNC"), ("B1", "B2", "NAME_DOB_EXACT")])
    rule_pairs = pd.concat(
        [rule_pairs, _pairs([("B2", "B3", "NAME_DOB_EXACT")])], ignore_index=True
    )
    bridge = pd.DataFrame(
        {
            "record_id_a": ["A1"],
            "record_id_b": ["B1"],
            "resolution_rule": ["SPLINK"],
            "rule_priority": [5],
            "match_probability": [0.998],
        }
    )
    cross = [(a, b) for a in ("A1", "A2") for b in ("B1", "B2", "B3") if (a, b) != ("A1", "B1")]
    scored = pd.DataFrame(
        {
            "record_id_a": ["A1", *[a for a, _ in cross]],
            "record_id_b": ["B1", *[b for _, b in cross]],
            "match_probability": [0.998, *[cross_probability] * len(cross)],
        }
    )
    return pd.concat([rule_pairs, bridge], ignore_index=True), scored


def test_one_lookalike_pair_does_not_join_two_groups_the_other_pairs_keep_apart() -> None:
    """Average linkage: 1 of the 6 scored pairs between two multi-record persons reaches
    the threshold, so the bridge is refused and counted on its two records."""
    recs = _records({r: None for r in ("A1", "A2", "B1", "B2", "B3")})
    pairs, scored = _two_groups_and_a_bridge(cross_probability=0.2)
    linkage = AverageLinkage(scored, "SPLINK", threshold=0.99, min_share=0.5)
    out = cluster_records(recs, pairs, _apart([]), linkage=linkage)
    assert _clusters(out) == {frozenset({"A1", "A2"}), frozenset({"B1", "B2", "B3"})}
    refused = out.set_index("record_id")["n_pairs_refused"]
    assert (refused["A1"], refused["B1"], refused["A2"]) == (1, 1, 0)


def test_groups_whose_pairs_mostly_agree_join_and_no_linkage_joins_any() -> None:
    """The same bridge joins when most pairs between the groups reach the threshold,
    and without a linkage rule (the negative control) whatever the other pairs say."""
    recs = _records({r: None for r in ("A1", "A2", "B1", "B2", "B3")})
    everyone = {frozenset({"A1", "A2", "B1", "B2", "B3"})}
    pairs, agreeing = _two_groups_and_a_bridge(cross_probability=0.995)
    linkage = AverageLinkage(agreeing, "SPLINK", threshold=0.99, min_share=0.5)
    assert _clusters(cluster_records(recs, pairs, _apart([]), linkage=linkage)) == everyone
    pairs, _ = _two_groups_and_a_bridge(cross_probability=0.2)
    assert _clusters(cluster_records(recs, pairs, _apart([]))) == everyone


def test_linkage_never_holds_back_a_single_record_or_a_rule_pair() -> None:
    """A single record joins by its one pair, and a deterministic rule pair is not asked:
    B3 alone joins A1-A2 by Splink, and a PNC pair joins the two groups whatever the
    scores between them."""
    recs = _records({r: None for r in ("A1", "A2", "B3")})
    pairs = _pairs([("A1", "A2", "PNC")])
    bridge = pd.DataFrame(
        {
            "record_id_a": ["A1"],
            "record_id_b": ["B3"],
            "resolution_rule": ["SPLINK"],
            "rule_priority": [5],
            "match_probability": [0.998],
        }
    )
    scored = pd.DataFrame(
        {
            "record_id_a": ["A1", "A2"],
            "record_id_b": ["B3", "B3"],
            "match_probability": [0.998, 0.1],
        }
    )
    linkage = AverageLinkage(scored, "SPLINK", threshold=0.99, min_share=0.5)
    out = cluster_records(
        recs, pd.concat([pairs, bridge], ignore_index=True), _apart([]), linkage=linkage
    )
    assert _clusters(out) == {frozenset({"A1", "A2", "B3"})}
    recs = _records({r: None for r in ("A1", "A2", "B1", "B2", "B3")})
    pairs, scored = _two_groups_and_a_bridge(cross_probability=0.2)
    pairs.loc[pairs["resolution_rule"] == "SPLINK", ["resolution_rule", "rule_priority"]] = [
        "PNC",
        2,
    ]
    pairs["match_probability"] = None
    linkage = AverageLinkage(scored, "SPLINK", threshold=0.99, min_share=0.5)
    out = cluster_records(recs, pairs, _apart([]), linkage=linkage)
    assert _clusters(out) == {frozenset({"A1", "A2", "B1", "B2", "B3"})}
