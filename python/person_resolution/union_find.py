"""Transitive closure of matched record pairs into persons, honouring cannot-link pairs.

Kruskal-style constrained union-find: pairs are merged strongest rule first
(ANALYST_OVERRIDE, PNC, NAME_DOB_EXACT, NAME_DOB_FUZZY and NAME_IDENTIFIER, then any
probabilistic pairs by descending match probability), and a merge is refused when the joined
cluster would contain a cannot-link pair:

- an analyst DO_NOT_MERGE pair of records, or
- two different PNC ids with none in common (an analyst force-merge may join
  two PNC ids; later merges must then share one of them).

A refused pair is the weakest link that would have joined the two people, so
clusters are split by dropping exactly those links.

With an :class:`AverageLinkage`, a probabilistic pair that would join two clusters of
at least two records each must also be backed by most of the scored pairs between
them: one high-scoring pair among many low ones between two groups of records is a
chance likeness (two namesakes born the same day), not one person. Without
cannot-link pairs or a linkage rule the result is the plain connected components of
the pair graph. The run is deterministic: ties are broken by record ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

__all__ = ["SINGLETON", "AverageLinkage", "cluster_records"]


@dataclass(frozen=True)
class AverageLinkage:
    """When a pair of rule ``rule`` may join two clusters of two or more records each.

    Of the scored pairs between the two clusters (``scored``: ``record_id_a``,
    ``record_id_b``, ``match_probability``; the pairs the blocking rules compared that
    the scoring kept, those at or above var ``splink_min_probability`` in the build),
    at least ``min_share`` must score at or above ``threshold``; otherwise the merge is
    refused and counted like a cannot-link refusal. A cluster of one record is never
    held to it (a single record has only the pair that joins it).
    """

    scored: pd.DataFrame
    rule: str
    threshold: float
    min_share: float

    @cached_property
    def _scored_with(self) -> dict[str, list[tuple[str, float]]]:
        """Each record's scored pairs: built once, on the first merge that asks."""
        out: dict[str, list[tuple[str, float]]] = {}
        for a, b, p in zip(
            self.scored["record_id_a"].astype(str),
            self.scored["record_id_b"].astype(str),
            pd.to_numeric(self.scored["match_probability"]),
            strict=True,
        ):
            out.setdefault(a, []).append((b, float(p)))
            out.setdefault(b, []).append((a, float(p)))
        return out

    def supports(self, first: list[str], second: list[str]) -> bool:
        """Whether the scored pairs between two groups of records back their merge: at
        least ``min_share`` of them at or above ``threshold``."""
        other = set(second)
        between = [p for r in first for s, p in self._scored_with.get(r, []) if s in other]
        above = sum(p >= self.threshold for p in between)
        return above >= self.min_share * len(between)


SINGLETON = "SINGLETON"


def cluster_records(
    records: pd.DataFrame,
    pairs: pd.DataFrame,
    do_not_merge: pd.DataFrame,
    *,
    linkage: AverageLinkage | None = None,
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
    linkage : AverageLinkage or None
        The support a probabilistic merge of two multi-record clusters needs (None:
        any pair merges).

    Returns
    -------
    pd.DataFrame
        One row per record, sorted: ``record_id``, ``anchor_record_id`` (the cluster's
        smallest record id), ``resolution_rule`` (strongest rule of a pair inside the
        cluster touching the record; SINGLETON when alone), ``match_probability`` (largest
        probability of such a pair, null for rules) and ``n_pairs_refused`` (pairs touching
        the record refused by a cannot-link constraint or by the linkage rule).
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

    def smaller_first(ra: int, rb: int) -> tuple[int, int]:
        """The two roots, the one with fewer members first (ra on a tie)."""
        return (ra, rb) if len(members[ra]) <= len(members[rb]) else (rb, ra)

    def conflict(ra: int, rb: int, forced: bool) -> bool:
        # An analyst force-merge overrules the PNC constraint, never a do-not-merge.
        if not forced and pncs[ra] and pncs[rb] and not (pncs[ra] & pncs[rb]):
            return True
        small, other = smaller_first(ra, rb)
        return any(find(j) == other for i in members[small] if i in apart for j in apart[i])

    def unsupported(ra: int, rb: int, rule: str) -> bool:
        """The linkage rule refuses this merge of two multi-record clusters."""
        if linkage is None or rule != linkage.rule:
            return False
        if len(members[ra]) < 2 or len(members[rb]) < 2:
            return False
        small, other = smaller_first(ra, rb)
        return not linkage.supports(
            [ids[i] for i in members[small]], [ids[j] for j in members[other]]
        )

    edges = pairs.loc[pairs["record_id_a"].isin(index) & pairs["record_id_b"].isin(index)].copy()
    edges["prob_order"] = -pd.to_numeric(edges["match_probability"]).fillna(2.0)
    edges = edges.sort_values(
        ["rule_priority", "prob_order", "record_id_a", "record_id_b"], kind="stable"
    )
    ia = edges["record_id_a"].map(index).to_numpy()
    ib = edges["record_id_b"].map(index).to_numpy()
    forced = (edges["resolution_rule"] == "ANALYST_OVERRIDE").to_numpy()
    refused = [0] * n
    for a, b, is_forced, rule in zip(ia, ib, forced, edges["resolution_rule"], strict=True):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        if conflict(ra, rb, bool(is_forced)) or unsupported(ra, rb, rule):
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
