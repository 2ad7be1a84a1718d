"""Reads the marts the briefing needs with Spark, narrowed to the top networks.

The only module that touches Spark. Optional marts that are absent are skipped;
the restricted identity model is read only when names are asked for, only for the
people in the pack, and an unreadable identity model is an error, never a fallback.
"""

from __future__ import annotations

import os
from typing import Any

import pandas as pd

from briefing.columns import (
    IDENTITY_TABLE,
    OPTIONAL_TABLES,
    TABLES,
    BriefingDataError,
    normalise_table,
    source_columns,
)
from briefing.network_view import top_networks

__all__ = ["BriefingAccessError", "marts_schema", "read_marts"]

# Marts keyed by network, and the column (canonical name) that holds it.
_BY_NETWORK = {
    "fct_network_links": "network_id",
    "fct_network_ocg_links": "network_id",
    "fct_network_victims": "network_id",
    "fct_network_victim_links": "network_id",
    "fct_network_timeline": "network_id",
}


class BriefingAccessError(BriefingDataError):
    """The restricted identity model was asked for but cannot be read."""


def restricted_schema(prefix: str | None = None) -> str:
    """The restricted identity schema, with ``$CSE_SCHEMA_PREFIX`` in front."""
    return marts_schema(prefix).removesuffix("marts") + "restricted"


def marts_schema(prefix: str | None = None) -> str:
    """The marts schema, with ``$CSE_SCHEMA_PREFIX`` (default empty) in front."""
    return f"{os.environ.get('CSE_SCHEMA_PREFIX', '') if prefix is None else prefix}marts"


def _source_name(table: str, canonical: str, available: list[str]) -> str:
    names = TABLES[table].columns[canonical]
    found = next((n for n in names if n in available), None)
    if found is None:
        raise BriefingDataError(f"{table} has no column {canonical!r} (looked for {names})")
    return found


def _read(spark: Any, schema: str, table: str, filters: dict[str, list[str]]) -> pd.DataFrame:
    """Narrow select of one mart; ``filters`` maps canonical columns to allowed values."""
    from pyspark.sql import functions as F  # noqa: N812 (Spark's own convention)

    frame = spark.table(f"{schema}.{table}")
    available = list(frame.columns)
    condition = None
    for canonical, values in filters.items():
        test = F.col(_source_name(table, canonical, available)).isin(values)
        condition = test if condition is None else condition | test
    if condition is not None:
        frame = frame.where(condition)
    return frame.select(*source_columns(table, available)).toPandas()


def read_marts(
    spark: Any, *, top_n: int, with_names: bool, prefix: str | None = None
) -> dict[str, pd.DataFrame]:
    """The mart frames ``render_briefing`` needs, for the ``top_n`` networks only.

    Parameters
    ----------
    spark : pyspark.sql.SparkSession
        Session with the project's metastore.
    top_n : int
        Networks in the pack, by priority rank.
    with_names : bool
        Also read ``dim_person_identities`` for the people shown.
    prefix : str, optional
        Schema prefix; default ``$CSE_SCHEMA_PREFIX``.

    Returns
    -------
    dict of str to pd.DataFrame
        Mart name -> rows (source column names); absent optional marts are left out.

    Raises
    ------
    BriefingDataError
        If ``fct_networks`` or ``fct_person_scores`` cannot be read.
    BriefingAccessError
        If names are asked for and the identity model cannot be read.
    """
    schema = marts_schema(prefix)
    if with_names:  # fail before the long reads when names cannot be had
        _probe_identities(spark, restricted_schema(prefix))
    for table in ("fct_networks", "fct_person_scores"):
        if not spark.catalog.tableExists(f"{schema}.{table}"):
            raise BriefingDataError(f"{schema}.{table} does not exist: build the marts first")
    networks = _read(spark, schema, "fct_networks", {})
    ranked = top_networks(normalise_table("fct_networks", networks), top_n)
    ids = [str(n) for n in ranked["network_id"]]
    frames = {
        "fct_networks": networks,
        "fct_person_scores": _read(spark, schema, "fct_person_scores", {"network_id": ids}),
    }
    for table in OPTIONAL_TABLES:
        if not spark.catalog.tableExists(f"{schema}.{table}"):
            continue
        if table in _BY_NETWORK:
            filters = {_BY_NETWORK[table]: ids}
        elif table == "fct_person_links":
            filters = {"network_id_a": ids, "network_id_b": ids}
        else:
            filters = {}
        frames[table] = _read(spark, schema, table, filters)
    if with_names:
        frames[IDENTITY_TABLE] = _read_identities(
            spark, restricted_schema(prefix), frames["fct_person_scores"]
        )
    return frames


def _access_error(schema: str, error: Exception) -> BriefingAccessError:
    return BriefingAccessError(
        f"--with-names needs read access to the restricted identity model "
        f"{schema}.{IDENTITY_TABLE}, which could not be read ({type(error).__name__}). "
        "Ask for access, or run without --with-names for the pseudonymous pack."
    )


def _probe_identities(spark: Any, schema: str) -> None:
    try:
        spark.table(f"{schema}.{IDENTITY_TABLE}").columns  # noqa: B018 (resolves the table)
    except Exception as error:  # any failure is a refusal, never a fallback
        raise _access_error(schema, error) from error


def _read_identities(spark: Any, schema: str, persons: pd.DataFrame) -> pd.DataFrame:
    person_ids = sorted(persons["person_id"].astype(str).unique())
    try:
        return _read(spark, schema, IDENTITY_TABLE, {"person_id": person_ids})
    except Exception as error:  # e.g. metadata visible but the data not readable
        raise _access_error(schema, error) from error
