"""Entries of the run audit (``rpt_run_audit``): pure functions, pandas in, pandas out.

The dbt Python model ``models/marts/audit/rpt_run_audit.py`` reads its inputs
through ``ref()`` and calls these; the run summary (``python -m
cse_networks.summary``) prints the SOURCE_FRESHNESS entries.
"""

from __future__ import annotations

import datetime
import importlib.metadata
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "FRESHNESS_COLUMNS",
    "PACKAGES",
    "RUN_AUDIT_COLUMNS",
    "RunContext",
    "build_run_audit",
    "current_run_id",
    "freshness_entries",
    "freshness_lines",
    "package_versions",
    "require_git_commit",
    "vars_in_effect",
]


def current_run_id() -> str:
    """The run id: the dbt invocation id of this run (``outside-dbt`` when not under dbt).
    The run audit, the registry and the Splink run artefacts all record it."""
    try:
        from dbt_common.invocation import get_invocation_id

        return str(get_invocation_id())
    except Exception:  # outside a dbt run
        return "outside-dbt"


# Columns of a SOURCE_FRESHNESS entry besides entry_type, schema_name and table_name.
FRESHNESS_COLUMNS = (
    "freshness_status",
    "freshness_checked_at",
    "max_loaded_at",
    "freshness_age_seconds",
    "freshness_warn_after",
    "freshness_error_after",
)


def freshness_entries(checks: pd.DataFrame, load_id: str | None, raw_schema: str) -> pd.DataFrame:
    """SOURCE_FRESHNESS entries: the last freshness check of load ``load_id``, one per source table.

    ``checks`` has the columns of ``stg_loader__freshness_log``. A check of an
    earlier load says nothing of the raw tables this build read, so only checks
    stamped with ``load_id`` count; of those, the latest (by check time, then
    id). No check of the load gives no entries (the summary says "not checked").
    """
    columns = ["entry_type", "schema_name", "table_name", "load_id", *FRESHNESS_COLUMNS]
    of_load = checks[checks["load_id"] == load_id] if load_id is not None else checks.iloc[0:0]
    if of_load.empty:
        return pd.DataFrame(columns=columns)
    last = of_load.sort_values(["freshness_checked_at", "check_id"], kind="stable").iloc[-1]
    check = of_load[of_load["check_id"] == last["check_id"]]
    check = check.sort_values(["table_name", "source_name"], kind="stable")
    entries = check[["table_name", "load_id", *FRESHNESS_COLUMNS]].copy()
    entries.insert(0, "schema_name", raw_schema)
    entries.insert(0, "entry_type", "SOURCE_FRESHNESS")
    return entries[columns].reset_index(drop=True)


