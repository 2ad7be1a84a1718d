"""Person centralities with igraph.

Definitions (networkx is the reference in the tests):

- degree: number of distinct linked persons; strength: sum of link weights.
- betweenness: unnormalised shortest-path betweenness (each unordered pair once, as
  ``networkx.betweenness_centrality(normalized=False)``) with distance = 1 / weight.
  Pairs in different components contribute nothing, so the per-component value equals
  the whole-graph value. ``betweenness_normalised`` divides by (n_c - 1)(n_c - 2) / 2 of
  the person's component. Components above a size threshold get the Brandes-Pich pivot
  estimate (sampled sources, scaled by n / k).
- harmonic closeness: sum over other persons of 1 / distance (distance 1 / weight,
  unreachable = 0), as ``networkx.harmonic_centrality``; not divided by the component
  size, so persons in pairs do not outrank brokers of large networks. Sampled like
  betweenness above the threshold.
- eigenvector: weighted, computed per component, scaled so the component's maximum is 1;
  0 for isolated persons. igraph's ARPACK solver draws its start vector from igraph's
  random generator (by default Python's global ``random``), which moved the values by up
  to 1e-12 from run to run; it now runs from a fixed-seed private generator, so the
  values are the same bit for bit in every run and in any grouping of components.
- pagerank: weighted PageRank per component, multiplied by the component size (so the
  average person scores 1, and the value equals whole-graph PageRank x N when nobody is
  isolated); isolated persons score 1.
- clustering: unweighted local clustering coefficient (0 for degree < 2), as
  ``networkx.clustering`` without weights.
- coreness: unweighted k-core number; articulation point: removal splits the component.

igraph's PageRank solver (PRPACK) runs components of more than 512 persons as OpenMP
parallel loops. On a busy machine the OpenMP threads spin-wait for each other: one
PageRank of an 800-person component took 0.6 CPU s instead of 1 ms (100k benchmark:
4.7 of 34 CPU s), and the parallel result changed in the 12th significant digit from
call to call with thread timing. :func:`serial_openmp` limits OpenMP to one thread
around the graph step: same solver and accuracy (6.5e-12 relative to a tight networkx
solve on a 900-person grid, as with threads), reproducible bit for bit.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import igraph as ig
import numpy as np

from graph_step.communities import seeded_igraph

__all__ = [
    "eigenvector",
    "exact_paths",
    "local_metrics",
    "pagerank",
    "sampled_paths",
    "serial_openmp",
]

# Seed of the ARPACK start vector (numerical, not a modelling choice: not ``params.seed``).
EIGENVECTOR_SEED = 0


@contextmanager
def serial_openmp() -> Iterator[None]:
    """Run the block with OpenMP limited to one thread (restored afterwards).

    Uses ``threadpoolctl`` (a scikit-learn dependency); without it the block runs
    unchanged, which gives the same values, only slower on a loaded machine.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - installed with scikit-learn
        yield
        return
    with threadpool_limits(limits=1, user_api="openmp"):
        yield


def local_metrics(graph: ig.Graph, weights: np.ndarray) -> dict[str, np.ndarray]:
    """Degree, strength, clustering, coreness and articulation flag for every vertex.

    These are local to each component, so one call covers a union of components.

    Parameters
    ----------
    graph : ig.Graph
        Simple undirected graph.
    weights : np.ndarray
        Edge weights in ``graph``'s edge order.

    Returns
    -------
    dict of np.ndarray
        Keys ``degree``, ``strength``, ``clustering``, ``coreness``,
        ``is_articulation_point``.
    """
    n = graph.vcount()
    articulation = np.zeros(n, dtype=bool)
    if n == 0:
        empty = np.zeros(0)
        return {
            "degree": empty.astype(np.int64),
            "strength": empty,
            "clustering": empty,
            "coreness": empty.astype(np.int64),
            "is_articulation_point": articulation,
        }
    articulation[graph.articulation_points()] = True
    return {
        "degree": np.asarray(graph.degree(), dtype=np.int64),
        "strength": np.asarray(graph.strength(weights=list(weights)), dtype=np.float64),
        "clustering": np.asarray(graph.transitivity_local_undirected(mode="zero")),
        "coreness": np.asarray(graph.coreness(), dtype=np.int64),
        "is_articulation_point": articulation,
    }


