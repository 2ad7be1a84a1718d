"""Persistent person ids: carry each person's id from the last published run to this one.

The rules, in the order they apply (documented for auditors in the ``id_rules`` docs block):

1. **Ownership.** Every previous person id is claimed by the cluster of this run that holds
   most of that person's previous records (ties: the cluster whose smallest record id sorts
   first). An id whose records are all gone this run is claimed by nobody (``ABSENT``).
2. **Merge.** A cluster that claims several previous ids keeps the oldest (first seen at the
   earliest as-of date; ties: the smallest id). The others are retired with a pointer to it
   (``MERGED_INTO``), and a retired id always resolves to a live id through
   :func:`resolve_ids` (pointer chains are followed to the end).
3. **Split.** A cluster that claims no previous id but holds records of one or more previous
   persons is a part split off (``SPLIT_FROM`` the id that kept the larger part); it gets a
   new id. A cluster with no previous records at all is ``NEW``.
4. **New ids** come from ``new_id(anchor_record_id, attempt)``: the keyed pseudonym of the
   cluster's smallest record id. An id is never reused: if it is already in the registry
   (a split part whose anchor once anchored another person), the next attempt is taken.

Pure pandas, deterministic: the same clusters and registry give the same ids.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "PERSON_REGISTRY_COLUMNS",
    "RECORD_REGISTRY_COLUMNS",
    "PersonIdAssignment",
    "assign_person_ids",
    "empty_person_registry",
    "empty_record_registry",
    "resolve_ids",
]

# One row per person id ever issued: its state after this run.
PERSON_REGISTRY_COLUMNS = [
    "person_id",
    "status",  # ACTIVE | MERGED | ABSENT
    "successor_id",  # live id a MERGED id resolves to (after chain compression), else null
    "first_seen_as_of",
    "last_seen_as_of",
    "n_records",  # records held this run (0 when not ACTIVE)
    # what happened to the id in this run: NEW | CONTINUING | GROWN | SHRUNK | CHANGED |
    # SPLIT_FROM | MERGED_INTO | ABSENT | RETURNED; UNCHANGED for an id retired or absent
    # before this run and still so (not a change: the change mart leaves it out)
    "change",
    "related_id",  # MERGED_INTO: the survivor; SPLIT_FROM: the id that kept the larger part
    "n_records_added",
    "n_records_removed",
]
# One row per source record ever seen: the person id it belongs to now, and when it was
# last in an extract (a record missing from this extract keeps its id for when it returns).
RECORD_REGISTRY_COLUMNS = ["record_id", "person_id", "last_seen_as_of"]


@dataclass(frozen=True)
class PersonIdAssignment:
    """The registry after this run."""

    records: pd.DataFrame  # RECORD_REGISTRY_COLUMNS, one row per record ever seen
    persons: pd.DataFrame  # PERSON_REGISTRY_COLUMNS, one row per id ever issued


def empty_record_registry() -> pd.DataFrame:
    """The record registry before the first run."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in RECORD_REGISTRY_COLUMNS})


def empty_person_registry() -> pd.DataFrame:
    """The person registry before the first run."""
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in PERSON_REGISTRY_COLUMNS})
    for c in ("n_records", "n_records_added", "n_records_removed"):
        frame[c] = frame[c].astype("int64")
    return frame


def resolve_ids(ids: pd.Series, persons: pd.DataFrame) -> pd.Series:
    """Map each id to the live id it stands for now (a merged id follows its pointer).

    Ids the registry never issued are returned unchanged (the caller reports them).
    """
    successor = (
        persons.loc[persons["status"].eq("MERGED"), ["person_id", "successor_id"]]
        .set_index("person_id")["successor_id"]
        .to_dict()
    )
    return ids.map(lambda i: _follow(i, successor))


def _follow(person_id: str, successor: dict[str, str]) -> str:
    seen = {person_id}
    while person_id in successor:
        person_id = successor[person_id]
        if person_id in seen:  # a cycle cannot be built by assign_person_ids; never loop
            raise ValueError(f"person id registry has a pointer cycle at {person_id}")
        seen.add(person_id)
    return person_id


