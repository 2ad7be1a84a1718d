"""Persistent network ids: Jaccard matching, sequence ids, and the change statuses."""

from __future__ import annotations

import pandas as pd

from id_registry import assign_network_ids


def _members(groups: dict[str, list[str]], key: str) -> pd.DataFrame:
    rows = [(k, p) for k, people in groups.items() for p in people]
    return pd.DataFrame(rows, columns=[key, "person_id"])


def _assign(current, previous=None, next_sequence=1, threshold=0.5):
    prev = _members(previous or {}, "network_id")
    return assign_network_ids(
        _members(current, "network_key"), prev, next_sequence=next_sequence, threshold=threshold
    )


def test_new_ids_come_from_the_sequence_in_member_order_not_from_a_member() -> None:
    out = _assign({"k2": ["P9", "P8"], "k1": ["P3", "P4"]}, next_sequence=7)
    ids = dict(zip(out.ids["network_key"], out.ids["network_id"], strict=True))
    assert ids == {"k1": "N000007", "k2": "N000008"}
    assert out.next_sequence == 9
    assert set(out.changes["status"]) == {"NEW"}


def test_rerun_keeps_every_id_and_only_continuing_rows() -> None:
    previous = {"N000001": ["P1", "P2", "P3"], "N000002": ["P4", "P5"]}
    out = _assign({"a": ["P4", "P5"], "b": ["P1", "P2", "P3"]}, previous, next_sequence=3)
    ids = dict(zip(out.ids["network_key"], out.ids["network_id"], strict=True))
    assert ids == {"a": "N000002", "b": "N000001"}
    assert set(out.changes["status"]) == {"CONTINUING"}
    assert out.next_sequence == 3


def test_grown_network_keeps_its_id_when_membership_mostly_persists() -> None:
    out = _assign({"a": ["P1", "P2", "P3", "P4"]}, {"N000001": ["P1", "P2", "P3"]}, 2)
    row = out.changes.iloc[0]
    assert (row["network_id"], row["status"], row["n_members_added"]) == ("N000001", "GROWN", 1)
    assert row["jaccard"] == 0.75


def test_below_the_threshold_a_network_is_new_and_the_old_one_points_to_it() -> None:
    out = _assign({"a": ["P1", "P7", "P8", "P9"]}, {"N000001": ["P1", "P2"]}, 2)
    changes = out.changes.set_index("network_id")
    assert changes.loc["N000002", "status"] == "NEW"
    assert (changes.loc["N000001", "status"], changes.loc["N000001", "related_network_id"]) == (
        "MERGED_INTO",
        "N000002",
    )


def test_merge_keeps_the_best_match_and_retires_the_other() -> None:
    previous = {"N000001": ["P1", "P2", "P3", "P4"], "N000002": ["P5", "P6"]}
    out = _assign({"m": ["P1", "P2", "P3", "P4", "P5", "P6"]}, previous, 3)
    changes = out.changes.set_index("network_id")
    assert changes.loc["N000001", "status"] == "GROWN"
    assert (changes.loc["N000002", "status"], changes.loc["N000002", "related_network_id"]) == (
        "MERGED_INTO",
        "N000001",
    )


def test_split_part_gets_a_new_id_pointing_at_its_source() -> None:
    previous = {"N000001": ["P1", "P2", "P3", "P4", "P5"]}
    out = _assign({"big": ["P1", "P2", "P3"], "small": ["P4", "P5"]}, previous, 2)
    ids = dict(zip(out.ids["network_key"], out.ids["network_id"], strict=True))
    assert ids == {"big": "N000001", "small": "N000002"}
    small = out.changes.set_index("network_id").loc["N000002"]
    assert (small["status"], small["related_network_id"]) == ("SPLIT_FROM", "N000001")


def test_dissolved_network_has_a_row() -> None:
    out = _assign({"a": ["P1", "P2"]}, {"N000001": ["P1", "P2"], "N000002": ["P8", "P9"]}, 3)
    assert out.changes.set_index("network_id").loc["N000002", "status"] == "DISSOLVED"


def test_jaccard_ties_prefer_the_older_id() -> None:
    previous = {"N000001": ["P1", "P2"], "N000002": ["P3", "P4"]}
    out = _assign({"a": ["P1", "P2", "P3", "P4"]}, previous, 3)
    assert out.ids["network_id"].tolist() == ["N000001"]
