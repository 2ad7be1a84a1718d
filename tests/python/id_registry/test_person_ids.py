"""Persistent person ids: kept when records join, merge and split rules, reruns change nothing."""

from __future__ import annotations

import pandas as pd
import pytest

from id_registry import (
    assign_person_ids,
    empty_person_registry,
    empty_record_registry,
    resolve_ids,
)


def _new_id(anchor: str, attempt: int) -> str:
    # a stand-in pseudonym: the real one is a keyed HMAC (cse_networks.pseudonym)
    return f"P-{anchor}" + (f"-{attempt}" if attempt else "")


def _clusters(groups: dict[str, list[str]]) -> pd.DataFrame:
    rows = [(r, key) for key, recs in groups.items() for r in recs]
    return pd.DataFrame(rows, columns=["record_id", "cluster_key"])


def _run(groups, previous=None, as_of="2026-01-01"):
    records, persons = previous or (empty_record_registry(), empty_person_registry())
    out = assign_person_ids(_clusters(groups), records, persons, as_of=as_of, new_id=_new_id)
    return out.records, out.persons


def _ids(records: pd.DataFrame) -> dict[str, str]:
    return dict(zip(records["record_id"], records["person_id"], strict=True))


def test_first_run_gives_every_cluster_a_new_id() -> None:
    records, persons = _run({"a": ["R1", "R2"], "b": ["R3"]})
    assert _ids(records) == {"R1": "P-R1", "R2": "P-R1", "R3": "P-R3"}
    assert set(persons["change"]) == {"NEW"}


def test_rerun_on_the_same_records_changes_nothing() -> None:
    first = _run({"a": ["R1", "R2"], "b": ["R3"]})
    # cluster labels differ between runs: only membership counts
    records, persons = _run({"x": ["R3"], "y": ["R2", "R1"]}, first, as_of="2026-01-02")
    assert _ids(records) == _ids(first[0])
    assert set(persons["change"]) == {"CONTINUING"}


def test_a_person_keeps_its_id_when_a_record_joins_with_a_smaller_id() -> None:
    first = _run({"a": ["R5", "R6"]})
    records, persons = _run({"a": ["R0", "R5", "R6"]}, first, as_of="2026-02-01")
    assert set(_ids(records).values()) == {"P-R5"}
    row = persons.set_index("person_id").loc["P-R5"]
    assert (row["change"], row["n_records_added"], row["first_seen_as_of"]) == (
        "GROWN",
        1,
        "2026-01-01",
    )


def test_merge_keeps_the_older_id_and_retires_the_other_with_a_pointer() -> None:
    first = _run({"a": ["R1"]}, as_of="2026-01-01")
    second = _run({"a": ["R1"], "b": ["R0"]}, first, as_of="2026-02-01")  # R0 newer id
    records, persons = _run({"m": ["R0", "R1"]}, second, as_of="2026-03-01")
    assert set(_ids(records).values()) == {"P-R1"}  # the older id survives
    retired = persons.set_index("person_id").loc["P-R0"]
    assert (retired["status"], retired["successor_id"], retired["change"]) == (
        "MERGED",
        "P-R1",
        "MERGED_INTO",
    )
    assert resolve_ids(pd.Series(["P-R0", "P-R1", "P-unknown"]), persons).tolist() == [
        "P-R1",
        "P-R1",
        "P-unknown",
    ]
    # next run: the retired id stays retired and is not a change any more
    _, later = _run({"m": ["R0", "R1"]}, (records, persons), as_of="2026-04-01")
    assert later.set_index("person_id").loc["P-R0", "change"] == "UNCHANGED"


def test_split_keeps_the_id_on_the_larger_part_and_the_other_part_gets_a_new_id() -> None:
    first = _run({"a": ["R1", "R2", "R3"]})
    records, persons = _run({"x": ["R1"], "y": ["R2", "R3"]}, first, as_of="2026-02-01")
    ids = _ids(records)
    assert ids["R2"] == ids["R3"] == "P-R1"
    # R1 anchored P-R1 once: its new id may not reuse that id
    assert ids["R1"] == "P-R1-1"
    split = persons.set_index("person_id").loc["P-R1-1"]
    assert (split["change"], split["related_id"]) == ("SPLIT_FROM", "P-R1")


def test_split_tie_goes_to_the_part_with_the_smallest_record() -> None:
    first = _run({"a": ["R1", "R2"]})
    records, _ = _run({"x": ["R2"], "y": ["R1"]}, first, as_of="2026-02-01")
    assert _ids(records)["R1"] == "P-R1"


def test_absent_person_keeps_its_id_and_returns() -> None:
    first = _run({"a": ["R1"], "b": ["R2"]})
    second = _run({"a": ["R1"]}, first, as_of="2026-02-01")
    assert second[1].set_index("person_id").loc["P-R2", "status"] == "ABSENT"
    assert "R2" in set(second[0]["record_id"])  # the record keeps its id in the registry
    records, persons = _run({"a": ["R1"], "b": ["R2"]}, second, as_of="2026-03-01")
    assert _ids(records)["R2"] == "P-R2"
    assert persons.set_index("person_id").loc["P-R2", "change"] == "RETURNED"


def test_pointer_chains_are_compressed() -> None:
    one = _run({"a": ["R1"], "b": ["R2"], "c": ["R3"]}, as_of="2026-01-01")
    two = _run({"a": ["R1"], "bc": ["R2", "R3"]}, one, as_of="2026-02-01")
    three = _run({"all": ["R1", "R2", "R3"]}, two, as_of="2026-03-01")
    persons = three[1].set_index("person_id")
    assert persons.loc["P-R3", "successor_id"] == "P-R1"  # R3 -> R2 -> R1, stored as R3 -> R1
    assert set(_ids(three[0]).values()) == {"P-R1"}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_histories_keep_the_registry_consistent(seed: int) -> None:
    rng = pd.Series(range(40)).sample(frac=1, random_state=seed).tolist()
    state = None
    for step in range(4):
        groups: dict[str, list[str]] = {}
        for i, r in enumerate(rng):
            groups.setdefault(f"g{(i * (step + 2)) % 7}", []).append(f"R{r:02d}")
        records, persons = _run(groups, state, as_of=f"2026-0{step + 1}-01")
        live = persons[persons["status"].eq("ACTIVE")]
        assert set(_ids(records).values()) <= set(live["person_id"])
        assert persons["person_id"].is_unique
        merged = persons[persons["status"].eq("MERGED")]
        assert merged["successor_id"].isin(set(live["person_id"])).all()
        state = (records, persons)
