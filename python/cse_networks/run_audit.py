"""Entries of the run audit (``rpt_run_audit``): pure functions, pandas in, pandas out.

The dbt Python model ``models/marts/audit/rpt_run_audit.py`` reads its inputs
through ``ref()`` and calls these; the run summary (``python -m
cse_networks.summary``) prints the SOURCE_FRESHNESS entries.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["FRESHNESS_COLUMNS", "freshness_entries", "freshness_lines"]

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
