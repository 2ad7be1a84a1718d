"""Key players: greedy set whose removal most fragments a network (Borgatti's KPP-Neg).

Fragmentation of a graph with n persons and component sizes s_k is
F = 1 - sum s_k (s_k - 1) / (n (n - 1)), the share of pairs that cannot reach each
other; it is measured on the residual graph (n = persons still present). At each step
the person whose removal gives the largest F is removed; ties among removals that do
fragment go to the smallest person_id. The search stops as soon as no single removal
raises F (a clique, a cycle, a graph whose every person is redundant): a key player is
someone whose removal splits the network, never a tie-break among people whose removal
changes nothing, so such a network has no key players and its fragmentation after equals
its fragmentation before. At most ``min(k, n - 2)`` persons are removed so two persons
always remain, and F is 0 for graphs of fewer than two persons.
"""

from __future__ import annotations

import igraph as ig
import numpy as np

__all__ = ["fragmentation", "greedy_key_players"]

# Fragmentation gains at or below this are rounding, not a split.
_NO_GAIN = 1e-12


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
    """For each vertex, sum s(s-1) over the components of the graph without that vertex.

    One iterative depth-first search (Tarjan's low-link with subtree sizes) per call, so
    O(n + m): removing v splits off each DFS child subtree c with low[c] >= disc[v]; the
    rest of v's component stays together.
    """
    n = graph.vcount()
    adjacency = graph.get_adjlist()
    disc = [-1] * n
    low = [0] * n
    sub = [1] * n
    split_pairs = [0] * n  # sum p(p-1) over split-off child pieces
    split_size = [0] * n  # their total size
    comp_size_of = [0] * n
    total = 0
    clock = 0
    for root in range(n):
        if disc[root] >= 0:
            continue
        disc[root] = low[root] = clock
        clock += 1
        members = [root]
        stack = [(root, -1, iter(adjacency[root]))]
        while stack:
            v, parent, neighbours = stack[-1]
            advanced = False
            for u in neighbours:
                if disc[u] < 0:
                    disc[u] = low[u] = clock
                    clock += 1
                    members.append(u)
                    stack.append((u, v, iter(adjacency[u])))
                    advanced = True
                    break
                if u != parent and disc[u] < low[v]:
                    low[v] = disc[u]
            if advanced:
                continue
            stack.pop()
            if parent >= 0:
                sub[parent] += sub[v]
                if low[v] < low[parent]:
                    low[parent] = low[v]
                if low[v] >= disc[parent]:
                    split_pairs[parent] += sub[v] * (sub[v] - 1)
                    split_size[parent] += sub[v]
        size = len(members)
        total += size * (size - 1)
        for v in members:
            comp_size_of[v] = size
    after = np.empty(n, dtype=np.int64)
    for v in range(n):
        size = comp_size_of[v]
        rest = size - 1 - split_size[v]
        after[v] = total - size * (size - 1) + split_pairs[v] + rest * (rest - 1)
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
        vertices are positions in ``graph``. The list is empty when no removal raises
        the fragmentation, and shorter than ``k`` when later removals stop raising it.
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
        gained = 1.0 - float(after[pick]) / (n_left * (n_left - 1))
        now = fragmentation(current.connected_components().sizes())
        if gained <= now + _NO_GAIN:
            break
        removed.append((int(alive[pick]), gained))
        keep = [u for u in range(current.vcount()) if u != pick]
        current = current.induced_subgraph(keep, implementation="create_from_scratch")
        alive = alive[keep]
    return before, removed