def assign_person_ids(
    clusters: pd.DataFrame,
    previous_records: pd.DataFrame,
    previous_persons: pd.DataFrame,
    *,
    as_of: str,
    new_id: Callable[[str, int], str],
) -> PersonIdAssignment:
    """Give every cluster of this run a person id, keeping ids from the last published run.

    Parameters
    ----------
    clusters
        ``record_id``, ``cluster_key`` (any label; records with one key are one person).
    previous_records, previous_persons
        The registry as last published (``empty_*_registry()`` before the first run).
    as_of
        This run's as-of date (ISO text), stamped on the ids and records seen in this run.
    new_id
        ``new_id(anchor_record_id, attempt)`` -> a fresh pseudonymous id; ``attempt`` counts
        up from 0 until the id was never issued before.
    """
    cur = clusters[["record_id", "cluster_key"]].astype(str).drop_duplicates("record_id")
    anchors = cur.groupby("cluster_key")["record_id"].min().rename("anchor")
    prev = previous_records[["record_id", "person_id"]].astype(str)
    # a record's id may have been retired since it was written: use the live id it stands for
    prev = prev.assign(person_id=resolve_ids(prev["person_id"], previous_persons))

    # 1. ownership: each previous id goes to the cluster holding most of its records
    counts = cur.merge(prev, on="record_id").groupby(["person_id", "cluster_key"]).size()
    counts = counts.rename("n").reset_index().join(anchors, on="cluster_key")
    counts = counts.sort_values(["person_id", "n", "anchor"], ascending=[True, False, True])
    claims = counts.drop_duplicates("person_id")[["person_id", "cluster_key"]]

    # 2. merge: a cluster claiming several ids keeps the oldest; the others point to it
    first_seen = previous_persons.set_index("person_id")["first_seen_as_of"].astype(str)
    claims = claims.assign(first_seen=claims["person_id"].map(first_seen).fillna(as_of))
    claims = claims.sort_values(["cluster_key", "first_seen", "person_id"])
    survivor = claims.drop_duplicates("cluster_key").set_index("cluster_key")["person_id"]
    losers = claims[~claims["person_id"].isin(set(survivor))]
    merged_into = dict(zip(losers["person_id"], losers["cluster_key"].map(survivor), strict=True))

    # 3./4. a cluster without a claimed id gets a new id, never one issued before
    issued = set(previous_persons["person_id"].astype(str))
    cluster_id: dict[str, str] = survivor.to_dict()
    for key, anchor in anchors.sort_values().items():
        if key not in cluster_id:
            attempt = 0
            while (candidate := new_id(anchor, attempt)) in issued:
                attempt += 1
            issued.add(candidate)
            cluster_id[key] = candidate

    seen = cur.assign(person_id=cur["cluster_key"].map(cluster_id), last_seen_as_of=as_of)
    unseen = previous_records[
        ~previous_records["record_id"].astype(str).isin(set(cur["record_id"]))
    ]
    unseen = unseen.assign(
        person_id=resolve_ids(unseen["person_id"].astype(str), previous_persons).map(
            lambda i: merged_into.get(i, i)
        )
    )
    records = pd.concat([seen[RECORD_REGISTRY_COLUMNS], unseen[RECORD_REGISTRY_COLUMNS]])
    records = records.sort_values("record_id").reset_index(drop=True)
    persons = _persons_after(seen, prev, previous_persons, set(survivor), merged_into, as_of)
    return PersonIdAssignment(records=records, persons=persons)


def _change(added: pd.Series, removed: pd.Series) -> pd.Series:
    """CONTINUING / GROWN / SHRUNK / CHANGED from counts of records added and removed."""
    out = pd.Series("CHANGED", index=added.index, dtype=object)
    out[(added > 0) & (removed == 0)] = "GROWN"
    out[(added == 0) & (removed > 0)] = "SHRUNK"
    out[(added == 0) & (removed == 0)] = "CONTINUING"
    return out


