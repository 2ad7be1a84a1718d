"""Brokerage across networks: participation coefficient, linked networks, bridge edges.

- participation coefficient (Guimera & Amaral, on strength):
  P_i = 1 - sum_s (k_is / k_i)^2, where k_is is the weight of i's links into network s
  (its own included) and k_i its strength; 0 for isolated persons.
- ``n_linked_networks``: other networks that i has at least one link into.
- ``n_bridge_edges``: i's links whose other end is in a different network.
- bridge edges: every edge whose endpoints are in different networks. Listed in both
  directions: ``person_id_a`` is always the endpoint in ``network_id`` and
  ``person_id_b`` the endpoint in ``linked_network_id`` (so a network's links are one
  filter away, as ``fct_network_links`` needs).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["bridge_rows", "brokerage_metrics"]


def brokerage_metrics(
    n_vertices: int,
    src: np.ndarray,
    dst: np.ndarray,
    weights: np.ndarray,
    network: np.ndarray,
) -> dict[str, np.ndarray]:
    """Participation coefficient, linked networks and bridge-edge count per vertex.

    Parameters
    ----------
    n_vertices : int
        Number of vertices.
    src, dst : np.ndarray
        Edge endpoints (vertex positions).
    weights : np.ndarray
        Edge weights (> 0).
    network : np.ndarray
        Integer network code per vertex.

    Returns
    -------
    dict of np.ndarray
        ``participation_coefficient``, ``n_linked_networks``, ``n_bridge_edges``.
    """
    vertex = np.concatenate([src, dst])
    other_net = np.concatenate([network[dst], network[src]])
    weight = np.concatenate([weights, weights])
    ends = pd.DataFrame({"v": vertex, "s": other_net, "w": weight})
    per_net = ends.groupby(["v", "s"], sort=True)["w"].sum().reset_index()
    strength = np.bincount(vertex, weights=weight, minlength=n_vertices)
    share = per_net["w"].to_numpy() / strength[per_net["v"].to_numpy()]
    concentration = np.bincount(per_net["v"], weights=share**2, minlength=n_vertices)
    participation = np.where(strength > 0, 1.0 - concentration, 0.0)
    # Rounding can leave -1e-17 for persons linked into one network only.
    participation = np.clip(participation, 0.0, 1.0)
    foreign = per_net["s"].to_numpy() != network[per_net["v"].to_numpy()]
    linked = np.bincount(per_net["v"].to_numpy()[foreign], minlength=n_vertices)
    crossing = network[src] != network[dst]
    bridges = np.bincount(src[crossing], minlength=n_vertices) + np.bincount(
        dst[crossing], minlength=n_vertices
    )
    return {
        "participation_coefficient": participation,
        "n_linked_networks": linked.astype(np.int64),
        "n_bridge_edges": bridges.astype(np.int64),
    }


def bridge_rows(persons: pd.DataFrame, edges: pd.DataFrame) -> pd.DataFrame:
    """Inter-network edges in both directions, sorted.

    Parameters
    ----------
    persons : pd.DataFrame
        ``person_id`` and ``network_id`` of every endpoint.
    edges : pd.DataFrame
        Clean edges ``person_id_a``, ``person_id_b``, ``weight``.

    Returns
    -------
    pd.DataFrame
        ``network_id``, ``linked_network_id``, ``person_id_a``, ``person_id_b``, ``weight``.
    """
    net = persons.set_index("person_id")["network_id"]
    a_net = net.reindex(edges["person_id_a"]).to_numpy()
    b_net = net.reindex(edges["person_id_b"]).to_numpy()
    crossing = a_net != b_net
    a = edges["person_id_a"].to_numpy()[crossing]
    b = edges["person_id_b"].to_numpy()[crossing]
    w = edges["weight"].to_numpy()[crossing]
    out = pd.DataFrame(
        {
            "network_id": np.concatenate([a_net[crossing], b_net[crossing]]),
            "linked_network_id": np.concatenate([b_net[crossing], a_net[crossing]]),
            "person_id_a": np.concatenate([a, b]),
            "person_id_b": np.concatenate([b, a]),
            "weight": np.concatenate([w, w]).astype(np.float64),
        }
    )
    keys = ["network_id", "linked_network_id", "person_id_a", "person_id_b"]
    return out.sort_values(keys, kind="stable").reset_index(drop=True)