def freshness_lines(entries: list[dict[str, object]]) -> list[str]:
    """Summary lines of SOURCE_FRESHNESS entries (rows of the run audit as dicts).

    One line of counts by status with the check time, then one line per source
    table that is not ``pass`` (its age in days and thresholds); without entries,
    a line saying the build's load was not checked.
    """
    if not entries:
        return [
            "Source freshness: not checked on the load this build read "
            "(run dbt source freshness, then python -m cse_ingest.freshness, before dbt build)"
        ]
    counts: dict[str, int] = {}
    for entry in entries:
        status = str(entry["freshness_status"])
        counts[status] = counts.get(status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    checked = min(pd.Timestamp(e["freshness_checked_at"]) for e in entries)
    lines = [f"Source freshness (checked {checked.isoformat(timespec='seconds')} UTC): {summary}"]
    for entry in sorted(entries, key=lambda e: str(e["table_name"])):
        status = str(entry["freshness_status"])
        if status == "pass":
            continue
        age = entry.get("freshness_age_seconds")  # None or NaN when dbt found no row
        age_text = f"{float(age) / 86400:.0f} days since the newest row" if pd.notna(age) else ""
        warn, error = entry.get("freshness_warn_after"), entry.get("freshness_error_after")
        name = f"{entry['schema_name']}.{entry['table_name']}"
        lines.append(
            f"  {status.upper():<6} {name}  {age_text} (warn after {warn}, error after {error})"
        )
    return lines


# The run audit's columns in order, with their Spark SQL types (the dbt model
# builds its schema from this; columns null on every row still get a type).
RUN_AUDIT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("run_id", "string"),
    ("run_started_at", "timestamp"),
    ("as_of_date", "date"),
    ("as_of_date_source", "string"),
    ("target_name", "string"),
    ("entry_type", "string"),
    ("schema_name", "string"),
    ("table_name", "string"),
    ("n_rows", "bigint"),
    ("override_id", "string"),
    ("override_kind", "string"),
    ("is_override_applied", "boolean"),
    ("override_effect", "string"),
    ("load_id", "string"),
    ("file_name", "string"),
    ("file_sha256", "string"),
    ("rows_read", "bigint"),
    ("is_manifest_checked", "boolean"),
    ("extracted_at", "timestamp"),
    ("loaded_at", "timestamp"),
    ("freshness_status", "string"),
    ("freshness_checked_at", "timestamp"),
    ("max_loaded_at", "timestamp"),
    ("freshness_age_seconds", "double"),
    ("freshness_warn_after", "string"),
    ("freshness_error_after", "string"),
    ("vars_json", "string"),
    ("package_versions_json", "string"),
    ("git_commit", "string"),
    ("person_id_key_source", "string"),
    ("person_id_key_check", "string"),
)

# Packages whose versions the audit records.
PACKAGES = (
    "dbt-core",
    "dbt-spark",
    "pyspark",
    "pandas",
    "numpy",
    "pyarrow",
    "networkx",
    "igraph",
    "leidenalg",
    "cdlib",
    "networkit",
    "splink",
    "cse-networks",
)


@dataclass(frozen=True)
class RunContext:
    """What the run says of itself, passed in explicitly by the dbt model."""

    run_id: str
    run_started_at: datetime.datetime
    target_name: str
    git_commit: str
    run_vars: Mapping[str, object]
    package_versions: Mapping[str, str]
    raw_schema: str
    reference_schema: str


def package_versions(names: Sequence[str] = PACKAGES) -> dict[str, str]:
    """Installed versions of ``names`` ('absent' for a package not installed)."""
    versions = {}
    for name in names:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def require_git_commit(value: object) -> str:
    """The git commit the run was given, or a clear error when it was not given."""
    text = "" if value is None else str(value).strip()
    if not text:
        raise ValueError(
            "rpt_run_audit: no git commit given: source scripts/env.sh (sets CSE_GIT_COMMIT) "
            "or pass --vars '{git_commit: <sha>}'"
        )
    return text


def vars_in_effect(project_vars: Mapping[str, object], cli_vars: Mapping[str, object]) -> dict:
    """Project vars overridden by the invocation's ``--vars``."""
    return {**dict(project_vars), **dict(cli_vars)}


def _latest_load(loads: pd.DataFrame) -> pd.DataFrame:
    """Rows of the latest load in the loader's log (by load time, then id), by table."""
    latest = loads.sort_values(["loaded_at", "load_id"], kind="stable").tail(1)
    return loads[loads["load_id"].isin(latest["load_id"])].sort_values("table_name")


def _load_entries(load: pd.DataFrame, raw_schema: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "entry_type": "RAW_LOAD",
            "schema_name": raw_schema,
            "table_name": load["table_name"].to_numpy(),
            "n_rows": load["rows_loaded"].to_numpy(),
            "load_id": load["load_id"].to_numpy(),
            "file_name": load["file_name"].to_numpy(),
            "file_sha256": load["file_sha256"].to_numpy(),
            "rows_read": load["rows_read"].to_numpy(),
            "is_manifest_checked": load["is_manifest_checked"].astype(bool).to_numpy(),
            "extracted_at": load["extracted_at"].to_numpy(),
            "loaded_at": load["loaded_at"].to_numpy(),
        }
    )


