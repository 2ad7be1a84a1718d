"""Entry points: ``analyse_component`` (person rows) and ``analyse_graph`` (all tables).

``analyse_component`` takes the nodes and edges of one component -- or of several whole
components, which it analyses one by one: every value of a person depends only on that
person's own component, so any grouping of whole components gives the same rows. The
Spark path relies on this to send batches of small components to one task.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

import igraph as ig
import numpy as np
import pandas as pd

from graph_step.brokerage import brokerage_metrics
from graph_step.centrality import (
    eigenvector,
    exact_paths,
    local_metrics,
    pagerank,
    sampled_paths,
    serial_openmp,
)
from graph_step.communities import (
    NETWORK_PREFIX,
    best_match_jaccard,
    choose_level,
    cse_mixing,
    leiden_membership,
)
from graph_step.components import component_index, component_labels, edge_index
from graph_step.harm import harm_pagerank
from graph_step.inputs import clean_edges, clean_nodes
from graph_step.key_players import greedy_key_players
from graph_step.outputs import (
    bridges_from_persons,
    key_players_from_persons,
    networks_from_persons,
)
from graph_step.params import GraphParams
from graph_step.profiling import phase
from graph_step.schema import ALGORITHM, empty_frame, to_schema

__all__ = ["GraphResult", "analyse_component", "analyse_graph", "network_partition"]

# the person columns of the key players found in each network and in each component
# that holds two or more networks (before, order, after)
_NETWORK_KEYS = ("network_fragmentation_before", "key_player_order", "fragmentation_after")
_COMPONENT_KEYS = (
    "component_fragmentation_before",
    "component_key_player_order",
    "component_fragmentation_after",
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GraphResult:
    """Tables of one graph-step run.

    Attributes
    ----------
    persons : pd.DataFrame
        One row per person (``PERSON_SCHEMA``).
    networks : pd.DataFrame
        One row per network (``NETWORK_SCHEMA``).
    bridges : pd.DataFrame
        One row per inter-network edge and direction (``BRIDGE_SCHEMA``).
    key_players : pd.DataFrame
        One row per key player (``KEY_PLAYER_SCHEMA``).
    """

    persons: pd.DataFrame
    networks: pd.DataFrame
    bridges: pd.DataFrame
    key_players: pd.DataFrame


@dataclass
class _Part:
    """One group of vertices (a component or a network) as its own small igraph graph."""

    vertices: np.ndarray
    edges: np.ndarray
    graph: ig.Graph
    weights: np.ndarray


def _parts(
    group: np.ndarray,
    src: np.ndarray,
    dst: np.ndarray,
    weights: np.ndarray,
    *,
    min_vertices: int = 2,
) -> Iterator[_Part]:
    """Yield each group of ``min_vertices``+ vertices with edges, as a graph of its own.

    Only edges inside a group are kept. Vertices keep their relative (sorted id) order and
    edges their relative (sorted endpoint) order, so a group's graph never depends on the
    other groups analysed with it.
    """
    n = len(group)
    if n == 0:
        return
    n_groups = max(n, int(group.max()) + 1)  # group ids may run past n (groups of one)
    v_order = np.argsort(group, kind="stable")
    v_bounds = np.concatenate([[0], np.cumsum(np.bincount(group, minlength=n_groups))])
    local = np.empty(n, dtype=np.int64)
    local[v_order] = np.arange(n) - v_bounds[group[v_order]]
    inside = np.flatnonzero(group[src] == group[dst])
    edge_group = group[src[inside]]
    e_order = inside[np.argsort(edge_group, kind="stable")]
    e_bounds = np.concatenate([[0], np.cumsum(np.bincount(edge_group, minlength=n_groups))])
    has_edges = np.diff(e_bounds) > 0
    big_enough = np.diff(v_bounds) >= min_vertices
    for c in np.flatnonzero(has_edges & big_enough):
        vertices = v_order[v_bounds[c] : v_bounds[c + 1]]
        edges = e_order[e_bounds[c] : e_bounds[c + 1]]
        pairs = np.column_stack([local[src[edges]], local[dst[edges]]])
        graph = ig.Graph(n=len(vertices), edges=pairs.tolist())
        yield _Part(vertices, edges, graph, weights[edges])


def analyse_component(
    nodes: pd.DataFrame, edges: pd.DataFrame, *, params: GraphParams, run_id: str
) -> pd.DataFrame:
    """Person rows (all metrics) for one component, or for several whole components.

    Parameters
    ----------
    nodes : pd.DataFrame
        ``person_id``, ``harm_days`` and ``is_cse_nominal`` (other columns ignored) of
        whole components.
    edges : pd.DataFrame
        ``person_id_a``, ``person_id_b``, ``weight`` among those persons (cleaned as
        described in :mod:`graph_step.inputs`).
    params, run_id
        As for :func:`analyse_graph`.

    Returns
    -------
    pd.DataFrame
        ``PERSON_SCHEMA`` rows sorted by ``person_id``.
    """
    with phase("clean"):
        node_frame = clean_nodes(nodes)
        if len(node_frame) == 0:
            return empty_frame("person")
        edge_frame = clean_edges(edges, node_frame["person_id"])
        ids = node_frame["person_id"].reset_index(drop=True)
        harm = node_frame["harm_days"].to_numpy(dtype=np.float64)
        cse = node_frame["is_cse_nominal"].to_numpy(dtype=bool)
        n = len(ids)
        src, dst = edge_index(ids, edge_frame)
        weights = edge_frame["weight"].to_numpy(dtype=np.float64)
    with phase("components"):
        comp = component_index(n, src, dst)
        comp_size = np.bincount(comp)[comp]
    with phase("degree_strength_clustering_kcore_articulation"):
        union = ig.Graph(n=n, edges=np.column_stack([src, dst]).tolist())
        metrics = local_metrics(union, weights)

    with serial_openmp():
        per_component = _per_component_metrics(comp, src, dst, weights, harm, cse, params)
    network = per_component.pop("network")
    resolution = per_component.pop("resolution")
    runs = per_component.pop("runs")
    with phase("stability_network_stats_brokerage"):
        stability = _stability(network, runs)
        network_stats = _network_stats(
            comp, network, src, dst, weights, metrics["strength"], resolution
        )
        broker = brokerage_metrics(n, src, dst, weights, network)
    with phase("key_players"):
        k = params.key_player_k
        key_players = _greedy_by_group(network, src, dst, weights, k, columns=_NETWORK_KEYS)
        component_key_players = _greedy_by_group(
            _multi_network_components(comp, network), src, dst, weights, k, columns=_COMPONENT_KEYS
        )

    with phase("assemble"):
        network_size = np.bincount(network, minlength=n)[network]
        comp_betweenness_pairs = (comp_size - 1) * (comp_size - 2) / 2.0
        persons = pd.DataFrame(
            {
                "person_id": ids.to_numpy(dtype=object),
                "component_id": component_labels(ids, comp),
                "network_id": (NETWORK_PREFIX + ids.iloc[network].astype(str)).to_numpy(),
                "component_size": comp_size,
                "network_size": network_size,
                "harm_days": harm,
                **{k: metrics[k] for k in ("degree", "strength")},
                "betweenness": per_component["betweenness"],
                "betweenness_normalised": np.divide(
                    per_component["betweenness"],
                    comp_betweenness_pairs,
                    out=np.zeros(n),
                    where=comp_betweenness_pairs > 0,
                ),
                "betweenness_sample_size": per_component["sample_size"],
                "harmonic_closeness": per_component["harmonic_closeness"],
                "harmonic_sample_size": per_component["sample_size"].copy(),
                **{k: per_component[k] for k in ("eigenvector", "pagerank")},
                **{k: per_component[k] for k in ("harm_pagerank", "harm_flow_days")},
                **{k: metrics[k] for k in ("clustering", "coreness", "is_articulation_point")},
                **broker,
                **network_stats,
                "network_stability": stability,
                "network_resolution": resolution,
                **key_players,
                **component_key_players,
                "run_id": run_id,
                "algorithm": ALGORITHM,
                "parameters": params.to_json(),
            }
        )
        return to_schema(persons, "person")


def _per_component_metrics(
    comp: np.ndarray,
    src: np.ndarray,
    dst: np.ndarray,
    weights: np.ndarray,
    harm: np.ndarray,
    cse: np.ndarray,
    params: GraphParams,
) -> dict:
    """Metrics that need each component's own graph: paths, eigenvector, PageRanks, Leiden.

    Returns arrays per vertex; ``network`` holds network codes (the vertex position of each
    network's smallest member: unique across components, ordered like the labels),
    ``resolution`` the level each component's networks were found at, and ``runs`` the
    codes of the stability runs.
    """
    n = len(comp)
    # Defaults are the values of isolated persons; components with edges overwrite them.
    out = {
        "betweenness": np.zeros(n),
        "harmonic_closeness": np.zeros(n),
        "sample_size": pd.array([pd.NA] * n, dtype="Int64"),
        "eigenvector": np.zeros(n),
        "pagerank": np.ones(n),
        "harm_pagerank": np.ones(n),
        "harm_flow_days": harm.copy(),
        "network": np.arange(n, dtype=np.int64),
        "resolution": np.full(n, params.leiden_resolution),
    }
    runs = [out["network"].copy() for _ in range(params.stability_runs)]
    damping = params.pagerank_damping
    for part in _parts(comp, src, dst, weights):
        g, w, v = part.graph, part.weights, part.vertices
        size = g.vcount()
        with phase("betweenness_harmonic"):
            if size > params.exact_betweenness_max_nodes:
                b, h, k = sampled_paths(
                    g, 1.0 / w, samples=params.betweenness_samples, seed=params.seed
                )
                out["sample_size"][v] = k
            else:
                b, h = exact_paths(g, 1.0 / w)
            out["betweenness"][v], out["harmonic_closeness"][v] = b, h
        with phase("eigenvector"):
            out["eigenvector"][v] = eigenvector(g, w)
        with phase("pagerank"):
            out["pagerank"][v] = pagerank(g, w, damping=damping) * size
        with phase("harm_pagerank"):
            out["harm_pagerank"][v], out["harm_flow_days"][v] = harm_pagerank(
                g, w, harm[v], damping=damping
            )
        with phase("leiden"):
            out["network"][v], out["resolution"][v] = _part_networks(
                part, params, params.seed, cse[v]
            )
        with phase("leiden_stability_runs"):
            for i, run in enumerate(runs):
                run[v], _ = _part_networks(part, params, params.seed + 1 + i, cse[v])
    return {**out, "runs": runs}


def _part_networks(
    part: _Part, params: GraphParams, seed: int, cse: np.ndarray
) -> tuple[np.ndarray, float]:
    """Network codes of one component's vertices (the position of each network's first
    member) and the resolution they were found at.

    A component of at most ``min_community_size`` persons is one network. Larger ones are
    split by Leiden with ``seed`` at the base resolution; where that leaves persons with
    and without CSE evidence (``cse``) in one network, each finer level of
    ``params.leiden_finer_resolutions`` is tried and the coarsest that mixes them least is
    kept (:func:`graph_step.communities.choose_level`; docs block ``community_choice``).
    """
    if part.graph.vcount() <= params.min_community_size:
        return np.full(len(part.vertices), part.vertices[0]), params.leiden_resolution
    levels = params.levels
    local = [_leiden(part.graph, part.weights, params, seed, levels[0])]
    if cse_mixing(local[0], cse) > 0:
        local += [_leiden(part.graph, part.weights, params, seed, r) for r in levels[1:]]
    chosen = choose_level(local, cse)
    return part.vertices[_first_member(local[chosen])[local[chosen]]], levels[chosen]


def network_partition(
    nodes: pd.DataFrame, edges: pd.DataFrame, *, params: GraphParams, seed: int | None = None
) -> pd.Series:
    """Networks only (no centralities): each person's network code, as the graph step finds it.

    The same cleaning, components and per-component Leiden as :func:`analyse_component`
    (``seed`` defaults to ``params.seed``), for sweeps of the community parameters
    (``benchmarks.community_sweep``).

    Returns
    -------
    pd.Series
        Indexed by ``person_id``: an int network code (persons of one network share it).
    """
    node_frame = clean_nodes(nodes)
    edge_frame = clean_edges(edges, node_frame["person_id"])
    ids = node_frame["person_id"].reset_index(drop=True)
    src, dst = edge_index(ids, edge_frame)
    weights = edge_frame["weight"].to_numpy(dtype=np.float64)
    cse = node_frame["is_cse_nominal"].to_numpy(dtype=bool)
    comp = component_index(len(ids), src, dst)
    network = np.arange(len(ids), dtype=np.int64)
    with serial_openmp():
        for part in _parts(comp, src, dst, weights):
            network[part.vertices], _ = _part_networks(
                part, params, params.seed if seed is None else seed, cse[part.vertices]
            )
    return pd.Series(network, index=ids.to_numpy(dtype=object), name="network")


def _greedy_by_group(
    group: np.ndarray,
    src: np.ndarray,
    dst: np.ndarray,
    weights: np.ndarray,
    k: int,
    *,
    columns: tuple[str, str, str],
) -> dict:
    """Greedy key players of every group of 3+ persons with edges (only edges inside a
    group count), as per-person columns named ``columns``: the group's fragmentation
    before any removal, the person's removal order (null when not a key player) and the
    fragmentation after it."""
    n = len(group)
    before_all = np.zeros(n)
    order_all = pd.array([pd.NA] * n, dtype="Int64")
    after_all = np.full(n, np.nan)
    for part in _parts(group, src, dst, weights, min_vertices=3):
        members = part.vertices
        before, removed = greedy_key_players(part.graph, k)
        before_all[members] = before
        for order, (pos, after) in enumerate(removed, start=1):
            order_all[members[pos]] = order
            after_all[members[pos]] = after
    return dict(zip(columns, (before_all, order_all, after_all), strict=True))


def _multi_network_components(comp: np.ndarray, network: np.ndarray) -> np.ndarray:
    """Groups for the component-level key players: a person's component where it holds
    two or more networks (issue 17: where networks are joined by bridges, the bridge
    person is the point of disruption, which a search inside each network cannot name),
    else a group of the person alone (ids past n, which the search passes over): a
    component that is one network has its network's own key players already."""
    n = len(comp)
    pairs = np.unique(np.column_stack([comp, network]), axis=0)
    n_networks = np.bincount(pairs[:, 0], minlength=n)
    return np.where(n_networks[comp] >= 2, comp, n + np.arange(n))


