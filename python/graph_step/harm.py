"""Harm-weighted PageRank: PageRank personalised by each person's harm_days.

Teleports land on persons in proportion to the crime harm attributed to them, so people
linked to high-harm offenders rise. Computed per component; a component with no harm at
all falls back to uniform teleport (plain PageRank).

Outputs per person: ``harm_pagerank`` (sums to 1 over the component) and
``harm_flow_days`` = ``harm_pagerank`` x the component's total harm_days, i.e. the share
of the component's harm that flows to the person, comparable across components
(= whole-graph harm-personalised PageRank x total harm of the graph).
"""

from __future__ import annotations

import igraph as ig
import numpy as np

from graph_step.centrality import pagerank

__all__ = ["harm_pagerank"]


def harm_pagerank(
    graph: ig.Graph, weights: np.ndarray, harm: np.ndarray, *, damping: float
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(harm_pagerank, harm_flow_days)`` for one component.

    Parameters
    ----------
    graph, weights, damping
        As for :func:`graph_step.centrality.pagerank`.
    harm : np.ndarray
        Non-negative harm_days per vertex.

    Returns
    -------
    tuple of np.ndarray
    """
    total = float(harm.sum())
    reset = harm / total if total > 0 else None
    values = pagerank(graph, weights, damping=damping, reset=reset)
    return values, values * total
