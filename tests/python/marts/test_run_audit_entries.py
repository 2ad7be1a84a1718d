"""The run audit's rows, built by cse_networks.run_audit.build_run_audit (no Spark, no dbt).

Synthetic ids only: a load log, freshness checks and overrides invented here.
"""

from __future__ import annotations

import datetime
import json

import pandas as pd
import pytest

from cse_networks.run_audit import (
    RUN_AUDIT_COLUMNS,
    RunContext,
    build_run_audit,
    require_git_commit,
    vars_in_effect,
)

COLUMNS = [name for name, _ in RUN_AUDIT_COLUMNS]


def _context(git_commit: object = "abc123") -> RunContext:
    return RunContext(
        run_id="run-1",
        run_started_at=datetime.datetime(2026, 12, 4, 5, 0),
        target_name="local",
        git_commit=git_commit,  # type: ignore[arg-type]
        run_vars={"as_of_date": "", "min_size": 3},
        package_versions={"dbt-core": "1.11.0"},
        raw_schema="raw",
        reference_schema="reference",
    )


def _loads() -> pd.DataFrame:
    rows = []
    for load_id, at in (("load-1", "2026-12-01 09:00"), ("load-2", "2026-12-03 09:00")):
        for table, n in (("nominals", 10), ("crimes", 4)):
            rows.append(
                {
                    "load_id": load_id,
                    "table_name": table,
                    "rows_loaded": n,
                    "rows_read": n + 1,
                    "file_name": f"{table}.csv",
                    "file_sha256": "0" * 64,
                    "is_manifest_checked": 1,
                    "extracted_at": pd.Timestamp("2026-11-30"),
                    "loaded_at": pd.Timestamp(at),
                }
            )
    return pd.DataFrame(rows)


def _checks() -> pd.DataFrame:
    rows = []
    for check_id, load_id, at, status in (
        ("check-1", "load-1", "2026-12-01 09:05", "pass"),
        ("check-2", "load-2", "2026-12-03 09:05", "warn"),
    ):
        rows.append(
            {
                "check_id": check_id,
                "load_id": load_id,
                "source_name": "crimes",
                "table_name": "crimes",
                "freshness_status": status,
                "freshness_checked_at": pd.Timestamp(at),
                "max_loaded_at": pd.Timestamp("2026-11-20"),
                "freshness_age_seconds": 8 * 86400.0,
                "freshness_warn_after": "7 day",
                "freshness_error_after": "30 day",
            }
        )
    return pd.DataFrame(rows)


def _overrides() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "seed_name": ["person_merge_overrides", "link_exclusions"],
            "override_id": ["M-EXAMPLE-1", "L-EXAMPLE-1"],
            "override_kind": ["PERSON_MERGE", "LINK_EXCLUSION"],
            "is_applied": [1, 0],
            "effect": ["merged 2 records", "no such link"],
        }
    )


def _tuples(context: RunContext | None = None) -> list[tuple]:
    return build_run_audit(
        table_counts=pd.DataFrame(
            {"schema_name": ["raw", "marts_build"], "table_name": ["crimes", "fct_networks"]}
            | {"n_rows": [4, 2]}
        ),
        loads=_loads(),
        checks=_checks(),
        overrides=_overrides(),
        keys=pd.DataFrame({"person_id_key_source": ["PUBLIC"], "person_id_key_check": ["c0ffee"]}),
        dates={"as_of_date": datetime.date(2026, 12, 1), "as_of_date_source": "CSE_AS_OF_DATE"},
        context=context or _context(),
    )


def _rows(context: RunContext | None = None) -> pd.DataFrame:
    rows = _tuples(context)
    assert all(len(row) == len(COLUMNS) for row in rows)
    return pd.DataFrame(rows, columns=COLUMNS, dtype=object)


def test_entries_of_every_type_in_a_stable_order() -> None:
    audit = _rows()
    assert audit[["entry_type", "schema_name", "table_name"]].values.tolist() == [
        ["TABLE", "marts_build", "fct_networks"],
        ["TABLE", "raw", "crimes"],
        ["RAW_LOAD", "raw", "crimes"],
        ["RAW_LOAD", "raw", "nominals"],
        ["SOURCE_FRESHNESS", "raw", "crimes"],
        ["ANALYST_OVERRIDE", "reference", "link_exclusions"],
        ["ANALYST_OVERRIDE", "reference", "person_merge_overrides"],
    ]
    # the latest load only, and the freshness check of that load
    assert set(audit.loc[audit["entry_type"] == "RAW_LOAD", "load_id"]) == {"load-2"}
    fresh = audit[audit["entry_type"] == "SOURCE_FRESHNESS"].iloc[0]
    assert fresh["freshness_status"] == "warn" and fresh["load_id"] == "load-2"
    applied = dict(zip(audit["override_id"], audit["is_override_applied"], strict=True))
    assert applied["M-EXAMPLE-1"] is True and applied["L-EXAMPLE-1"] is False


def test_run_context_on_every_row_as_plain_values() -> None:
    audit = _rows()
    assert set(audit["run_id"]) == {"run-1"} and set(audit["git_commit"]) == {"abc123"}
    assert set(audit["person_id_key_check"]) == {"c0ffee"}
    assert json.loads(audit["vars_json"].iloc[0]) == {"as_of_date": "", "min_size": 3}
    # plain Python values as Spark's createDataFrame needs (numpy scalars fail its checks)
    raw_load = dict(zip(COLUMNS, _tuples()[2], strict=True))
    assert type(raw_load["n_rows"]) is int and type(raw_load["rows_read"]) is int
    assert type(raw_load["is_manifest_checked"]) is bool
    assert type(raw_load["loaded_at"]) is datetime.datetime
    # a column with no value on a row is None (Spark's null), not NaN
    assert raw_load["override_id"] is None and raw_load["freshness_age_seconds"] is None


@pytest.mark.parametrize("missing", [None, "", "  "])
def test_a_run_without_a_git_commit_stops_with_a_clear_error(missing: object) -> None:
    with pytest.raises(ValueError, match=r"no git commit given: source scripts/env\.sh"):
        _rows(_context(missing))
    with pytest.raises(ValueError, match="CSE_GIT_COMMIT"):
        require_git_commit(missing)


def test_cli_vars_override_project_vars() -> None:
    assert vars_in_effect({"a": 1, "b": 2}, {"b": 3}) == {"a": 1, "b": 3}
