"""Defensive cleaning of the node and edge inputs.

Rules (applied identically by the in-process and the Spark paths):

- nodes: ``person_id`` cast to string, null ids dropped; ``harm_days`` null, non-finite or
  negative becomes 0; ``is_cse_nominal`` (CSE evidence, read by the per-component level
  choice) null or absent becomes false; a duplicated ``person_id`` keeps its largest
  ``harm_days`` and is a CSE nominal if any of its rows is.
- edges: endpoints cast to string and put in canonical order (a < b); self loops, null
  endpoints, endpoints missing from the nodes, and weights that are null, non-finite or
  <= 0 are dropped (a zero weight is no evidence of a link, and distances are 1 / weight);
  a duplicated pair keeps its largest weight (a repeated row is the same evidence twice,
  so summing would double count it).

Both frames come back sorted by their keys, which makes every later step independent of
input row order.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

__all__ = ["clean_edges", "clean_nodes"]

log = logging.getLogger(__name__)


def clean_nodes(nodes: pd.DataFrame) -> pd.DataFrame:
    """Return one row per person: ``person_id`` (sorted), ``harm_days``, ``is_cse_nominal``.

    Parameters
    ----------
    nodes : pd.DataFrame
        Must hold ``person_id``; ``harm_days`` (0 when absent) and ``is_cse_nominal``
        (false when absent) are optional.

    Returns
    -------
    pd.DataFrame
        Columns ``person_id`` (str), ``harm_days`` (float64) and ``is_cse_nominal``
        (bool), unique and sorted.
    """
    if len(nodes) == 0:
        return pd.DataFrame(
            {
                "person_id": pd.Series(dtype=object),
                "harm_days": pd.Series(dtype="float64"),
                "is_cse_nominal": pd.Series(dtype=bool),
            }
        )
    ids = nodes["person_id"]
    keep = ids.notna().to_numpy()
    harm = (
        pd.to_numeric(nodes["harm_days"], errors="coerce")
        if "harm_days" in nodes.columns
        else pd.Series(0.0, index=nodes.index)
    )
    harm = harm.to_numpy(dtype="float64", na_value=np.nan)
    harm = np.where(np.isfinite(harm) & (harm > 0), harm, 0.0)
    cse = (
        nodes["is_cse_nominal"].astype("boolean").fillna(False).to_numpy(dtype=bool)
        if "is_cse_nominal" in nodes.columns
        else np.zeros(len(nodes), dtype=bool)
    )
    out = pd.DataFrame(
        {
            "person_id": ids.to_numpy()[keep].astype(str),
            "harm_days": harm[keep],
            "is_cse_nominal": cse[keep],
        }
    )
    out = out.groupby("person_id", sort=True, as_index=False).agg(
        harm_days=("harm_days", "max"), is_cse_nominal=("is_cse_nominal", "max")
    )
    if len(out) < len(nodes):
        log.info("graph nodes: %d input rows reduced to %d persons", len(nodes), len(out))
    return out


def clean_edges(edges: pd.DataFrame, person_ids: pd.Series | None = None) -> pd.DataFrame:
    """Return canonical, unique, positive-weight edges sorted by ``(person_id_a, person_id_b)``.

    Parameters
    ----------
    edges : pd.DataFrame
        Must hold ``person_id_a``, ``person_id_b`` and ``weight``.
    person_ids : pd.Series or None
        Known persons; edges touching anyone else are dropped. ``None`` keeps all.

    Returns
    -------
    pd.DataFrame
        Columns ``person_id_a`` < ``person_id_b`` (str) and ``weight`` (float64 > 0).
    """
    empty = pd.DataFrame(
        {
            "person_id_a": pd.Series(dtype=object),
            "person_id_b": pd.Series(dtype=object),
            "weight": pd.Series(dtype="float64"),
        }
    )
    if len(edges) == 0:
        return empty
    a = edges["person_id_a"]
    b = edges["person_id_b"]
    w = pd.to_numeric(edges["weight"], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    keep = (a.notna() & b.notna()).to_numpy() & np.isfinite(w) & (w > 0)
    a = a.to_numpy()[keep].astype(str)
    b = b.to_numpy()[keep].astype(str)
    w = w[keep]
    lo = np.where(a < b, a, b)
    hi = np.where(a < b, b, a)
    frame = pd.DataFrame({"person_id_a": lo, "person_id_b": hi, "weight": w})
    frame = frame[frame["person_id_a"] != frame["person_id_b"]]
    if person_ids is not None:
        known = pd.Index(person_ids)
        frame = frame[frame["person_id_a"].isin(known) & frame["person_id_b"].isin(known)]
    frame = frame.groupby(["person_id_a", "person_id_b"], sort=True, as_index=False)["weight"].max()
    if len(frame) < len(edges):
        log.info("graph edges: %d input rows reduced to %d links", len(edges), len(frame))
    if len(frame) == 0:
        return empty
    return frame.reset_index(drop=True)
