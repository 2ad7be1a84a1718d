"""Parameters of the graph step, as a frozen dataclass that serialises to stable JSON."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["GraphParams"]


@dataclass(frozen=True)
class GraphParams:
    """Tunable parameters of the graph step.

    Attributes
    ----------
    seed : int
        Seed of every random process (Leiden, betweenness / closeness pivots).
    leiden_resolution : float
        Resolution of the modularity objective; higher gives smaller networks.
    leiden_iterations : int
        Leiden iterations per run. Negative means "until the partition stops improving",
        which took minutes on some mid-size components of the 100k benchmark graph.
    min_community_size : int
        Components with at most this many persons are kept whole as one network.
    stability_runs : int
        Extra Leiden runs (seeds ``seed + 1 .. seed + stability_runs``) used to
        score how stable each network is; 0 disables the score (null).
    exact_betweenness_max_nodes : int
        Components larger than this get sampled (approximate) betweenness and
        harmonic closeness; smaller ones are exact.
    betweenness_samples : int
        Number of pivot (source) persons sampled in large components.
    key_player_k : int
        Size of the greedy key-player set per network.
    pagerank_damping : float
        Damping factor of both PageRank variants.
    """

    seed: int = 42
    leiden_resolution: float = 1.0
    leiden_iterations: int = 5
    min_community_size: int = 3
    stability_runs: int = 5
    exact_betweenness_max_nodes: int = 2000
    betweenness_samples: int = 500
    key_player_k: int = 3
    pagerank_damping: float = 0.85

    def __post_init__(self) -> None:
        if self.leiden_resolution <= 0:
            raise ValueError("leiden_resolution must be > 0")
        if not 0.0 < self.pagerank_damping < 1.0:
            raise ValueError("pagerank_damping must be in (0, 1)")
        for name in (
            "min_community_size",
            "stability_runs",
            "exact_betweenness_max_nodes",
            "key_player_k",
        ):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0")
        if self.betweenness_samples < 1:
            raise ValueError("betweenness_samples must be >= 1")

    @classmethod
    def from_dict(cls, values: Mapping[str, Any] | None = None) -> GraphParams:
        """Build parameters from a mapping such as dbt ``vars``.

        Unknown keys raise ``ValueError`` so a misspelt var is not silently ignored.
        Values are cast to the field's type (dbt vars often arrive as strings).

        Parameters
        ----------
        values : Mapping[str, Any] or None
            Parameter names and values; missing names keep their defaults.

        Returns
        -------
        GraphParams
        """
        values = dict(values or {})
        fields = {f.name: f for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - set(fields))
        if unknown:
            raise ValueError(f"unknown graph parameters: {unknown}")
        casts = {"int": int, "float": float}
        kwargs = {
            name: casts[str(fields[name].type)](value)
            for name, value in values.items()
            if value is not None
        }
        return cls(**kwargs)

    def to_dict(self) -> dict[str, Any]:
        """Return the parameters as a plain dict."""
        return dataclasses.asdict(self)

    def to_json(self) -> str:
        """Return the parameters as compact JSON with sorted keys (stable across runs)."""
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
