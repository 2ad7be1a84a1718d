"""Connected components with stable labels.

A component is labelled ``"C_" + <smallest member person_id>`` (string order), so the label
does not depend on input order, on the run, or on other components. Person ids are
pseudonymous keys, not names, so they may appear in labels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

__all__ = ["COMPONENT_PREFIX", "component_index", "component_labels", "edge_index"]

COMPONENT_PREFIX = "C_"


def edge_index(person_ids: pd.Series, edges: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Map edge endpoints to positions in the sorted ``person_ids``.

    Parameters
    ----------
    person_ids : pd.Series
        Sorted unique person ids (vertex order).
    edges : pd.DataFrame
        Clean edges whose endpoints all occur in ``person_ids``.

    Returns
    -------
    tuple of np.ndarray
        ``(src, dst)`` int64 vertex positions.
    """
    index = pd.Index(person_ids)
    src = index.get_indexer(edges["person_id_a"]).astype(np.int64)
    dst = index.get_indexer(edges["person_id_b"]).astype(np.int64)
    if (src < 0).any() or (dst < 0).any():
        raise ValueError("edge endpoint missing from nodes (clean the edges first)")
    return src, dst


def component_index(n_vertices: int, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Return a component number per vertex, numbered by smallest member vertex.

    Parameters
    ----------
    n_vertices : int
        Number of vertices.
    src, dst : np.ndarray
        Edge endpoints as vertex positions.

    Returns
    -------
    np.ndarray
        int64 array; component ``j`` is the one whose smallest vertex is the ``j``-th
        smallest among all components' smallest vertices.
    """
    if n_vertices == 0:
        return np.zeros(0, dtype=np.int64)
    adjacency = coo_matrix(
        (np.ones(len(src), dtype=np.int8), (src, dst)), shape=(n_vertices, n_vertices)
    )
    _, raw = connected_components(adjacency, directed=False)
    # Renumber by first occurrence: vertices are sorted by id, so first = smallest id.
    _, first = np.unique(raw, return_index=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[raw].astype(np.int64)


def component_labels(person_ids: pd.Series, comp: np.ndarray) -> np.ndarray:
    """Return the ``C_<smallest person_id>`` label of each vertex's component.

    Parameters
    ----------
    person_ids : pd.Series
        Sorted unique person ids (vertex order).
    comp : np.ndarray
        Component number per vertex from :func:`component_index`.

    Returns
    -------
    np.ndarray
        Object array of labels, one per vertex.
    """
    if len(comp) == 0:
        return np.array([], dtype=object)
    _, first = np.unique(comp, return_index=True)
    names = np.asarray(COMPONENT_PREFIX + person_ids.iloc[first].astype(str), dtype=object)
    return names[comp]
