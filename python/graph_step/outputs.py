"""Network, bridge and key-player tables derived from the person rows.

Pure pandas functions, shared by the in-process and the Spark paths (the Spark path
applies them per batch of whole components), so both give identical tables.
"""

from __future__ import annotations

import json

import pandas as pd

from graph_step.brokerage import bridge_rows
from graph_step.schema import empty_frame, to_schema

__all__ = ["bridges_from_persons", "key_players_from_persons", "networks_from_persons"]

_RUN_COLUMNS = ["run_id", "algorithm", "parameters"]


def networks_from_persons(persons: pd.DataFrame) -> pd.DataFrame:
    """One row per network, sorted by ``network_id``.

    ``key_player_ids`` is a JSON list of person ids in removal order;
    ``component_key_player_ids`` the same for the network's component when it holds two or
    more networks (the persons whose removal most splits the networks joined by bridges),
    else ``[]``; ``harm_days`` the members' total harm.

    Parameters
    ----------
    persons : pd.DataFrame
        Person rows (``PERSON_SCHEMA``) of whole components.

    Returns
    -------
    pd.DataFrame
        ``NETWORK_SCHEMA`` rows.
    """
    if len(persons) == 0:
        return empty_frame("network")
    ordered = persons.sort_values(["network_id", "person_id"], kind="stable")
    grouped = ordered.groupby("network_id", sort=True)
    out = grouped.agg(
        component_id=("component_id", "first"),
        n_members=("person_id", "size"),
        n_edges=("network_n_edges", "first"),
        density=("network_density", "first"),
        total_weight=("network_total_weight", "first"),
        harm_days=("harm_days", "sum"),
        stability=("network_stability", "first"),
        resolution=("network_resolution", "first"),
        modularity_contribution=("network_modularity", "first"),
        fragmentation_before=("network_fragmentation_before", "first"),
        run_id=("run_id", "first"),
        algorithm=("algorithm", "first"),
        parameters=("parameters", "first"),
    )
    lists = _key_player_lists(ordered, "network_id", "key_player_order")
    out["key_player_ids"] = lists.reindex(out.index).fillna("[]")
    component_lists = _key_player_lists(ordered, "component_id", "component_key_player_order")
    out["component_key_player_ids"] = (
        out["component_id"].map(component_lists).fillna("[]").astype(object)
    )
    return to_schema(out.reset_index(), "network")


def _key_player_lists(persons: pd.DataFrame, group: str, order: str) -> pd.Series:
    """Per ``group`` value, the JSON list of its key players' person ids in ``order``
    (groups with none are absent)."""
    keys = persons[persons[order].notna()].sort_values([group, order], kind="stable")
    return keys.groupby(group, sort=True)["person_id"].agg(lambda s: json.dumps(list(s)))


def key_players_from_persons(persons: pd.DataFrame) -> pd.DataFrame:
    """One row per key player, sorted by ``network_id`` and ``removal_order``.

    Parameters
    ----------
    persons : pd.DataFrame
        Person rows (``PERSON_SCHEMA``).

    Returns
    -------
    pd.DataFrame
        ``KEY_PLAYER_SCHEMA`` rows.
    """
    rows = persons[persons["key_player_order"].notna()]
    if len(rows) == 0:
        return empty_frame("key_player")
    out = rows.assign(removal_order=rows["key_player_order"].astype("int64"))
    out = out.sort_values(["network_id", "removal_order"], kind="stable")
    return to_schema(out, "key_player")


def bridges_from_persons(persons: pd.DataFrame, edges: pd.DataFrame) -> pd.DataFrame:
    """Inter-network edges (both directions) with the run columns.

    Parameters
    ----------
    persons : pd.DataFrame
        Person rows (``PERSON_SCHEMA``) covering every edge endpoint.
    edges : pd.DataFrame
        Clean edges ``person_id_a``, ``person_id_b``, ``weight``.

    Returns
    -------
    pd.DataFrame
        ``BRIDGE_SCHEMA`` rows, sorted.
    """
    if len(persons) == 0 or len(edges) == 0:
        return empty_frame("bridge")
    rows = bridge_rows(persons, edges)
    if len(rows) == 0:
        return empty_frame("bridge")
    first = persons.iloc[0]
    for column in _RUN_COLUMNS:
        rows[column] = first[column]
    return to_schema(rows, "bridge")
