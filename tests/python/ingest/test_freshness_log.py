"""Source freshness results become freshness-log rows, run-audit entries and summary lines.

Without Spark: ``dbt source freshness`` results as dbt writes them
(``target/sources.json``), parsed by ``cse_ingest.freshness``; the audit entries
and summary lines of ``cse_networks.run_audit``. Only source names, statuses and
times: freshness results carry no data values.
"""

from __future__ import annotations

import datetime

import pandas as pd
import pytest

from cse_ingest.freshness import FreshnessResultsError, freshness_rows
from cse_networks.run_audit import freshness_entries, freshness_lines


def _result(unique_id: str, status: str, age_days: float | None) -> dict:
    return {
        "unique_id": unique_id,
        "status": status,
        "max_loaded_at": None if age_days is None else "2026-11-01T00:00:00+00:00",
        "snapshotted_at": "2026-12-04T04:41:20.123456+00:00",
        "max_loaded_at_time_ago_in_s": None if age_days is None else age_days * 86400.0,
        "criteria": {
            "warn_after": {"count": 7, "period": "day"},
            "error_after": {"count": 30, "period": "day"},
            "filter": "recorded_at <= current_timestamp()",
        },
    }


def _results() -> dict:
    return {
        "metadata": {
            "invocation_id": "check-2",
            "generated_at": "2026-12-04T04:41:22.5Z",
        },
        "results": [
            _result("source.cse_networks.intel.intel_reports", "error", 40.0),
            _result("source.cse_networks.crimes.crimes", "pass", 1.0),
            _result("source.cse_networks.custody.custody_records", "warn", 8.0),
        ],
    }


def test_results_become_log_rows_sorted_with_thresholds() -> None:
    rows = freshness_rows(_results(), "load-2")
    assert [(r.source_name, r.table_name, r.status) for r in rows] == [
        ("crimes", "crimes", "pass"),
        ("custody", "custody_records", "warn"),
        ("intel", "intel_reports", "error"),
    ]
    first = rows[0]
    assert first.check_id == "check-2" and first.load_id == "load-2"
    assert first.checked_at == datetime.datetime(2026, 12, 4, 4, 41, 22, 500000)
    assert first.max_loaded_at == datetime.datetime(2026, 11, 1)
    assert (first.warn_after, first.error_after) == ("7 day", "30 day")
    assert rows[2].age_seconds == 40 * 86400.0


def test_a_file_that_is_not_freshness_results_is_refused() -> None:
    with pytest.raises(FreshnessResultsError, match="invocation_id"):
        freshness_rows({"results": []}, "load-2")
    bad = _results()
    bad["results"][0]["unique_id"] = "model.cse_networks.fct_networks"
    with pytest.raises(FreshnessResultsError, match="unexpected freshness result"):
        freshness_rows(bad, "load-2")


def _checks() -> pd.DataFrame:
    """The staging model's columns: an old check of an earlier load, two checks of load-2."""
    rows = []
    for check_id, load_id, at in (
        ("check-0", "load-1", "2026-12-01 09:00"),
        ("check-1", "load-2", "2026-12-03 09:00"),
        ("check-2", "load-2", "2026-12-04 04:41"),
    ):
        results = _results()
        results["metadata"]["invocation_id"] = check_id
        results["metadata"]["generated_at"] = at.replace(" ", "T")
        for r in freshness_rows(results, load_id):
            rows.append(
                {
                    "check_id": r.check_id,
                    "load_id": r.load_id,
                    "source_name": r.source_name,
                    "table_name": r.table_name,
                    "freshness_status": r.status if check_id == "check-2" else "pass",
                    "freshness_warn_after": r.warn_after,
                    "freshness_error_after": r.error_after,
                    "freshness_age_seconds": r.age_seconds,
                    "freshness_checked_at": pd.Timestamp(r.checked_at),
                    "max_loaded_at": pd.Timestamp(r.max_loaded_at),
                }
            )
    return pd.DataFrame(rows)


def test_audit_lists_the_last_check_of_the_load_the_build_read() -> None:
    entries = freshness_entries(_checks(), "load-2", "raw")
    assert entries["entry_type"].unique().tolist() == ["SOURCE_FRESHNESS"]
    assert entries["schema_name"].unique().tolist() == ["raw"]
    # the latest check of load-2 (check-2), one entry per source table, by table name
    assert entries[["table_name", "freshness_status"]].values.tolist() == [
        ["crimes", "pass"],
        ["custody_records", "warn"],
        ["intel_reports", "error"],
    ]
    assert set(entries["freshness_checked_at"]) == {pd.Timestamp("2026-12-04 04:41")}
    assert set(entries["load_id"]) == {"load-2"}


def test_a_check_of_another_load_says_nothing_of_this_build() -> None:
    assert freshness_entries(_checks(), "load-3", "raw").empty
    assert freshness_entries(_checks(), None, "raw").empty
    assert freshness_entries(_checks().iloc[0:0], "load-2", "raw").empty


def test_summary_counts_statuses_and_names_stale_tables() -> None:
    entries = freshness_entries(_checks(), "load-2", "raw").to_dict("records")
    lines = freshness_lines(entries)
    assert lines[0] == "Source freshness (checked 2026-12-04T04:41:00 UTC): 1 error, 1 pass, 1 warn"
    assert lines[1:] == [
        "  WARN   raw.custody_records  8 days since the newest row (warn after 7 day, "
        "error after 30 day)",
        "  ERROR  raw.intel_reports  40 days since the newest row (warn after 7 day, "
        "error after 30 day)",
    ]


def test_summary_says_when_the_load_was_not_checked() -> None:
    assert freshness_lines([])[0].startswith("Source freshness: not checked on the load")