def _override_entries(overrides: pd.DataFrame, reference_schema: str) -> pd.DataFrame:
    overrides = overrides.sort_values(["seed_name", "override_id"], kind="stable")
    return pd.DataFrame(
        {
            "entry_type": "ANALYST_OVERRIDE",
            "schema_name": reference_schema,
            "table_name": overrides["seed_name"].to_numpy(),
            "override_id": overrides["override_id"].to_numpy(),
            "override_kind": overrides["override_kind"].to_numpy(),
            "is_override_applied": overrides["is_applied"].astype(bool).to_numpy(),
            "override_effect": overrides["effect"].to_numpy(),
        }
    )


_PLAIN = {
    "bigint": int,
    "boolean": bool,
    "double": float,
    "timestamp": lambda v: pd.Timestamp(v).to_pydatetime(),
}


def build_run_audit(
    table_counts: pd.DataFrame,
    loads: pd.DataFrame,
    checks: pd.DataFrame,
    overrides: pd.DataFrame,
    keys: pd.DataFrame,
    dates: Mapping[str, object],
    context: RunContext,
) -> list[tuple]:
    """Rows of ``rpt_run_audit`` as plain Python tuples in ``RUN_AUDIT_COLUMNS`` order.

    ``table_counts`` (schema_name, table_name, n_rows) gives TABLE entries;
    ``loads`` (stg_loader__load_log) the RAW_LOAD entries of the latest load;
    ``checks`` (stg_loader__freshness_log) the SOURCE_FRESHNESS entries of that
    load; ``overrides`` (int_analyst_overrides_audited) the ANALYST_OVERRIDE
    entries; ``keys`` (person_id_key_source, person_id_key_check) and ``dates``
    (as_of_date, as_of_date_source) and ``context`` go on every row.
    """
    tables = table_counts[["schema_name", "table_name", "n_rows"]].sort_values(
        ["schema_name", "table_name"], kind="stable"
    )
    tables = tables.assign(entry_type="TABLE")
    load = _latest_load(loads)
    load_id = None if load.empty else str(load["load_id"].iloc[0])
    frame = pd.concat(
        [
            tables,
            _load_entries(load, context.raw_schema),
            freshness_entries(checks, load_id, context.raw_schema),
            _override_entries(overrides, context.reference_schema),
        ],
        ignore_index=True,
    )
    key_sources = sorted(keys["person_id_key_source"].dropna().unique())
    key_checks = sorted(keys["person_id_key_check"].dropna().unique())
    every_row = {
        "run_id": context.run_id,
        "run_started_at": context.run_started_at,
        "as_of_date": dates["as_of_date"],
        "as_of_date_source": dates["as_of_date_source"],
        "target_name": context.target_name,
        "vars_json": json.dumps(dict(context.run_vars), sort_keys=True, default=str),
        "package_versions_json": json.dumps(dict(context.package_versions), sort_keys=True),
        "git_commit": require_git_commit(context.git_commit),
        "person_id_key_source": ",".join(key_sources) or None,
        "person_id_key_check": ",".join(key_checks) or None,
    }
    for name, value in every_row.items():
        frame[name] = [value] * len(frame)
    types = dict(RUN_AUDIT_COLUMNS)
    return [
        tuple(
            None if _is_missing(row.get(name)) else _PLAIN.get(types[name], lambda v: v)(row[name])
            for name, _ in RUN_AUDIT_COLUMNS
        )
        for row in frame.to_dict("records")
    ]


def _is_missing(value: object) -> bool:
    """None, NaN or NaT (a missing cell of any column type)."""
    return value is None or (not isinstance(value, (list, tuple, dict)) and bool(pd.isna(value)))
