"""Report marts: bias audit shares, run audit provenance, data quality checks."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest
import yaml
from tiny_warehouse import tiny_as_of_date

REPO = Path(__file__).resolve().parents[3]


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
    # the as-of date as resolved (docs block as_of_date): the var when set, else
    # CSE_AS_OF_DATE, which the tiny build is always given (tiny_as_of_date)
    expected_date, expected_source = (
        (str(run_vars["as_of_date"]), "var as_of_date")
        if str(run_vars.get("as_of_date") or "").strip()
        else (tiny_as_of_date(), "CSE_AS_OF_DATE")
    )
    assert set(audit["as_of_date_source"]) == {expected_source}
    assert set(audit["as_of_date"].astype(str)) == {expected_date}
    versions = json.loads(audit["package_versions_json"].iloc[0])
    assert versions["dbt-core"].startswith("1.11")
    tables = audit[audit["entry_type"] == "TABLE"]
    counts = dict(zip(tables["table_name"], tables["n_rows"], strict=True))
    assert counts.get("fct_networks", 0) == len(tiny_marts.frames["fct_networks"])
    assert audit["git_commit"].str.len().min() > 0


def _shipped_overrides() -> dict[str, tuple[str, bool]]:
    """Override id -> (kind, names only synthetic EXAMPLE ids) from the seeds as they are now.

    Read at test time, so an analyst's real override added to the seeds changes the
    expectation instead of breaking the test.
    """
    seeds = REPO / "seeds" / "overrides"
    out: dict[str, tuple[str, bool]] = {}
    merges = pd.read_csv(seeds / "person_merge_overrides.csv", dtype=str)
    for row in merges.itertuples(index=False):
        kind = "PERSON_MERGE" if row.decision == "MERGE" else "PERSON_DO_NOT_MERGE"
        out[row.override_id] = (kind, _is_example(row.record_id_a, row.record_id_b))
    links = pd.read_csv(seeds / "link_exclusions.csv", dtype=str)
    for row in links.itertuples(index=False):
        out[row.exclusion_id] = ("LINK_EXCLUSION", _is_example(row.id_a, row.id_b))
    persons = pd.read_csv(seeds / "person_exclusions.csv", dtype=str)
    for row in persons.itertuples(index=False):
        out[row.exclusion_id] = ("PERSON_EXCLUSION", _is_example(row.id_value))
    return out


def _is_example(*ids: str) -> bool:
    # EXAMPLE: is no source system and PEXAMPLE no person id: such rows match no record
    return all(str(i).startswith(("EXAMPLE:", "PEXAMPLE")) for i in ids)


def test_run_audit_lists_every_analyst_override(tiny_marts) -> None:
    """Every seed row is listed once with its kind; rows naming no record are not applied."""
    audit = tiny_marts.frames["rpt_run_audit"]
    overrides = audit[audit["entry_type"] == "ANALYST_OVERRIDE"]
    assert overrides["override_id"].is_unique
    shipped = _shipped_overrides()
    assert set(overrides["override_id"]) == set(shipped)
    by_id = overrides.set_index("override_id")
    for override_id, (kind, is_example) in shipped.items():
        row = by_id.loc[override_id]
        assert row["override_kind"] == kind, override_id
        applied = bool(row["is_override_applied"])
        assert row["override_effect"].startswith("Applied" if applied else "Not applied")
        if is_example:
            assert not applied, f"{override_id} names no record but was applied"
    assert overrides["n_rows"].isna().all()


def test_data_quality_reports_each_check_type(tiny_build, tiny_marts) -> None:
    """Every reported check found something, and each agrees with what it reports on."""
    quality = tiny_marts.frames["rpt_data_quality"]
    assert {"QUARANTINE", "INTEL_EXCLUDED"} <= set(quality["check_type"])
    # a finding row found something. Zeros are figures an auditor wants where a
    # check ran over a whole table: QUARANTINED_ROWS lists every raw table, the
    # kept-and-flagged checks every flag, and IMPLAUSIBLE_PERSON counts a person's crimes
    findings = quality[
        quality["check_type"].isin(["INTEL_EXCLUDED", "IDENTIFIER_HUB"])
        | quality["check_detail"].str.endswith("row quarantined")
    ]
    assert (findings["n_rows"] > 0).all(), "a finding row reports nothing found"
    assert (quality["n_rows"] >= 0).all()
    # quarantine: the tables named are exactly those with quarantined rows
    prefix = os.environ.get("CSE_SCHEMA_PREFIX", "")
    quarantined = pd.read_parquet(
        tiny_build.warehouse
        / "warehouse"
        / f"{prefix}intermediate.db"
        / "int_quarantined_rows_unioned",
        columns=["table_name", "quarantined_row_id"],
    )
    reported = quality[quality["check_type"] == "QUARANTINE"]
    assert set(reported["subject"]) == set(quarantined["table_name"])
    # distinct quarantined rows per table agree with the rows quarantined, zeros included
    per_table = quarantined.groupby("table_name")["quarantined_row_id"].nunique()
    distinct = quality[quality["check_type"] == "QUARANTINED_ROWS"].set_index("subject")["n_rows"]
    assert distinct[distinct > 0].to_dict() == per_table.to_dict()
    # hubs: only identifiers held by more persons than the limit of their type (seed)
    limits = pd.read_csv(REPO / "seeds" / "reference" / "identifier_hub_limits.csv").set_index(
        "identifier_type"
    )["max_persons"]
    hubs = quality[quality["check_type"] == "IDENTIFIER_HUB"]
    assert len(hubs) >= 1, "tiny plants hub identifiers: none reported"
    assert (hubs["n_rows"] > hubs["subject"].map(limits)).all()
    # the detail names the limit that made it a hub
    expected = ": more than " + hubs["subject"].map(limits).astype(str) + " persons (hub limit of "
    assert [
        detail.endswith(tail + subject + ")")
        for detail, tail, subject in zip(
            hubs["check_detail"], expected, hubs["subject"], strict=True
        )
    ] == [True] * len(hubs)
    shares = quality.loc[quality["check_type"] == "INTEL_EXCLUDED", "share_of_subject"]
    assert shares.between(0, 1, inclusive="right").all()


def _tables_with_freshness() -> set[tuple[str, str]]:
    """(source, table) of every source table that declares freshness, read from the YAML."""
    declared = set()
    for path in (REPO / "models" / "staging").glob("*/_*__sources.yml"):
        for source in yaml.safe_load(path.read_text(encoding="utf-8")).get("sources") or []:
            for table in source.get("tables") or []:
                if (table.get("config") or {}).get("freshness") or table.get("freshness"):
                    declared.add((source["name"], table["name"]))
    return declared


def test_run_audit_lists_source_freshness_of_the_load(tiny_build, tiny_marts) -> None:
    """The test build checked freshness before dbt build (as make run): the audit lists it.

    One SOURCE_FRESHNESS row per source table that declares freshness, as dbt
    source freshness reported it in target/sources.json, none of them a runtime
    error; the summary's lines come from these rows.
    """
    audit = tiny_marts.frames["rpt_run_audit"]
    fresh = audit[audit["entry_type"] == "SOURCE_FRESHNESS"]
    declared = _tables_with_freshness()
    assert len(declared) >= 8
    assert sorted(fresh["table_name"]) == sorted(table for _, table in declared)
    assert "runtime error" not in set(fresh["freshness_status"])
    assert fresh["freshness_checked_at"].notna().all()
    assert fresh["freshness_warn_after"].notna().all()
    results = json.loads((tiny_build.target / "sources.json").read_text(encoding="utf-8"))
    reported = {r["unique_id"].split(".")[-1]: r["status"] for r in results["results"]}
    assert dict(zip(fresh["table_name"], fresh["freshness_status"], strict=True)) == reported
    # the check is of the load the build read: the RAW_LOAD rows' load
    loads = audit[audit["entry_type"] == "RAW_LOAD"]
    assert set(fresh["load_id"]) == set(loads["load_id"]) and loads["load_id"].nunique() == 1
    assert fresh["n_rows"].isna().all()


def test_data_quality_counts_rows_after_the_as_of_date(tiny_marts) -> None:
    """AFTER_AS_OF_DATE lists every dated entity and links, zeros included.

    tiny is frozen at its as-of date and its extract is taken that day: every raw row
    dated later is a planted future date, quarantined in staging, so the as-of cut
    leaves nothing out and the published figures are those of the whole extract.
    """
    quality = tiny_marts.frames["rpt_data_quality"]
    after = quality[quality["check_type"] == "AFTER_AS_OF_DATE"].set_index("subject")
    assert sorted(after.index) == sorted(
        [
            "crimes",
            "crime_nominals",
            "custody_records",
            "intel_reports",
            "nominal_identifiers",
            "ocg_nominals",
            "safeguarding_flags",
            "person_links",
        ]
    )
    assert (after["check_name"] == "ROWS_AFTER_AS_OF_DATE").all()
    assert after["n_rows"].to_dict() == dict.fromkeys(after.index, 0)
    assert (after["share_of_subject"] == 0).all()
    assert after.loc["crimes", "check_detail"].startswith("recorded_at, offence_at after ")