def _leiden(
    g: ig.Graph, w: np.ndarray, params: GraphParams, seed: int, resolution: float
) -> np.ndarray:
    return leiden_membership(
        g,
        weights=w,
        seed=seed,
        resolution=resolution,
        iterations=params.leiden_iterations,
    )


def _first_member(membership: np.ndarray) -> np.ndarray:
    """Local position of the first (smallest-id) member of each community number."""
    _, first = np.unique(membership, return_index=True)
    return first


def _stability(network: np.ndarray, runs: list[np.ndarray]) -> np.ndarray:
    """Mean best-match Jaccard of each person's network over the extra runs (NaN if none)."""
    if not runs:
        return np.full(len(network), np.nan)
    total = pd.Series(0.0, index=np.unique(network))
    for other in runs:
        total = total + best_match_jaccard(network, other)
    return (total / len(runs)).reindex(network).to_numpy()


def _network_stats(
    comp: np.ndarray,
    network: np.ndarray,
    src: np.ndarray,
    dst: np.ndarray,
    weights: np.ndarray,
    strength: np.ndarray,
    resolution: np.ndarray,
) -> dict[str, np.ndarray]:
    """Per-person copies of their network's edge count, weight, density and modularity.

    The modularity contribution is taken within the component (the Leiden objective):
    w_in / m_c - resolution * (S / 2 m_c)^2, with w_in the network's internal weight,
    S its members' total strength, m_c the component's total weight and resolution the
    level the component was split at (per person); 0 without edges.
    """
    n = len(comp)
    inside = network[src] == network[dst]
    n_edges = np.bincount(network[src][inside], minlength=n)
    total_weight = np.bincount(network[src][inside], weights=weights[inside], minlength=n)
    size = np.bincount(network, minlength=n)
    pairs = size * (size - 1) / 2.0
    density = np.divide(n_edges, pairs, out=np.zeros(n), where=pairs > 0)
    comp_weight = np.bincount(comp[src], weights=weights, minlength=n)[comp]
    net_strength = np.bincount(network, weights=strength, minlength=n)
    m = comp_weight  # already per person
    with np.errstate(divide="ignore", invalid="ignore"):
        modularity = np.where(
            m > 0,
            total_weight[network] / m - resolution * (net_strength[network] / (2 * m)) ** 2,
            0.0,
        )
    return {
        "network_n_edges": n_edges[network].astype(np.int64),
        "network_total_weight": total_weight[network],
        "network_density": density[network],
        "network_modularity": modularity,
    }


def analyse_graph(
    nodes: pd.DataFrame, edges: pd.DataFrame, *, params: GraphParams, run_id: str
) -> GraphResult:
    """Run the whole graph step in process.

    Parameters
    ----------
    nodes : pd.DataFrame
        Output of ``graph_nodes`` (``person_id``, ``harm_days``, ...).
    edges : pd.DataFrame
        Output of ``graph_edges`` (``person_id_a``, ``person_id_b``, ``weight``, ...).
    params : GraphParams
        Run parameters.
    run_id : str
        Identifier carried on every row.

    Returns
    -------
    GraphResult
    """
    with phase("clean"):
        node_frame = clean_nodes(nodes)
        edge_frame = clean_edges(edges, node_frame["person_id"])
    # All components in one call: values depend only on each person's own component.
    persons = analyse_component(node_frame, edge_frame, params=params, run_id=run_id)
    log.info("graph step: %d persons, %d links analysed", len(persons), len(edge_frame))
    with phase("network_bridge_key_player_tables"):
        return GraphResult(
            persons=persons,
            networks=networks_from_persons(persons),
            bridges=bridges_from_persons(persons, edge_frame),
            key_players=key_players_from_persons(persons),
        )
