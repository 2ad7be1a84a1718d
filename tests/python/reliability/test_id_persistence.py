"""Ids survive the next run with more data (issue 18, docs block id_rules).

One world, two extracts: run 1 on the extract cut a year before the world's as-of
date (``python -m cse_synth.cut``), run 2 on the full extract with the hostile rows
of test_hostile_extracts.py (people run 1 never saw, who get new ids), both
published on one warehouse, as the force would run them (the session fixture
``two_runs``: ``scenarios.ids_then_hostile_then_reruns``, built in the background
while other tests run). Then, from what BI reads after each run:

- persons of run 1 keep their id in run 2 (target share >= 0.98), merges and splits
  follow the rules and are recorded;
- every network of run 1 that a network of run 2 matches at Jaccard >= 0.5 keeps
  its id (target 1.0);
- every id of run 1 is in run 2's change table or registry: a dashboard joining
  run 1's ids to run 2's through them loses no person and no network.
"""

from __future__ import annotations

import pytest
from scenarios import CUT_DAY, FULL_DAY

pytestmark = pytest.mark.pipeline


def test_persons_keep_their_ids(two_runs: dict) -> None:
    m = two_runs["measures"]
    print("id persistence (tiny, cut at", CUT_DAY, "then full):", m)
    assert m["persons_run_1"] > 0
    assert m["persons_same_id_share"] >= 0.98
    assert m["persons_lost"] == 0


def test_matched_networks_keep_their_ids(two_runs: dict) -> None:
    m = two_runs["measures"]
    assert m["networks_matched"] > 0
    assert m["networks_matched_same_id_share"] == 1.0


def test_every_run_1_id_is_in_the_change_tables(two_runs: dict) -> None:
    """A dashboard joining run 1's ids to run 2's loses no person and no network."""
    m = two_runs["measures"]
    assert m["networks_run_1_without_change_row"] == 0
    r1, r2 = two_runs["run-1-registry"], two_runs["run-2-registry"]
    ids_2 = r2["registry_person_ids"].set_index("person_id")
    live_1 = r1["registry_person_ids"].query("status == 'ACTIVE'")["person_id"]
    assert live_1.isin(ids_2.index).all()
    merged = ids_2.loc[ids_2.index.isin(live_1) & ids_2["status"].eq("MERGED")]
    # a retired id points at a live id of run 2
    assert merged["successor_id"].isin(ids_2.index[ids_2["status"].eq("ACTIVE")]).all()
    # every network of run 1 is a live network of run 2 or a retired row saying where it went
    changes = two_runs["run-2"]["fct_network_changes"].set_index("network_id")
    live_2 = set(two_runs["run-2"]["fct_networks"]["network_id"])
    for network_id in two_runs["run-1"]["fct_networks"]["network_id"]:
        status = changes.loc[network_id, "status"]
        assert (network_id in live_2) == (status not in ("MERGED_INTO", "DISSOLVED"))
        if status == "MERGED_INTO":
            assert changes.loc[network_id, "related_network_id"] in live_2


def test_run_2_records_ranks_and_the_as_of_dates(two_runs: dict) -> None:
    changes = two_runs["run-2"]["fct_network_changes"]
    continuing = changes[changes["status"].isin(["CONTINUING", "GROWN", "SHRUNK", "CHANGED"])]
    assert continuing["previous_rank"].notna().all()
    assert (
        continuing["rank_change"] == continuing["previous_rank"] - continuing["priority_rank"]
    ).all()
    assert set(changes["previous_as_of_date"].astype(str)) == {CUT_DAY}
    assert set(changes["as_of_date"].astype(str)) == {FULL_DAY}
    history = two_runs["run-2"]["fct_network_history"]
    assert sorted(history["as_of_date"].astype(str).unique()) == [CUT_DAY, FULL_DAY]
    new_ids = set(two_runs["run-2"]["fct_networks"]["network_id"]) - set(
        two_runs["run-1"]["fct_networks"]["network_id"]
    )
    # new networks are numbered on from run 1's sequence, never reusing an id
    assert all(
        int(i[1:]) > max(int(j[1:]) for j in two_runs["run-1"]["fct_networks"]["network_id"])
        for i in new_ids
    )
