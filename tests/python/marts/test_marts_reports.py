"""Report marts: bias audit shares, run audit provenance, data quality checks."""

from __future__ import annotations

import json

import pytest


def test_bias_audit_has_shares_per_dimension_and_no_person_rows(tiny_marts) -> None:
    audit = tiny_marts.frames["rpt_bias_audit"]
    assert "person_id" not in audit.columns
    assert set(audit["dimension"]) == {"GENDER", "AGE_BAND", "ETHNIC_GROUP"}
    totals = audit.groupby("dimension")["share_all_persons"].sum()
    assert totals.to_dict() == pytest.approx(dict.fromkeys(totals.index, 1.0))
    # every dimension counts each person once
    assert audit.groupby("dimension")["n_all_persons"].sum().nunique() == 1


def test_run_audit_records_run_vars_versions_and_counts(tiny_marts) -> None:
    audit = tiny_marts.frames["rpt_run_audit"]
    assert audit["run_id"].nunique() == 1
    run_vars = json.loads(audit["vars_json"].iloc[0])
    assert str(audit["as_of_date"].iloc[0]) == str(run_vars["as_of_date"])
    versions = json.loads(audit["package_versions_json"].iloc[0])
    assert versions["dbt-core"].startswith("1.11")
    tables = audit[audit["entry_type"] == "TABLE"]
    counts = dict(zip(tables["table_name"], tables["n_rows"], strict=True))
    assert counts.get("fct_networks", 0) == len(tiny_marts.frames["fct_networks"])
    assert audit["git_commit"].str.len().min() > 0


def test_run_audit_lists_every_analyst_override(tiny_marts) -> None:
    """The shipped seeds hold synthetic examples that match no record: listed, not applied."""
    audit = tiny_marts.frames["rpt_run_audit"]
    overrides = audit[audit["entry_type"] == "ANALYST_OVERRIDE"]
    assert set(overrides["override_id"]) == {
        "EXAMPLE-M1",
        "EXAMPLE-D1",
        "EXAMPLE-L1",
        "EXAMPLE-L2",
        "EXAMPLE-P1",
    }
    assert set(overrides["override_kind"]) == {
        "PERSON_MERGE",
        "PERSON_DO_NOT_MERGE",
        "LINK_EXCLUSION",
        "PERSON_EXCLUSION",
    }
    assert not overrides["is_override_applied"].any()
    assert overrides["override_effect"].str.startswith("Not applied").all()
    assert overrides["n_rows"].isna().all()


def test_data_quality_reports_each_check_type(tiny_marts) -> None:
    quality = tiny_marts.frames["rpt_data_quality"]
    assert {"QUARANTINE", "INTEL_EXCLUDED"} <= set(quality["check_type"])
    assert (quality["n_rows"] >= 0).all()
