"""Key players: greedy set whose removal most fragments a network (Borgatti's KPP-Neg).

Fragmentation of a graph with n persons and component sizes s_k is
F = 1 - sum s_k (s_k - 1) / (n (n - 1)), the share of pairs that cannot reach each
other; it is measured on the residual graph (n = persons still present). At each step
the person whose removal gives the largest F is removed; ties go to the smallest
person_id. At most ``min(k, n - 2)`` persons are removed so two persons always remain,
and F is 0 for graphs of fewer than two persons.
"""

from __future__ import annotations

import igraph as ig
import numpy as np

__all__ = ["fragmentation", "greedy_key_players"]


def fragmentation(sizes: np.ndarray | list[int]) -> float:
    """Borgatti's fragmentation from component sizes (0 when fewer than two persons).

    Parameters
    ----------
    sizes : array-like of int
        Component sizes of the graph.

    Returns
    -------
    float
    """
    s = np.asarray(sizes, dtype=np.int64)
    n = int(s.sum())
    if n < 2:
        return 0.0
    return 1.0 - float((s * (s - 1)).sum()) / (n * (n - 1))


def _pair_sums_after_removal(graph: ig.Graph) -> np.ndarray:
    """For each vertex, sum s(s-1) over components of the graph without that vertex."""
    components = graph.connected_components()
    sizes = np.asarray(components.sizes(), dtype=np.int64)
    membership = np.asarray(components.membership, dtype=np.int64)
    total = int((sizes * (sizes - 1)).sum())
    # A non-articulation vertex only shrinks its own component by one.
    own = sizes[membership]
    after = total - own * (own - 1) + (own - 1) * (own - 2)
    n = graph.vcount()
    for v in graph.articulation_points():
        rest = [u for u in range(n) if u != v]
        pieces = np.asarray(
            graph.induced_subgraph(rest, implementation="create_from_scratch")
            .connected_components()
            .sizes(),
            dtype=np.int64,
        )
        after[v] = int((pieces * (pieces - 1)).sum())
    return after


def greedy_key_players(graph: ig.Graph, k: int) -> tuple[float, list[tuple[int, float]]]:
    """Greedy key-player removal on one network's induced subgraph.

    Parameters
    ----------
    graph : ig.Graph
        The network's induced subgraph; vertex order = sorted person ids (the tie-break).
    k : int
        Requested number of key players.

    Returns
    -------
    tuple
        ``(fragmentation_before, [(vertex, fragmentation_after), ...])`` in removal order;
        vertices are positions in ``graph``.
    """
    before = fragmentation(graph.connected_components().sizes()) if graph.vcount() else 0.0
    steps = max(0, min(k, graph.vcount() - 2))
    alive = np.arange(graph.vcount())
    current = graph
    removed: list[tuple[int, float]] = []
    for _ in range(steps):
        after = _pair_sums_after_removal(current)
        # Same residual n for every candidate: largest F = smallest pair sum; argmin
        # takes the first, i.e. the smallest person_id.
        pick = int(np.argmin(after))
        n_left = current.vcount() - 1
        removed.append((int(alive[pick]), 1.0 - float(after[pick]) / (n_left * (n_left - 1))))
        keep = [u for u in range(current.vcount()) if u != pick]
        current = current.induced_subgraph(keep, implementation="create_from_scratch")
        alive = alive[keep]
    return before, removed
