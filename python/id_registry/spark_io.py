"""The registry's Spark edge: read the registry as last published, write frames back.

The registry lives in its own schema (``<prefix>registry``, views the publish step
repoints at each publish, like the marts). The dbt models read it through the dbt
source ``registry``; before the first publish it does not exist and every table reads
as empty. Nothing here writes: the publish step (``macros/publish``) is the registry's
only writer (docs block ``id_rules``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from id_registry.networks import NETWORK_CHANGE_COLUMNS, assign_network_ids
from id_registry.persons import (
    PERSON_REGISTRY_COLUMNS,
    RECORD_REGISTRY_COLUMNS,
    assign_person_ids,
)

__all__ = [
    "NETWORK_ID_COLUMNS",
    "network_ids_from_spark",
    "person_registry_from_spark",
    "read_previous",
    "to_spark",
]

# One row per network id ever issued, as the registry keeps it.
NETWORK_ID_COLUMNS = [
    "network_id",
    "status",
    "first_seen_as_of",
    "last_seen_as_of",
    "priority_rank",
]

_MISSING = ("TABLE_OR_VIEW_NOT_FOUND", "SCHEMA_NOT_FOUND", "Table or view not found")


def read_previous(load: Callable[[], Any], columns: Sequence[str]) -> tuple[pd.DataFrame, str]:
    """The registry table ``load()`` returns, as pandas, and the run that wrote it.

    ``load`` is e.g. ``lambda: dbt.source("registry", "registry_person_ids")``. Before
    the first publish the table does not exist: an empty frame with ``columns`` and
    run ``""``. Any other error is raised.
    """
    try:
        frame = load()
    except Exception as error:  # pyspark AnalysisException: not found
        if any(marker in str(error) for marker in _MISSING):
            return pd.DataFrame({c: pd.Series(dtype=object) for c in columns}), ""
        raise
    rows = frame.select(*columns, "registry_run_id").toPandas()
    run_ids = sorted(set(rows.pop("registry_run_id").dropna().astype(str)))
    return rows[list(columns)], (run_ids[-1] if run_ids else "")


def person_registry_from_spark(
    clustered: Any,
    previous_records: pd.DataFrame,
    previous_persons: pd.DataFrame,
    *,
    as_of: str,
    new_id: Callable[[str, int], str],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Record and person registries after this run (pandas), from the clustered records.

    ``clustered``: Spark rows ``record_id``, ``anchor_record_id`` (one cluster per anchor).
    Records gain ``anchor_record_id`` (null for records not in this extract).
    """
    current = clustered.select("record_id", "anchor_record_id").toPandas()
    assigned = assign_person_ids(
        current.rename(columns={"anchor_record_id": "cluster_key"}),
        previous_records,
        previous_persons,
        as_of=as_of,
        new_id=new_id,
    )
    records = assigned.records.merge(current, on="record_id", how="left")
    records = records[[*RECORD_REGISTRY_COLUMNS, "anchor_record_id"]]
    return records, assigned.persons[PERSON_REGISTRY_COLUMNS]


def network_ids_from_spark(
    members: Any,
    previous_members: pd.DataFrame,
    previous_ids: pd.DataFrame,
    person_registry: pd.DataFrame,
    *,
    threshold: float,
) -> pd.DataFrame:
    """Persistent network ids and what changed, from this run's offender members.

    ``members``: Spark rows ``network_key`` (the graph step's working label) and
    ``person_id`` of the offender members. ``previous_members`` (``network_id``,
    ``person_id``) are mapped to today's person ids through ``person_registry``'s
    merge pointers first. Returns ``NETWORK_CHANGE_COLUMNS`` plus ``network_key``
    (null for retired ids) and ``previous_rank`` / ``previous_as_of``.
    """
    from id_registry.persons import resolve_ids

    current = members.select("network_key", "person_id").distinct().toPandas()
    previous = previous_members[["network_id", "person_id"]].astype(str)
    previous = previous.assign(person_id=resolve_ids(previous["person_id"], person_registry))
    previous = previous.drop_duplicates()
    issued = previous_ids["network_id"].astype(str)
    sequences = pd.to_numeric(issued.str.removeprefix("N"), errors="coerce").dropna()
    next_sequence = int(sequences.max()) + 1 if len(sequences) else 1
    assigned = assign_network_ids(
        current, previous, next_sequence=next_sequence, threshold=threshold
    )
    changes = assigned.changes.merge(assigned.ids, on="network_id", how="left")
    # the rank each id had when last published (new ids: none); one as-of date for the
    # previous run (the latest day any previous id was seen)
    before = previous_ids.set_index(previous_ids["network_id"].astype(str))
    changes["previous_rank"] = changes["network_id"].map(before["priority_rank"]).astype("Int64")
    last_as_of = previous_ids["last_seen_as_of"].dropna().astype(str)
    changes["previous_as_of"] = last_as_of.max() if len(last_as_of) else None
    changes["previous_network_ids"] = changes["previous_network_ids"].map(list)
    return changes[[*NETWORK_CHANGE_COLUMNS, "network_key", "previous_rank", "previous_as_of"]]


def to_spark(session: Any, frame: pd.DataFrame, schema: str) -> Any:
    """A Spark DataFrame from pandas with an explicit DDL schema, columns in ``frame``'s
    order (nulls keep their types; numpy scalars become plain Python values)."""
    clean = frame.astype(object).where(frame.notna(), None)
    return session.createDataFrame([tuple(row) for row in clean.itertuples(index=False)], schema)
