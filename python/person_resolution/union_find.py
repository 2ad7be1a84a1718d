"""Transitive closure of matched record pairs into persons, honouring cannot-link pairs.

Kruskal-style constrained union-find: pairs are merged strongest rule first
(ANALYST_OVERRIDE, PNC, NAME_DOB_EXACT, NAME_DOB_FUZZY and NAME_IDENTIFIER, then any
probabilistic pairs by descending match probability), and a merge is refused when the joined
cluster would contain a cannot-link pair:

- an analyst DO_NOT_MERGE pair of records, or
- two different PNC ids with none in common (an analyst force-merge may join
  two PNC ids; later merges must then share one of them).

A refused pair is the weakest link that would have joined the two people, so
clusters are split by dropping exactly those links. Without cannot-link pairs
the result is the plain connected components of the pair graph. The run is
deterministic: ties are broken by record ids.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["SINGLETON", "cluster_records"]

SINGLETON = "SINGLETON"


def cluster_records(
    records: pd.DataFrame, pairs: pd.DataFrame, do_not_merge: pd.DataFrame
) -> pd.DataFrame:
    """Assign every record to a cluster.

    Parameters
    ----------
    records : pd.DataFrame
        ``record_id`` and ``pnc_id`` (null when absent), one row per record.
    pairs : pd.DataFrame
        ``record_id_a``, ``record_id_b``, ``resolution_rule``, ``rule_priority`` and
        ``match_probability`` (null for deterministic rules).
    do_not_merge : pd.DataFrame
        ``record_id_a``, ``record_id_b``: records that must end in different clusters.

    Returns
    -------
    pd.DataFrame
        One row per record, sorted: ``record_id``, ``anchor_record_id`` (the cluster's
        smallest record id), ``resolution_rule`` (strongest rule of a pair inside the
        cluster touching the record; SINGLETON when alone), ``match_probability`` (largest
        probability of such a pair, null for rules) and ``n_pairs_refused`` (pairs touching
        the record refused by a cannot-link constraint).
    """
    ids = sorted(records["record_id"].astype(str))
    index = {rid: i for i, rid in enumerate(ids)}
    n = len(ids)
    parent = list(range(n))
    pnc_of = dict(zip(records["record_id"].astype(str), records["pnc_id"], strict=True))
    pncs: list[set[str]] = [
        {pnc_of[rid]} if isinstance(pnc_of[rid], str) and pnc_of[rid] else set() for rid in ids
    ]
    members: list[list[int]] = [[i] for i in range(n)]
    apart: dict[int, set[int]] = {}
    for a, b in zip(do_not_merge["record_id_a"], do_not_merge["record_id_b"], strict=True):
        if a in index and b in index and a != b:
            apart.setdefault(index[a], set()).add(index[b])
            apart.setdefault(index[b], set()).add(index[a])

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def conflict(ra: int, rb: int, forced: bool) -> bool:
        # An analyst force-merge overrules the PNC constraint, never a do-not-merge.
        if not forced and pncs[ra] and pncs[rb] and not (pncs[ra] & pncs[rb]):
            return True
        small, other = (ra, rb) if len(members[ra]) <= len(members[rb]) else (rb, ra)
        return any(find(j) == other for i in members[small] if i in apart for j in apart[i])

    edges = pairs.loc[pairs["record_id_a"].isin(index) & pairs["record_id_b"].isin(index)].copy()
    edges["prob_order"] = -pd.to_numeric(edges["match_probability"]).fillna(2.0)
    edges = edges.sort_values(
        ["rule_priority", "prob_order", "record_id_a", "record_id_b"], kind="stable"
    )
    ia = edges["record_id_a"].map(index).to_numpy()
    ib = edges["record_id_b"].map(index).to_numpy()
    forced = (edges["resolution_rule"] == "ANALYST_OVERRIDE").to_numpy()
    refused = [0] * n
    for a, b, is_forced in zip(ia, ib, forced, strict=True):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        if conflict(ra, rb, bool(is_forced)):
            refused[a] += 1
            refused[b] += 1
            continue
        if len(members[ra]) < len(members[rb]):
            ra, rb = rb, ra
        parent[rb] = ra
        members[ra].extend(members[rb])
        pncs[ra] |= pncs[rb]
        members[rb] = []
        pncs[rb] = set()

    roots = [find(i) for i in range(n)]
    anchor = {}
    for i, r in enumerate(roots):  # ids are sorted: the first member seen is the smallest
        anchor.setdefault(r, ids[i])
    rule = [SINGLETON] * n
    best = [99] * n
    prob: list[float | None] = [None] * n
    inside = [roots[a] == roots[b] for a, b in zip(ia, ib, strict=True)]
    for a, b, ok, r, pr, p in zip(
        ia,
        ib,
        inside,
        edges["resolution_rule"],
        edges["rule_priority"],
        pd.to_numeric(edges["match_probability"]),
        strict=True,
    ):
        if not ok:
            continue
        for i in (a, b):
            if pr < best[i]:
                best[i], rule[i] = pr, r
            if pd.notna(p) and (prob[i] is None or p > prob[i]):
                prob[i] = float(p)
    return pd.DataFrame(
        {
            "record_id": ids,
            "anchor_record_id": [anchor[r] for r in roots],
            "resolution_rule": rule,
            "match_probability": pd.array(prob, dtype="Float64"),
            "n_pairs_refused": pd.array(refused, dtype="int64"),
        }
    )
