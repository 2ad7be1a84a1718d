"""How well ids survived from one published run to the next (issue 18's measures).

Pure pandas over what BI can read after each run: the registries and the marts.
Used by the two-cut test (tests/python/reliability/test_id_persistence.py) and the
id-persistence benchmark.
"""

from __future__ import annotations

import pandas as pd

from id_registry.persons import resolve_ids

__all__ = ["id_persistence"]


def _members(frame: pd.DataFrame) -> dict[str, frozenset[str]]:
    return {k: frozenset(g["person_id"]) for k, g in frame.groupby("network_id")}


def id_persistence(
    persons_1: pd.DataFrame,
    persons_2: pd.DataFrame,
    members_1: pd.DataFrame,
    members_2: pd.DataFrame,
    changes_2: pd.DataFrame,
    *,
    min_jaccard: float,
) -> dict[str, float | int]:
    """Measures of run 2 against run 1.

    ``persons_*``: the person registry after each run (``person_id``, ``status``,
    ``successor_id``, ``change``); ``members_*``: offender members (``network_id``,
    ``person_id``) of each run's networks; ``changes_2``: ``fct_network_changes`` of
    run 2 (``network_id``, ``status``); ``min_jaccard``: the least Jaccard index of
    members for a run-1 network to count as matched in run 2, the value the build's
    id rule used (var ``network_id_min_jaccard``).
    """
    live_1 = set(persons_1.loc[persons_1["status"].eq("ACTIVE"), "person_id"])
    status_2 = persons_2.set_index("person_id")["status"]
    kept = {p for p in live_1 if status_2.get(p) == "ACTIVE"}
    merged = {p for p in live_1 if status_2.get(p) == "MERGED"}
    lost = live_1 - set(status_2.index)

    # networks: run 1's members mapped to run 2's person ids (merge pointers)
    mapped_1 = members_1.assign(
        person_id=resolve_ids(members_1["person_id"].astype(str), persons_2)
    )
    before, after = _members(mapped_1), _members(members_2)
    matched, kept_ids = 0, 0
    for net_id, members in before.items():
        best = max((len(members & m) / len(members | m) for m in after.values()), default=0.0)
        if best >= min_jaccard:
            matched += 1
            kept_ids += net_id in after
    recorded = set(changes_2["network_id"])
    return {
        "persons_run_1": len(live_1),
        "persons_same_id_share": len(kept) / len(live_1) if live_1 else 1.0,
        "persons_merged": len(merged),
        "persons_split_from": int(persons_2["change"].eq("SPLIT_FROM").sum()),
        "persons_lost": len(lost),
        "networks_run_1": len(before),
        "networks_matched": matched,
        "networks_matched_same_id_share": kept_ids / matched if matched else 1.0,
        "networks_run_1_without_change_row": len(set(before) - recorded),
        "network_statuses": changes_2["status"].value_counts().to_dict(),
    }
