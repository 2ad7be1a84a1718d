"""Networks: Leiden communities inside each component, stable labels and a stability score.

Leiden runs per component (never on the whole graph, whose modularity null model would
leave mid-size components unsplit), with modularity on the edge weights and a fixed seed.
Components with at most ``min_community_size`` persons are kept whole. A network is
labelled ``"N_" + <smallest member person_id>``.

The level is chosen per component (docs block ``community_choice``): Leiden runs at the
base resolution and, where that leaves people with and without CSE evidence in one
network, at each finer resolution of ``GraphParams.leiden_finer_resolutions``; the
coarsest level that mixes them least is kept (:func:`choose_level`). A component whose
networks are already pure keeps the base level, so a finer level is used only where it
separates an offender group's CSE core from a crowd tied to it by other crime.

Stability of a network = mean, over extra runs with seeds ``seed + 1 .. seed + r``, of the
best-match Jaccard similarity between the network and the communities of that run.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import igraph as ig
import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from cdlib import NodeClustering

__all__ = [
    "NETWORK_PREFIX",
    "as_node_clustering",
    "best_match_jaccard",
    "choose_level",
    "cse_mixing",
    "leiden_membership",
    "seeded_igraph",
]

NETWORK_PREFIX = "N_"


@contextmanager
def seeded_igraph(seed: int) -> Iterator[None]:
    """Run igraph's random processes from a private ``random.Random(seed)``.

    igraph draws from one process-wide generator; a fresh seeded generator per call makes
    each component's result depend on that component only. The default generator (the
    ``random`` module) is restored afterwards.
    """
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def leiden_membership(
    graph: ig.Graph, *, weights: np.ndarray, seed: int, resolution: float, iterations: int
) -> np.ndarray:
    """Return Leiden (modularity, weighted) community numbers, renumbered by smallest vertex.

    Parameters
    ----------
    graph : ig.Graph
        One connected component; vertex order = sorted person ids.
    weights : np.ndarray
        Edge weights in ``graph``'s edge order.
    seed : int
        Seed of this run.
    resolution : float
        Modularity resolution.
    iterations : int
        Leiden iterations (negative: until stable).

    Returns
    -------
    np.ndarray
        int64 community number per vertex; community 0 holds vertex 0, and so on.
    """
    with seeded_igraph(seed):
        raw = graph.community_leiden(
            objective_function="modularity",
            weights=list(weights),
            resolution=resolution,
            n_iterations=iterations,
        ).membership
    raw = np.asarray(raw, dtype=np.int64)
    _, first = np.unique(raw, return_index=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    return rank[raw]


def cse_mixing(membership: np.ndarray, cse: np.ndarray) -> int:
    """Persons on the minority side of CSE evidence in their network, summed over networks.

    Parameters
    ----------
    membership : np.ndarray
        Community number per vertex (0 .. k-1).
    cse : np.ndarray
        bool per vertex: the person has CSE evidence (``graph_nodes.is_cse_nominal``).

    Returns
    -------
    int
        0 when every network is all-CSE or all-non-CSE; a network of 5 CSE offenders and
        7 other offenders counts 5.
    """
    if len(membership) == 0:
        return 0
    n_groups = int(membership.max()) + 1
    size = np.bincount(membership, minlength=n_groups)
    with_evidence = np.bincount(membership[cse.astype(bool)], minlength=n_groups)
    return int(np.minimum(with_evidence, size - with_evidence).sum())


def choose_level(memberships: list[np.ndarray], cse: np.ndarray) -> int:
    """Index of the coarsest partition that mixes CSE and non-CSE persons least.

    Parameters
    ----------
    memberships : list of np.ndarray
        Partitions of one component, coarsest (base resolution) first.
    cse : np.ndarray
        bool per vertex, as for :func:`cse_mixing`.

    Returns
    -------
    int
        Position in ``memberships``; ties go to the coarser partition (an analyst splits
        a network more easily than joins two).
    """
    return int(np.argmin([cse_mixing(m, cse) for m in memberships]))


def best_match_jaccard(base: np.ndarray, other: np.ndarray) -> pd.Series:
    """Best-match Jaccard similarity of each ``base`` group against the ``other`` groups.

    Parameters
    ----------
    base, other : np.ndarray
        Integer group labels per vertex (two partitions of the same vertices).

    Returns
    -------
    pd.Series
        Indexed by base label: max over other groups B of |A & B| / |A | B|.
    """
    pairs = pd.DataFrame({"a": base, "b": other})
    inter = pairs.groupby(["a", "b"], sort=False).size().rename("inter").reset_index()
    size_a = pairs.groupby("a").size()
    size_b = pairs.groupby("b").size()
    union = size_a.loc[inter["a"]].to_numpy() + size_b.loc[inter["b"]].to_numpy() - inter["inter"]
    inter["jaccard"] = inter["inter"] / union
    return inter.groupby("a")["jaccard"].max()


def as_node_clustering(
    persons: pd.DataFrame, edges: pd.DataFrame, *, method_parameters: dict | None = None
) -> NodeClustering:
    """Wrap the networks in a cdlib ``NodeClustering`` for evaluation (modularity, NMI, ...).

    The graph handed to cdlib is an igraph graph with the original person ids as vertex
    names (cdlib mislabels relabelled-integer networkx graphs).

    Parameters
    ----------
    persons : pd.DataFrame
        Person rows with ``person_id`` and ``network_id``.
    edges : pd.DataFrame
        Edges ``person_id_a``, ``person_id_b``, ``weight``.
    method_parameters : dict or None
        Recorded on the clustering (e.g. the run parameters).

    Returns
    -------
    cdlib.NodeClustering
    """
    from cdlib import NodeClustering

    names = sorted(persons["person_id"].astype(str))
    graph = ig.Graph()
    graph.add_vertices(names)
    graph.add_edges(list(zip(edges["person_id_a"], edges["person_id_b"], strict=True)))
    graph.es["weight"] = list(edges["weight"].astype(float))
    ordered = persons.sort_values(["network_id", "person_id"], kind="stable")
    groups = [list(g) for _, g in ordered.groupby("network_id", sort=True)["person_id"]]
    return NodeClustering(
        groups,
        graph,
        method_name="igraph-leiden-modularity",
        method_parameters=method_parameters or {},
    )
