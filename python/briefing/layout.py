"""Deterministic node positions for a network's link chart.

Small connected networks use Kamada-Kawai (no randomness, tidy for a handful of
people). Larger or disconnected ones are laid out group by group ("group in a box"):
seeded Louvain groups (connected components first), each group laid out on its own with
a seeded, weighted Fruchterman-Reingold layout, the groups placed on a grid by size so
they never overlap. Nodes and edges are sorted first, so row order never changes the
picture.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

__all__ = ["KAMADA_KAWAI_MAX_NODES", "layout_groups", "layout_positions"]

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


def _induced(graph: nx.Graph, nodes: list[str]) -> nx.Graph:
    """The subgraph on ``nodes`` as a new graph, nodes and edges in sorted order.

    Not ``graph.subgraph``: a subgraph view iterates its nodes in the order of a Python
    set of strings, which changes with the interpreter's hash seed from one process to
    the next, and the seeded layouts and Louvain follow that order.
    """
    sub = nx.Graph()
    sub.add_nodes_from(sorted(nodes))
    edges = sorted(tuple(sorted(edge)) for edge in graph.subgraph(nodes).edges)
    sub.add_edges_from((a, b, graph[a][b]) for a, b in edges)
    return sub


def _unit_box(positions: dict[str, np.ndarray]) -> dict[str, tuple[float, float]]:
    coords = np.array([positions[n] for n in positions], dtype=float)
    low, high = coords.min(axis=0), coords.max(axis=0)
    span = np.where(high - low > 1e-12, high - low, 1.0)
    centred = (coords - low) / span * 2.0 - 1.0
    centred[:, high - low <= 1e-12] = 0.0
    return {n: (float(x), float(y)) for n, (x, y) in zip(positions, centred, strict=True)}


def layout_groups(graph: nx.Graph, *, seed: int) -> list[list[str]]:
    """Groups drawn apart: connected components, large ones split by seeded Louvain.

    Returns the groups largest first (ties by first node), each sorted.
    """
    groups: list[list[str]] = []
    for component in sorted(nx.connected_components(graph), key=lambda c: sorted(c)[0]):
        sub = _induced(graph, list(component))
        if len(component) > KAMADA_KAWAI_MAX_NODES // 2:
            parts = nx.community.louvain_communities(sub, weight="strength", seed=seed)
            groups.extend(sorted(p) for p in parts)
        else:
            groups.append(sorted(component))
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def _group_positions(graph: nx.Graph, groups: list[list[str]], *, seed: int) -> dict:
    """Each group laid out in its own cell of a grid; cell area follows group size."""
    # Rows of cells filled largest first; a cell's side grows with sqrt(group size).
    sides = [math.sqrt(len(g)) for g in groups]
    total_area = sum(s * s for s in sides)
    row_width = max(max(sides), math.sqrt(total_area) * 1.5)
    positions: dict[str, np.ndarray] = {}
    x = y = row_height = 0.0
    for group, side in zip(groups, sides, strict=True):
        if x > 0 and x + side > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        sub = _induced(graph, group)
        if len(group) == 1:
            local = {group[0]: np.array([0.0, 0.0])}
        else:  # spring: Kamada-Kawai per group costs seconds on a busy machine
            local = nx.spring_layout(
                sub, k=1.6 / math.sqrt(len(group)), iterations=200, weight="strength", seed=seed
            )
        coords = np.array([local[n] for n in group], dtype=float)
        low, high = coords.min(axis=0), coords.max(axis=0)
        span = np.where(high - low > 1e-12, high - low, 1.0)
        inner = side * 0.78  # a gap between cells keeps groups visibly apart
        for node, point in zip(group, coords, strict=True):
            unit = (point - low) / span
            unit[high - low <= 1e-12] = 0.5
            positions[node] = np.array(
                [x + side * 0.11 + unit[0] * inner, y + side * 0.11 + unit[1] * inner]
            )
        x += side
        row_height = max(row_height, side)
    return positions


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
        Seed of the group detection and the force-directed layouts.

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
        raw = _group_positions(graph, layout_groups(graph, seed=seed), seed=seed)
    boxed = _unit_box(raw)
    return {node: (round(x, 4), round(y, 4)) for node, (x, y) in boxed.items()}
