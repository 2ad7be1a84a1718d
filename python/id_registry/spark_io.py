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

from cse_networks.run_audit import current_run_id
from id_registry.networks import NETWORK_CHANGE_COLUMNS, assign_network_ids
from id_registry.persons import (
    PERSON_REGISTRY_COLUMNS,
    RECORD_REGISTRY_COLUMNS,
    assign_person_ids,
)

__all__ = [
    "absent",
    "current_run_id",
    "history_for_run",
    "network_ids_from_spark",
    "person_registries_for_run",
    "person_registry_from_spark",
    "rank_history",
    "read_previous",
    "to_spark",
    "with_network_ids",
]

_MISSING = ("TABLE_OR_VIEW_NOT_FOUND", "SCHEMA_NOT_FOUND", "Table or view not found")


def absent(error: Exception) -> None:
    """``None`` when ``error`` says the registry table does not exist yet (before the
    first publish); any other error is raised again. Use in the model::

        try:
            previous = dbt.source("registry", "registry_person_ids")
        except Exception as error:
            previous = absent(error)
    """
    if any(marker in str(error) for marker in _MISSING):
        return None
    raise error


def read_previous(frame: Any | None, columns: Sequence[str]) -> tuple[pd.DataFrame, str]:
    """A registry table as last published (Spark, or ``None`` before the first publish),
    as pandas with ``columns``, and the run that wrote it (``""`` before the first)."""
    if frame is None:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns}), ""
    rows = frame.select(*columns, "registry_run_id").toPandas()
    run_ids = sorted(set(rows.pop("registry_run_id").dropna().astype(str)))
    return rows[list(columns)], (run_ids[-1] if run_ids else "")


def person_registries_for_run(
    clustered: Any, previous: tuple[Any, Any] | None, *, as_of: str, key: Any
) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """The record and person registries after this run, and the run they built on.

    ``previous``: the published ``(registry_person_records, registry_person_ids)``
    (Spark), or ``None`` before the first publish. New ids are the keyed pseudonym of
    the cluster's anchor record (``cse_networks.pseudonym.person_id``, with ``key``, a
    ``PersonIdKey``): computed here, in the driver, so the key never enters Spark.
    """
    from cse_networks.pseudonym import person_id

    records, based_on = read_previous(previous and previous[0], RECORD_REGISTRY_COLUMNS)
    persons, _ = read_previous(previous and previous[1], PERSON_REGISTRY_COLUMNS)

    def new_id(anchor: str, attempt: int) -> str:
        return person_id(anchor if attempt == 0 else f"{anchor}#{attempt}", key.secret)

    registered, registry = person_registry_from_spark(
        clustered, records, persons, as_of=as_of, new_id=new_id
    )
    return registered, registry, based_on


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


def with_network_ids(frame: Any, ids: Any, column: str = "network_id") -> Any:
    """``frame`` with its working network labels (the graph step's ``network_id``)
    replaced by the persistent ids of ``ids`` (``graph_network_ids``: ``network_key``
    -> ``network_id``). A label without an id is an error, never a silent null."""
    from pyspark.sql import functions as sf

    mapping = ids.where(sf.col("network_key").isNotNull()).select(
        sf.col("network_key").alias("_network_key"), sf.col("network_id").alias("_network_id")
    )
    out = frame.join(mapping, frame[column] == mapping["_network_key"], "left")
    missing = out.where(sf.col(column).isNotNull() & sf.col("_network_id").isNull()).limit(1)
    if missing.count():
        raise ValueError("graph_network_ids has no id for a network label of the graph step")
    relabelled = out.withColumn(column, sf.col("_network_id")).drop("_network_key", "_network_id")
    return relabelled.select(*frame.columns)


def history_for_run(
    previous: Any | None, current: Any, *, id_column: str, as_of: str
) -> pd.DataFrame:
    """Rank history after this run (``id_registry.history.append_run``): the published
    history (Spark, or ``None`` before the first publish) and this run's ranked rows
    (Spark: ``id_column``, ``priority_rank``, ``priority_score``), stamped with the run."""
    from id_registry.history import append_run

    columns = ["run_id", "as_of_date", id_column, "priority_rank", "priority_score"]
    earlier, _ = read_previous(previous, columns)
    run_id = current_run_id()
    rows = current.select(id_column, "priority_rank", "priority_score").toPandas()
    history = append_run(earlier, rows.assign(as_of_date=as_of), run_id=run_id)
    return history.assign(registry_run_id=run_id)


def rank_history(
    session: Any, previous: Any | None, ranked: Any, run_dates: Any, *, id_column: str
) -> Any:
    """The rank history to publish (Spark), for ``registry_network_history`` and
    ``registry_person_history``: the published runs' rows (``previous``, or ``None``
    before the first publish) and this run's ranked rows (``ranked``: ``id_column``,
    ``priority_rank``, ``priority_score``), this run dated by ``run_dates``
    (``int_run_dates_resolved``). One row per id per published run: a failed run never
    publishes, so its rows never reach the registry; ``dbt retry`` of a run writes its
    rows once (docs block ``id_rules``)."""
    as_of = str(run_dates.first()["as_of_date"])
    history = history_for_run(previous, ranked, id_column=id_column, as_of=as_of)
    return to_spark(
        session,
        history,
        f"run_id string, as_of_date string, {id_column} string, priority_rank bigint, "
        "priority_score double, registry_run_id string",
    )