def _persons_after(
    seen: pd.DataFrame,
    prev: pd.DataFrame,
    previous_persons: pd.DataFrame,
    kept: set[str],
    merged_into: dict[str, str],
    as_of: str,
) -> pd.DataFrame:
    """The person registry after this run, with each id's change since the last run."""
    moves = seen[["record_id", "person_id"]].merge(
        prev.rename(columns={"person_id": "prev_id"}), on="record_id", how="outer"
    )
    added = moves[moves["person_id"].ne(moves["prev_id"])].groupby("person_id").size()
    removed = moves[moves["prev_id"].ne(moves["person_id"])].groupby("prev_id").size()
    previous = previous_persons.set_index("person_id")

    live = seen.groupby("person_id").size().rename("n_records").to_frame()
    live["n_records_added"] = added.reindex(live.index, fill_value=0)
    live["n_records_removed"] = removed.reindex(live.index, fill_value=0)
    live["status"], live["successor_id"], live["last_seen_as_of"] = "ACTIVE", None, as_of
    live["first_seen_as_of"] = previous["first_seen_as_of"].reindex(live.index).fillna(as_of)
    is_kept = live.index.isin(list(kept))
    was_absent = previous["status"].reindex(live.index).eq("ABSENT")
    live["change"] = _change(live["n_records_added"], live["n_records_removed"])
    live.loc[is_kept & was_absent.to_numpy(), "change"] = "RETURNED"
    # a new id holding records of earlier persons is split from the one that gave most
    # (ties: the smallest id); one holding none is NEW
    sources = moves[moves["person_id"].notna() & moves["prev_id"].notna()]
    sources = sources.groupby(["person_id", "prev_id"]).size().rename("n").reset_index()
    sources = sources.sort_values(["person_id", "n", "prev_id"], ascending=[True, False, True])
    split_from = sources.drop_duplicates("person_id").set_index("person_id")["prev_id"]
    new = ~is_kept
    live["related_id"] = None
    live.loc[new, "related_id"] = split_from.reindex(live.index[new]).to_numpy()
    live.loc[new, "change"] = (
        live.loc[new, "related_id"].isna().map({True: "NEW", False: "SPLIT_FROM"})
    )
    live.loc[new, "related_id"] = (
        live.loc[new, "related_id"].astype(object).where(live.loc[new, "related_id"].notna(), None)
    )

    gone = previous[~previous.index.isin(live.index)].copy()
    successors = {**_successors(previous_persons), **merged_into}
    is_merged = gone.index.isin(list(merged_into)) | gone["status"].eq("MERGED").to_numpy()
    into = pd.Series([_follow(i, successors) for i in gone.index[is_merged]], dtype=object)
    gone["n_records"], gone["n_records_added"] = 0, 0
    gone["n_records_removed"] = removed.reindex(gone.index, fill_value=0)
    gone.loc[is_merged, "status"] = "MERGED"
    gone.loc[is_merged, "successor_id"] = into.to_numpy()
    gone.loc[is_merged, "related_id"] = into.to_numpy()
    newly_merged = gone.index.isin(list(merged_into))
    gone.loc[newly_merged, "last_seen_as_of"] = as_of
    was = previous["status"].reindex(gone.index)
    pointer_was = previous["successor_id"].reindex(gone.index)
    unchanged_merge = (
        is_merged
        & was.eq("MERGED").to_numpy()
        & (pointer_was.to_numpy() == gone["successor_id"].to_numpy())
    )
    gone.loc[is_merged, "change"] = "MERGED_INTO"
    gone.loc[unchanged_merge, "change"] = "UNCHANGED"
    absent = ~is_merged
    gone.loc[absent, "successor_id"] = None
    gone.loc[absent, "related_id"] = None
    gone.loc[absent, "change"] = was[absent].eq("ABSENT").map({True: "UNCHANGED", False: "ABSENT"})
    gone.loc[absent, "status"] = "ABSENT"

    persons = pd.concat([live.reset_index(), gone.reset_index()], ignore_index=True)
    persons = persons[PERSON_REGISTRY_COLUMNS].astype(
        {"n_records": "int64", "n_records_added": "int64", "n_records_removed": "int64"}
    )
    for column in ("first_seen_as_of", "last_seen_as_of"):
        persons[column] = persons[column].astype(str)
    return persons.sort_values("person_id").reset_index(drop=True)


def _successors(persons: pd.DataFrame) -> dict[str, str]:
    merged = persons[persons["status"].eq("MERGED")]
    return dict(zip(merged["person_id"], merged["successor_id"], strict=True))
