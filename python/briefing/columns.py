"""The one place that maps mart tables and columns to the names the renderer uses.

Contract marts (``contract/outputs.yml`` in the repository) keep their names; the other
marts are young and their column names may shift, so every column the renderer reads
is listed here with the names it may appear under. ``normalise_frames`` renames to the
canonical name, fills absent optional columns and turns array columns into lists.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "COMPONENTS",
    "IDENTITY_TABLE",
    "OPTIONAL_TABLES",
    "REQUIRED_TABLES",
    "TABLES",
    "BriefingDataError",
    "TableSpec",
    "as_list",
    "normalise_frames",
    "normalise_table",
    "source_columns",
]

IDENTITY_TABLE = "dim_person_identities"


class BriefingDataError(RuntimeError):
    """A mart needed for the briefing is missing or lacks a required column."""


@dataclass(frozen=True)
class TableSpec:
    """Columns of one mart: canonical name -> names it may appear under (first wins).

    ``required`` columns must be present; the others are filled with ``defaults`` (or
    missing values) when absent. ``lists`` are array columns, ``passthrough`` keeps every
    column of a free-form report table.
    """

    columns: dict[str, tuple[str, ...]]
    required: tuple[str, ...] = ()
    defaults: dict[str, Any] = field(default_factory=dict)
    lists: tuple[str, ...] = ()
    passthrough: bool = False


def _same(*names: str) -> dict[str, tuple[str, ...]]:
    return {name: (name,) for name in names}


# Priority score components (fct_networks and fct_person_scores), in the order shown.
COMPONENTS = (
    "harm_component",
    "victims_component",
    "recency_component",
    "centrality_component",
    "ocg_links_component",
    "stability_component",
)


TABLES: dict[str, TableSpec] = {
    "fct_networks": TableSpec(
        columns={
            **_same(
                "network_id",
                "component_id",
                "n_members",
                "n_cse_nominals",
                "n_victims",
                "harm_days",
                "n_linked_ocgs",
                "priority_score",
                "priority_rank",
                "explanation",
                "run_id",
                "n_cse_crimes",
                "n_repeat_victims",
                "n_victims_with_safeguarding_flag",
                "n_linked_networks",
                "last_offence_at",
                "n_crimes_in_window",
                "n_crimes_prior_window",
                *COMPONENTS,
            ),
            "n_child_victims": ("n_child_victims", "n_child_victims_at_first_offence"),
            "activity_trend": ("activity_trend", "trend", "activity_trend_label"),
            "key_player_ids": ("key_player_ids",),
        },
        required=("network_id", "n_members", "priority_score", "priority_rank"),
        defaults={"explanation": ""},
        lists=("key_player_ids",),
    ),
    "fct_person_scores": TableSpec(
        columns={
            **_same(
                "person_id",
                "network_id",
                "is_cse_nominal",
                "is_victim",
                "is_ocg_member",
                "degree",
                "betweenness",
                "eigenvector",
                "harm_days",
                "priority_rank",
                "priority_score",
                "n_crimes",
                "n_cse_crimes",
                "n_victims",
                "last_offence_at",
                *COMPONENTS,
            ),
            "linked_network_ids": ("linked_network_ids",),
            "linked_ocg_ids": ("linked_ocg_ids",),
            "member_role": ("member_role", "role"),
            "is_key_player": ("is_key_player", "key_player"),
            "key_player_order": ("key_player_order", "key_player_rank", "removal_order"),
        },
        required=("person_id", "network_id"),
        defaults={
            "is_cse_nominal": False,
            "is_victim": False,
            "is_ocg_member": False,
            "degree": 0,
            "betweenness": 0.0,
            "eigenvector": 0.0,
            "harm_days": 0.0,
        },
        lists=("linked_network_ids", "linked_ocg_ids"),
    ),
    "fct_network_links": TableSpec(
        columns=_same(
            "network_id", "linked_network_id", "n_links", "link_weight", "n_shared_victims"
        )
        | {"bridging_person_ids": ("bridging_person_ids", "bridging_persons")},
        required=("network_id", "linked_network_id"),
        defaults={"n_links": 0, "link_weight": 0.0, "n_shared_victims": 0},
        lists=("bridging_person_ids",),
    ),
    "fct_network_ocg_links": TableSpec(
        columns=_same("network_id", "ocg_id", "n_shared_members", "n_direct_links")
        | {"link_persons": ("link_persons", "link_person_ids")},
        required=("network_id", "ocg_id"),
        defaults={"n_shared_members": 0, "n_direct_links": 0},
        lists=("link_persons",),
    ),
    "fct_network_victims": TableSpec(
        columns=_same(
            "network_id",
            "victim_person_id",
            "n_crimes",
            "n_cse_crimes",
            "first_offence_at",
            "last_offence_at",
            "age_at_first_offence_years",
            "is_child_at_first_offence",
            "is_repeat_victim",
            "has_safeguarding_flag",
        ),
        required=("network_id", "victim_person_id"),
    ),
    # Who offended against whom (directed offender -> victim), for the link charts.
    "fct_network_victim_links": TableSpec(
        columns=_same(
            "network_id",
            "offender_person_id",
            "victim_person_id",
            "link_type",
            "n_crimes",
            "n_cse_crimes",
            "first_offence_at",
            "last_offence_at",
        ),
        required=("network_id", "offender_person_id", "victim_person_id"),
        defaults={"link_type": "OFFENDER_VICTIM", "n_crimes": 1, "n_cse_crimes": 0},
    ),
    "fct_network_timeline": TableSpec(
        columns={
            "network_id": ("network_id",),
            "quarter_start": (
                "quarter_start_date",
                "quarter_start",
                "quarter_start_at",
                "quarter_date",
                "quarter",
                "period_start_date",
            ),
            "quarter_end": ("quarter_end_date", "quarter_end"),
            **_same(
                "n_crimes",
                "n_cse_crimes",
                "n_arrests",
                "n_intel_reports",
                "n_active_links",
                "n_new_members",
                "harm_days",
            ),
        },
        required=("network_id", "quarter_start"),
        defaults={"n_crimes": 0, "n_cse_crimes": 0, "n_arrests": 0, "n_intel_reports": 0},
    ),
    "fct_person_links": TableSpec(
        columns=_same(
            "person_id_a",
            "person_id_b",
            "network_id_a",
            "network_id_b",
            "weight",
            "n_evidence",
            "first_seen_at",
            "last_seen_at",
        )
        | {"link_types": ("link_types", "link_type")},
        required=("person_id_a", "person_id_b", "network_id_a", "network_id_b"),
        defaults={"weight": 1.0},
        lists=("link_types",),
    ),
    "rpt_data_quality": TableSpec(columns={}, passthrough=True),
    # Read when present, shown as they come (their columns are not relied on).
    "fct_ocg_cse_priority": TableSpec(columns={}, passthrough=True),
    # What changed since the last run (python/briefing/changes.py reads its columns).
    "fct_network_changes": TableSpec(columns={}, passthrough=True),
    "rpt_run_audit": TableSpec(
        columns={
            "run_id": ("run_id",),
            "as_of_date": ("as_of_date", "as_of"),
            "run_started_at": ("run_started_at", "started_at", "created_at", "run_at"),
            "git_commit": ("git_commit", "commit_sha"),
            "vars_json": ("vars_json",),
        },
    ),
    IDENTITY_TABLE: TableSpec(
        columns={
            "person_id": ("person_id",),
            "display_name": ("display_name", "full_name", "name", "names", "person_name"),
            "forename": ("forename", "first_name", "given_name"),
            "surname": ("surname", "last_name", "family_name"),
            "date_of_birth": ("date_of_birth", "dob", "birth_date"),
        },
        required=("person_id",),
    ),
}

REQUIRED_TABLES = ("fct_networks", "fct_person_scores")
OPTIONAL_TABLES = tuple(t for t in TABLES if t not in REQUIRED_TABLES and t != IDENTITY_TABLE)


def source_columns(table: str, available: list[str]) -> list[str]:
    """Which of a table's ``available`` columns the briefing reads (for a narrow select).

    Parameters
    ----------
    table : str
        Mart name, a key of ``TABLES``.
    available : list of str
        The columns the mart has.

    Returns
    -------
    list of str
        Source column names, in ``available`` order.
    """
    spec = TABLES[table]
    if spec.passthrough:
        return list(available)
    wanted = {name for names in spec.columns.values() for name in names}
    return [c for c in available if c in wanted]


def as_list(value: Any) -> list[str]:
    """An array cell (list, numpy array, JSON text, comma text or null) as a list of str."""
    if value is None:
        return []
    if isinstance(value, (list, tuple, np.ndarray)):
        return [
            str(v) for v in value if v is not None and not (isinstance(v, float) and np.isnan(v))
        ]
    if isinstance(value, float) and np.isnan(value):
        return []
    text = str(value).strip()
    if not text:
        return []
    if text.startswith("["):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError:
            parsed = None
        if isinstance(parsed, list):
            return [str(v) for v in parsed if v is not None]
    return [part.strip() for part in text.split(",") if part.strip()]


def normalise_table(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """One mart with the canonical columns of ``TABLES[table]`` (see ``normalise_frames``)."""
    spec = TABLES[table]
    if spec.passthrough:
        return frame.reset_index(drop=True).copy()
    out = pd.DataFrame(index=range(len(frame)))
    for canonical, names in spec.columns.items():
        present = next((n for n in names if n in frame.columns), None)
        if present is not None:
            out[canonical] = frame[present].to_numpy()
        elif canonical in spec.required:
            raise BriefingDataError(
                f"{table} has no column {canonical!r} (looked for {', '.join(names)}); "
                f"its columns are {', '.join(sorted(map(str, frame.columns)))}"
            )
        else:
            out[canonical] = spec.defaults.get(canonical, None)
    for column in spec.lists:
        out[column] = [as_list(v) for v in out[column]]
    return out


def normalise_frames(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Canonical column names for every known mart in ``frames``; unknown keys are dropped.

    Parameters
    ----------
    frames : dict of str to pd.DataFrame
        Mart name -> rows, as read (any known column alias).

    Returns
    -------
    dict of str to pd.DataFrame
        Mart name -> rows with the canonical columns of ``TABLES``.

    Raises
    ------
    BriefingDataError
        If a required mart or a required column is missing.
    """
    missing = [t for t in REQUIRED_TABLES if t not in frames]
    if missing:
        raise BriefingDataError(f"The briefing needs the marts {', '.join(missing)}")
    return {t: normalise_table(t, f) for t, f in frames.items() if t in TABLES and f is not None}