def exact_paths(graph: ig.Graph, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Exact betweenness and harmonic closeness on distances ``lengths``.

    Parameters
    ----------
    graph : ig.Graph
        One component (or a union of components).
    lengths : np.ndarray
        Edge lengths (1 / weight) in edge order.

    Returns
    -------
    tuple of np.ndarray
        ``(betweenness, harmonic)``.
    """
    if graph.ecount() == 0:
        zeros = np.zeros(graph.vcount())
        return zeros, zeros.copy()
    w = list(lengths)
    betweenness = np.asarray(graph.betweenness(directed=False, weights=w), dtype=np.float64)
    harmonic = np.asarray(graph.harmonic_centrality(weights=w, normalized=False))
    return betweenness, harmonic


def sampled_paths(
    graph: ig.Graph, lengths: np.ndarray, *, samples: int, seed: int, chunk: int = 16
) -> tuple[np.ndarray, np.ndarray, int]:
    """Pivot-sampled betweenness and harmonic closeness for one large component.

    ``k`` pivots are drawn without replacement (numpy generator seeded with ``seed``);
    betweenness = source-restricted betweenness x n / k; harmonic = each person's sum of
    1 / distance to the pivots other than itself, x (n - 1) / (number of those pivots).

    Parameters
    ----------
    graph : ig.Graph
        One connected component.
    lengths : np.ndarray
        Edge lengths (1 / weight) in edge order.
    samples : int
        Number of pivots; capped at the component size.
    seed : int
        Pivot sampling seed.
    chunk : int
        Pivots per distance call (bounds memory of the distance matrix).

    Returns
    -------
    tuple
        ``(betweenness, harmonic, k)``.
    """
    n = graph.vcount()
    k = min(samples, n)
    pivots = np.sort(np.random.default_rng(seed).choice(n, size=k, replace=False))
    w = list(lengths)
    raw = graph.betweenness(directed=False, weights=w, sources=pivots.tolist())
    betweenness = np.asarray(raw, dtype=np.float64) * (n / k)
    inverse_sum = np.zeros(n)
    for start in range(0, k, chunk):
        block = pivots[start : start + chunk].tolist()
        dist = np.asarray(graph.distances(source=block, weights=w), dtype=np.float64)
        with np.errstate(divide="ignore"):
            inv = 1.0 / dist
        inv[~np.isfinite(inv)] = 0.0  # self (distance 0) and unreachable
        inverse_sum += inv.sum(axis=0)
    is_pivot = np.zeros(n, dtype=bool)
    is_pivot[pivots] = True
    others = k - is_pivot.astype(np.int64)
    harmonic = np.where(others > 0, inverse_sum * (n - 1) / np.maximum(others, 1), 0.0)
    return betweenness, harmonic, k


def eigenvector(graph: ig.Graph, weights: np.ndarray) -> np.ndarray:
    """Weighted eigenvector centrality of one component, max scaled to 1 (0 if no edges)."""
    n = graph.vcount()
    if graph.ecount() == 0:
        return np.zeros(n)
    if n == 2:
        return np.ones(2)
    with warnings.catch_warnings():
        # igraph warns when some scores are near 0 (leaves of heavy stars); the graph is
        # one component, so the scores are still meaningful.
        warnings.filterwarnings("ignore", message="Some eigenvector centralities are nearly zero")
        with seeded_igraph(EIGENVECTOR_SEED):
            values = graph.eigenvector_centrality(weights=list(weights))
    values = np.asarray(values, dtype=np.float64)
    return values / values.max()


def pagerank(
    graph: ig.Graph,
    weights: np.ndarray,
    *,
    damping: float,
    reset: np.ndarray | None = None,
) -> np.ndarray:
    """Weighted (personalised) PageRank of one component, summing to 1 over it.

    Parameters
    ----------
    graph : ig.Graph
        One connected component.
    weights : np.ndarray
        Edge weights in edge order.
    damping : float
        Damping factor.
    reset : np.ndarray or None
        Teleport distribution (non-negative, not all zero); ``None`` is uniform.

    Returns
    -------
    np.ndarray
        PageRank per vertex (PRPACK solver, exact up to solver precision).
    """
    n = graph.vcount()
    if graph.ecount() == 0:
        return np.full(n, 1.0 / n) if n else np.zeros(0)
    values = graph.personalized_pagerank(
        directed=False,
        damping=damping,
        reset=None if reset is None else list(reset),
        weights=list(weights),
        implementation="prpack",
    )
    return np.asarray(values, dtype=np.float64)
