"""What the registry keeps between runs besides ids: network id states and rank history.

Pure pandas (docs block ``id_rules``).
"""

from __future__ import annotations

import pandas as pd

__all__ = [
    "NETWORK_HISTORY_COLUMNS",
    "NETWORK_ID_COLUMNS",
    "PERSON_HISTORY_COLUMNS",
    "append_run",
    "network_registry_after",
]

# One row per network id ever issued.
NETWORK_ID_COLUMNS = [
    "network_id",
    "status",  # ACTIVE | MERGED | DISSOLVED
    "successor_id",  # MERGED: the network it went into (as of that run)
    "first_seen_as_of",
    "last_seen_as_of",
    "priority_rank",  # rank in the last run the id was live
]
# One row per network / ranked person per published run.
NETWORK_HISTORY_COLUMNS = ["run_id", "as_of_date", "network_id", "priority_rank", "priority_score"]
PERSON_HISTORY_COLUMNS = ["run_id", "as_of_date", "person_id", "priority_rank", "priority_score"]


def network_registry_after(
    previous_ids: pd.DataFrame, changes: pd.DataFrame, ranks: pd.DataFrame, *, as_of: str
) -> pd.DataFrame:
    """The network-id registry after this run.

    ``changes``: this run's change rows (``network_id``, ``status``,
    ``related_network_id``); ``ranks``: ``network_id``, ``priority_rank`` of this run's
    networks. Ids untouched by this run keep their row; live ids are ACTIVE with this
    run's rank; ids retired in this run keep their last rank.
    """
    before = previous_ids.set_index(previous_ids["network_id"].astype(str))[NETWORK_ID_COLUMNS[1:]]
    retired = {"MERGED_INTO": "MERGED", "DISSOLVED": "DISSOLVED"}
    rank = ranks.set_index("network_id")["priority_rank"]
    rows = []
    for change in changes.itertuples(index=False):
        old = before.loc[change.network_id] if change.network_id in before.index else None
        first = old["first_seen_as_of"] if old is not None else as_of
        if change.status in retired:
            rows.append(
                [
                    change.network_id,
                    retired[change.status],
                    change.related_network_id,
                    first,
                    old["last_seen_as_of"] if old is not None else as_of,
                    old["priority_rank"] if old is not None else None,
                ]
            )
        else:
            rows.append(
                [change.network_id, "ACTIVE", None, first, as_of, rank.get(change.network_id)]
            )
    touched = pd.DataFrame(rows, columns=NETWORK_ID_COLUMNS)
    untouched = before[~before.index.isin(touched["network_id"])].reset_index(names="network_id")
    out = pd.concat([untouched[NETWORK_ID_COLUMNS], touched], ignore_index=True)
    out["priority_rank"] = out["priority_rank"].astype("Int64")
    return out.sort_values("network_id").reset_index(drop=True)


def append_run(previous: pd.DataFrame, current: pd.DataFrame, *, run_id: str) -> pd.DataFrame:
    """History after this run: the earlier runs' rows, then this run's (replacing any of
    the same ``run_id``, so ``dbt retry`` of a run writes its rows once)."""
    earlier = previous[previous["run_id"].astype(str).ne(run_id)]
    now = current.assign(run_id=run_id)
    frames = [frame for frame in (earlier, now[previous.columns]) if len(frame)]
    if not frames:
        return previous.iloc[0:0]
    return pd.concat(frames, ignore_index=True)
