"""Parameters of the graph step, as a frozen dataclass that serialises to stable JSON.

The values are the project's dbt vars (``dbt_project.yml``, each with its reason beside
it); :data:`VAR_FIELDS` is the one table of which var sets which parameter. The
dataclass has no defaults, so no caller can run the step with values the product does
not use: a dbt model, a benchmark or a test builds its parameters from the vars
(:meth:`GraphParams.from_vars`) or spells every one out.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

__all__ = ["VAR_FIELDS", "GraphParams"]


def _floats(value: Any) -> tuple[float, ...]:
    """A list of floats from a dbt var: a list, or its JSON / comma-separated text."""
    if isinstance(value, str):
        text = value.strip().strip('"')
        value = json.loads(text) if text.startswith("[") else [v for v in text.split(",") if v]
    return tuple(float(v) for v in value)


#: dbt var -> :class:`GraphParams` field: the graph step's vars, in one place. The
#: dbt model ``graph_person_metrics`` passes exactly these vars (config ``graph_vars``
#: in ``models/graph/_graph_step__models.yml``); a test holds the three to each other.
VAR_FIELDS: Mapping[str, str] = MappingProxyType(
    {
        "graph_seed": "seed",
        "graph_leiden_resolution": "leiden_resolution",
        "graph_leiden_finer_resolutions": "leiden_finer_resolutions",
        "graph_leiden_iterations": "leiden_iterations",
        "graph_min_community_size": "min_community_size",
        "graph_stability_runs": "stability_runs",
        "graph_exact_betweenness_max_nodes": "exact_betweenness_max_nodes",
        "graph_betweenness_samples": "betweenness_samples",
        "graph_key_player_k": "key_player_k",
        "graph_pagerank_damping": "pagerank_damping",
    }
)


@dataclass(frozen=True, kw_only=True)
class GraphParams:
    """Tunable parameters of the graph step (every one required, by keyword).

    Attributes
    ----------
    seed : int
        Seed of every random process (Leiden, betweenness / closeness pivots).
    leiden_resolution : float
        Resolution of the modularity objective (the base level); higher gives smaller
        networks.
    leiden_finer_resolutions : tuple of float
        Finer levels, ascending and each above ``leiden_resolution``, tried in a
        component only where the base level leaves people with and without CSE
        evidence in one network; the coarsest level that mixes them least is kept
        (:func:`graph_step.communities.choose_level`). Empty: the base level everywhere.
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

    seed: int
    leiden_resolution: float
    leiden_finer_resolutions: tuple[float, ...]
    leiden_iterations: int
    min_community_size: int
    stability_runs: int
    exact_betweenness_max_nodes: int
    betweenness_samples: int
    key_player_k: int
    pagerank_damping: float

    def __post_init__(self) -> None:
        if self.leiden_resolution <= 0:
            raise ValueError("leiden_resolution must be > 0")
        levels = self.levels
        if any(b <= a for a, b in itertools.pairwise(levels)):
            raise ValueError(
                "leiden_finer_resolutions must ascend, each above leiden_resolution: "
                f"{list(self.leiden_finer_resolutions)}"
            )
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
    def from_vars(cls, variables: Mapping[str, Any]) -> GraphParams:
        """Build parameters from dbt vars (var name -> value), through :data:`VAR_FIELDS`.

        Vars that are not the graph step's are ignored, so the whole of
        ``cse_networks.project.project_vars()`` can be passed; a graph-step var that is
        missing (or null) raises ``ValueError``.

        Parameters
        ----------
        variables : Mapping[str, Any]
            dbt vars, e.g. the config ``graph_vars`` of the dbt model or
            ``project_vars()``.

        Returns
        -------
        GraphParams
        """
        missing = [var for var in VAR_FIELDS if variables.get(var) is None]
        if missing:
            raise ValueError(f"graph-step vars without a value: {missing}")
        return cls.from_dict({field: variables[var] for var, field in VAR_FIELDS.items()})

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> GraphParams:
        """Build parameters from a mapping of field names (the inverse of :meth:`to_dict`).

        Unknown or missing (null) names raise ``ValueError``, so a misspelt name is not
        silently ignored. Values are cast to the field's type (dbt vars often arrive as
        strings).

        Parameters
        ----------
        values : Mapping[str, Any]
            Every parameter's name and value.

        Returns
        -------
        GraphParams
        """
        fields = {f.name: f for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - set(fields))
        if unknown:
            raise ValueError(f"unknown graph parameters: {unknown}")
        missing = [name for name in fields if values.get(name) is None]
        if missing:
            raise ValueError(f"graph parameters without a value: {missing}")
        casts = {"int": int, "float": float, "tuple[float, ...]": _floats}
        return cls(**{name: casts[str(fields[name].type)](values[name]) for name in fields})

    @property
    def levels(self) -> tuple[float, ...]:
        """The resolutions a component may be split at, coarsest (the base) first."""
        return (self.leiden_resolution, *self.leiden_finer_resolutions)

    def to_dict(self) -> dict[str, Any]:
        """Return the parameters as a plain dict (tuples as lists, as JSON has them)."""
        values = dataclasses.asdict(self)
        values["leiden_finer_resolutions"] = list(self.leiden_finer_resolutions)
        return values

    def to_json(self) -> str:
        """Return the parameters as compact JSON with sorted keys (stable across runs)."""
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
