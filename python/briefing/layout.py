"""Deterministic node positions for a network's link chart.

Small connected networks use Kamada-Kawai (no randomness, tidy for a handful of
people); larger or disconnected ones a seeded, weighted Fruchterman-Reingold layout.
Nodes and edges are sorted first, so row order never changes the picture.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

__all__ = ["KAMADA_KAWAI_MAX_NODES", "layout_positions"]

# Kamada-Kawai is O(n^2) per iteration and best for small graphs; above this, spring.
KAMADA_KAWAI_MAX_NODES = 40


def _graph(nodes: list[str], edges: list[tuple[str, str, float]]) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(sorted(set(nodes)))
    weights = [w for _, _, w in edges if w > 0]
    top = max(weights, default=1.0)
    for a, b, w in sorted(edges):
        if a == b or a not in graph or b not in graph:
            continue
        # Compressed so one heavy link does not collapse its pair onto one point.
        strength = 0.5 + math.sqrt(max(w, 0.0) / top)
        if graph.has_edge(a, b):
            strength = max(strength, graph[a][b]["strength"])
        graph.add_edge(a, b, strength=strength)
    return graph


def _unit_box(positions: dict[str, np.ndarray]) -> dict[str, tuple[float, float]]:
    coords = np.array([positions[n] for n in positions], dtype=float)
    low, high = coords.min(axis=0), coords.max(axis=0)
    span = np.where(high - low > 1e-12, high - low, 1.0)
    centred = (coords - low) / span * 2.0 - 1.0
    centred[:, high - low <= 1e-12] = 0.0
    return {n: (float(x), float(y)) for n, (x, y) in zip(positions, centred, strict=True)}


def layout_positions(
    nodes: list[str], edges: list[tuple[str, str, float]], *, seed: int
) -> dict[str, tuple[float, float]]:
    """Positions in the box [-1, 1] x [-1, 1] for every node.

    Parameters
    ----------
    nodes : list of str
        Person ids of the network.
    edges : list of (str, str, float)
        Links between them with their weight; links to unknown nodes are ignored.
    seed : int
        Seed of the force-directed layout.

    Returns
    -------
    dict of str to (float, float)
        Node -> position, rounded to 4 decimals.
    """
    graph = _graph(nodes, edges)
    n = graph.number_of_nodes()
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(graph)): (0.0, 0.0)}
    if n <= KAMADA_KAWAI_MAX_NODES and nx.is_connected(graph):
        raw = nx.kamada_kawai_layout(graph, weight=None)
    else:
        raw = nx.spring_layout(
            graph,
            k=1.6 / math.sqrt(n),
            iterations=300,
            weight="strength",
            seed=seed,
        )
    boxed = _unit_box(raw)
    return {node: (round(x, 4), round(y, 4)) for node, (x, y) in boxed.items()}
