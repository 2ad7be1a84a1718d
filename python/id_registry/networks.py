"""Persistent network ids: a network keeps its id while its offender membership mostly persists.

The rules (documented for auditors in the ``id_rules`` docs block):

1. **Match.** Every network of this run is compared with every network of the last
   published run by the Jaccard index of their offender members (previous members mapped
   to today's person ids first, so a person merge is not a membership change).
2. **Keep.** Pairs with Jaccard at or above ``threshold`` are taken greedily, highest
   Jaccard first (ties: the older previous id, then the current network's smallest member);
   each previous id and each current network is used once. A network that takes a
   previous id keeps it: ``CONTINUING`` (same members), ``GROWN``, ``SHRUNK`` or
   ``CHANGED`` (members both added and removed).
3. **New ids** come from a sequence, never from a member: ``N`` and six digits, numbered
   on from the largest id ever issued, in the order of each new network's smallest member.
   A new network is ``SPLIT_FROM`` the previous network that gave it most of its members
   when that network continues under another id, else ``NEW``.
4. **Gone.** A previous network that no current network took is ``MERGED_INTO`` the
   network that holds most of its members now, or ``DISSOLVED`` when none does.

Pure pandas, deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = [
    "NETWORK_CHANGE_COLUMNS",
    "NetworkIdAssignment",
    "assign_network_ids",
    "format_network_id",
]

NETWORK_CHANGE_COLUMNS = [
    "network_id",  # the id in this run (for MERGED_INTO / DISSOLVED: the retired id)
    "status",  # NEW | CONTINUING | GROWN | SHRUNK | CHANGED | SPLIT_FROM | MERGED_INTO | DISSOLVED
    "previous_network_ids",  # sorted previous ids that gave it members (or the retired id)
    "related_network_id",  # SPLIT_FROM: the source; MERGED_INTO: the network it went into
    "jaccard",  # offender-membership Jaccard with the id's previous network (kept ids)
    "n_members",
    "n_members_added",
    "n_members_removed",
]


@dataclass(frozen=True)
class NetworkIdAssignment:
    """Network ids of this run and what changed since the last published run."""

    ids: pd.DataFrame  # network_key -> network_id
    changes: pd.DataFrame  # NETWORK_CHANGE_COLUMNS, one row per current or retired network
    next_sequence: int  # the next unused sequence number


def format_network_id(sequence: int) -> str:
    """A network id from its sequence number: ``N000042``."""
    return f"N{sequence:06d}"


def _members(frame: pd.DataFrame, key: str) -> dict[str, frozenset[str]]:
    return {k: frozenset(g["person_id"]) for k, g in frame.groupby(key)}


def assign_network_ids(
    current: pd.DataFrame,
    previous: pd.DataFrame,
    *,
    next_sequence: int,
    threshold: float,
) -> NetworkIdAssignment:
    """Give each network of this run an id, keeping ids whose membership persists.

    Parameters
    ----------
    current
        ``network_key``, ``person_id``: offender members of this run's networks.
    previous
        ``network_id``, ``person_id``: offender members as last published, person ids
        already resolved to today's ids (empty before the first run).
    next_sequence
        The next unused network sequence number (1 before the first run).
    threshold
        Least Jaccard index for a network to keep a previous id (var ``network_id_min_jaccard``).
    """
    now = _members(current, "network_key")
    before = _members(previous, "network_id")
    smallest = {k: min(m) for k, m in now.items()}

    pairs = []
    person_prev = previous.groupby("person_id")["network_id"].apply(set).to_dict()
    for key, members in now.items():
        for prev_id in sorted({p for m in members for p in person_prev.get(m, ())}):
            inter = len(members & before[prev_id])
            pairs.append((key, prev_id, inter / len(members | before[prev_id]), inter))
    pairs_df = pd.DataFrame(pairs, columns=["network_key", "network_id", "jaccard", "shared"])
    pairs_df["smallest"] = pairs_df["network_key"].map(smallest)

    candidates = pairs_df[pairs_df["jaccard"] >= threshold].sort_values(
        ["jaccard", "network_id", "smallest"], ascending=[False, True, True]
    )
    kept: dict[str, str] = {}
    taken: set[str] = set()
    for row in candidates.itertuples(index=False):
        if row.network_key not in kept and row.network_id not in taken:
            kept[row.network_key] = row.network_id
            taken.add(row.network_id)

    ids = dict(kept)
    seq = next_sequence
    for key in sorted((k for k in now if k not in kept), key=smallest.__getitem__):
        ids[key] = format_network_id(seq)
        seq += 1

    rows = []
    for key, members in now.items():
        mine = pairs_df[pairs_df["network_key"].eq(key)]
        sources = sorted(mine["network_id"])
        if key in kept:
            old = before[kept[key]]
            added, removed = len(members - old), len(old - members)
            status = (
                "CONTINUING"
                if not added and not removed
                else "GROWN"
                if not removed
                else "SHRUNK"
                if not added
                else "CHANGED"
            )
            jac = float(mine.loc[mine["network_id"].eq(kept[key]), "jaccard"].iloc[0])
            rows.append([ids[key], status, sources, None, jac, len(members), added, removed])
        else:
            top = mine.sort_values(["shared", "network_id"], ascending=[False, True])
            related = top["network_id"].iloc[0] if not top.empty else None
            status = "SPLIT_FROM" if related in taken else "NEW"
            related = related if status == "SPLIT_FROM" else None
            rows.append([ids[key], status, sources, related, None, len(members), len(members), 0])
    for prev_id in sorted(set(before) - taken):
        gone = pairs_df[pairs_df["network_id"].eq(prev_id)]
        gone = gone.sort_values(["shared", "smallest"], ascending=[False, True])
        into = ids[gone["network_key"].iloc[0]] if not gone.empty else None
        status = "MERGED_INTO" if into else "DISSOLVED"
        n_prev = len(before[prev_id])
        rows.append([prev_id, status, [prev_id], into, None, 0, 0, n_prev])

    changes = pd.DataFrame(rows, columns=NETWORK_CHANGE_COLUMNS)
    changes = changes.sort_values(["network_id", "status"]).reset_index(drop=True)
    id_frame = pd.DataFrame(sorted(ids.items()), columns=["network_key", "network_id"])
    return NetworkIdAssignment(ids=id_frame, changes=changes, next_sequence=seq)
