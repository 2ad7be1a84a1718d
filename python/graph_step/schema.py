"""Fixed output schemas of the graph step (pandas dtypes and Spark DDL strings)."""

from __future__ import annotations

import pandas as pd

__all__ = [
    "ALGORITHM",
    "BRIDGE_COLUMNS",
    "BRIDGE_SCHEMA",
    "KEY_PLAYER_COLUMNS",
    "KEY_PLAYER_SCHEMA",
    "NETWORK_COLUMNS",
    "NETWORK_SCHEMA",
    "PERSON_COLUMNS",
    "PERSON_SCHEMA",
    "empty_frame",
    "to_schema",
]

# Named engines and algorithms, carried on every output row.
ALGORITHM = (
    "components:connected-smallest-id-label; communities:igraph-leiden-modularity-weighted; "
    "betweenness+harmonic:igraph-dijkstra(1/weight),pivot-sampled-above-threshold; "
    "eigenvector:igraph-arpack-per-component; pagerank:igraph-prpack-weighted; "
    "clustering:unweighted-local; kcore:igraph-coreness; "
    "key-players:greedy-borgatti-fragmentation"
)

# (column, pandas dtype, Spark type). Nullable integers use pandas "Int64".
# Every output row ends with the run that made it and how (ALGORITHM, the parameters).
_PROVENANCE = [
    ("run_id", "string", "string"),
    ("algorithm", "string", "string"),
    ("parameters", "string", "string"),
]
_PERSON = [
    ("person_id", "string", "string"),
    ("component_id", "string", "string"),
    ("network_id", "string", "string"),
    ("component_size", "int64", "bigint"),
    ("network_size", "int64", "bigint"),
    ("harm_days", "float64", "double"),
    ("degree", "int64", "bigint"),
    ("strength", "float64", "double"),
    ("betweenness", "float64", "double"),
    ("betweenness_normalised", "float64", "double"),
    ("betweenness_sample_size", "Int64", "bigint"),
    ("harmonic_closeness", "float64", "double"),
    ("harmonic_sample_size", "Int64", "bigint"),
    ("eigenvector", "float64", "double"),
    ("pagerank", "float64", "double"),
    ("harm_pagerank", "float64", "double"),
    ("harm_flow_days", "float64", "double"),
    ("clustering", "float64", "double"),
    ("coreness", "int64", "bigint"),
    ("is_articulation_point", "bool", "boolean"),
    ("participation_coefficient", "float64", "double"),
    ("n_linked_networks", "int64", "bigint"),
    ("n_bridge_edges", "int64", "bigint"),
    ("network_n_edges", "int64", "bigint"),
    ("network_total_weight", "float64", "double"),
    ("network_density", "float64", "double"),
    ("network_modularity", "float64", "double"),
    ("network_stability", "float64", "double"),
    ("network_resolution", "float64", "double"),
    ("network_fragmentation_before", "float64", "double"),
    ("key_player_order", "Int64", "bigint"),
    ("fragmentation_after", "float64", "double"),
    ("component_fragmentation_before", "float64", "double"),
    ("component_key_player_order", "Int64", "bigint"),
    ("component_fragmentation_after", "float64", "double"),
    *_PROVENANCE,
]

_NETWORK = [
    ("network_id", "string", "string"),
    ("component_id", "string", "string"),
    ("n_members", "int64", "bigint"),
    ("n_edges", "int64", "bigint"),
    ("density", "float64", "double"),
    ("total_weight", "float64", "double"),
    ("harm_days", "float64", "double"),
    ("stability", "float64", "double"),
    ("resolution", "float64", "double"),
    ("modularity_contribution", "float64", "double"),
    ("fragmentation_before", "float64", "double"),
    ("key_player_ids", "string", "string"),
    ("component_key_player_ids", "string", "string"),
    *_PROVENANCE,
]

_BRIDGE = [
    ("network_id", "string", "string"),
    ("linked_network_id", "string", "string"),
    ("person_id_a", "string", "string"),
    ("person_id_b", "string", "string"),
    ("weight", "float64", "double"),
    *_PROVENANCE,
]

_KEY_PLAYER = [
    ("network_id", "string", "string"),
    ("removal_order", "int64", "bigint"),
    ("person_id", "string", "string"),
    ("fragmentation_after", "float64", "double"),
    *_PROVENANCE,
]


def _ddl(spec: list[tuple[str, str, str]]) -> str:
    return ", ".join(f"{name} {spark}" for name, _, spark in spec)


PERSON_COLUMNS = [name for name, _, _ in _PERSON]
NETWORK_COLUMNS = [name for name, _, _ in _NETWORK]
BRIDGE_COLUMNS = [name for name, _, _ in _BRIDGE]
KEY_PLAYER_COLUMNS = [name for name, _, _ in _KEY_PLAYER]

# Spark DDL strings, usable directly as the ``applyInPandas`` schema.
PERSON_SCHEMA = _ddl(_PERSON)
NETWORK_SCHEMA = _ddl(_NETWORK)
BRIDGE_SCHEMA = _ddl(_BRIDGE)
KEY_PLAYER_SCHEMA = _ddl(_KEY_PLAYER)

_SPECS = {"person": _PERSON, "network": _NETWORK, "bridge": _BRIDGE, "key_player": _KEY_PLAYER}


def _pandas_dtype(dtype: str) -> str:
    # Plain object strings convert to Arrow more predictably than StringDtype.
    return "object" if dtype == "string" else dtype


def to_schema(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Select and cast ``frame`` to the fixed schema ``kind``.

    Parameters
    ----------
    frame : pd.DataFrame
        Frame holding at least the schema's columns.
    kind : str
        One of ``"person"``, ``"network"``, ``"bridge"``, ``"key_player"``.

    Returns
    -------
    pd.DataFrame
        The schema's columns in order, with a fresh ``RangeIndex``.
    """
    spec = _SPECS[kind]
    out = frame.loc[:, [name for name, _, _ in spec]].reset_index(drop=True)
    return out.astype({name: _pandas_dtype(dtype) for name, dtype, _ in spec})


def empty_frame(kind: str) -> pd.DataFrame:
    """Return an empty frame with the fixed schema ``kind``."""
    spec = _SPECS[kind]
    frame = pd.DataFrame({name: pd.Series(dtype=_pandas_dtype(dt)) for name, dt, _ in spec})
    return frame
