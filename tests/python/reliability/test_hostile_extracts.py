"""Hostile extracts: row-level breaches are quarantined with reasons and the build stays green.

One hostile CSV extract (built from `tiny` by `hostile.write_hostile_extract`)
carries every row-level breach class at once, plus empty tables, all-null
optional columns, very long strings, non-Latin and accented names, unusual
ISO timestamp spellings and intelligence of which none is credible.
Structural breaches (missing file, missing column, unreadable values) are
the loader's and are covered in tests/python/synth.

The same build (one build saves CI minutes) runs from a copy of the dbt
project whose analyst feedback seeds name real records (``overrides.py``): a
force-merge, a do-not-merge, a link exclusion and a person exclusion, each
checked in the marts and in ``rpt_run_audit``. It is the second run of its
warehouse (the first, on the world cut a year early, is the id tests' run 1:
``scenarios.ids_then_hostile_then_reruns``). The build is the session fixture
``hostile`` (conftest.py), which the privacy scan also reads.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hostile import EXPECTED_BREACHES

pytestmark = pytest.mark.pipeline


def test_build_is_green_and_publishes(hostile: dict) -> None:
    assert hostile["build"].returncode == 0, f"see {hostile['lab'].root}/build.out"
    assert "publish: published" in hostile["build"].output
    assert "fct_networks" in hostile["marts"]


@pytest.mark.parametrize(("table", "key", "reason"), EXPECTED_BREACHES)
def test_breach_is_quarantined_with_reason(
    hostile: dict, table: str, key: str, reason: str
) -> None:
    rows = hostile["inter"]["int_quarantined_rows_unioned"]
    mine = rows[(rows["table_name"] == table) & rows["record_key"].str.contains(key, regex=False)]
    assert len(mine) > 0, f"{table} row {key} not quarantined"
    reasons = " ".join(mine["breach_reasons"].astype(str))
    assert reason in reasons


def test_every_raw_row_is_staged_or_quarantined(hostile: dict) -> None:
    rows = hostile["inter"]["int_quarantined_rows_unioned"]
    quarantined = rows.groupby("table_name").size()
    staged = {
        "nominals": len(hostile["staging"]["stg_person_records__nominals"]),
        "crimes": len(hostile["staging"]["stg_crimes__crimes"]),
    }
    for table, n_staged in staged.items():
        assert n_staged + int(quarantined.get(table, 0)) == hostile["counts"][table]


def test_awkward_but_valid_values_pass_through(hostile: dict) -> None:
    nominals = hostile["staging"]["stg_person_records__nominals"]
    ids = set(nominals["source_nominal_id"])
    for key in (
        "HOSTILE-LONG",
        "HOSTILE-CYRILLIC",
        "HOSTILE-ARABIC",
        "HOSTILE-ACCENTED",
        "HOSTILE-SLOPPY-CODES",
    ):
        assert key in ids, f"{key} should be staged, not quarantined"
    sloppy = nominals[nominals["source_nominal_id"] == "HOSTILE-SLOPPY-CODES"].iloc[0]
    assert sloppy["source_system"] == "CRIMES"
    assert sloppy["gender"] == "F"
    crimes = set(hostile["staging"]["stg_crimes__crimes"]["crime_id"])
    assert {"HOSTILE-CRIME-ISO-T", "HOSTILE-CRIME-ISO-FRACTION"} <= crimes


def _credible_intel_links(links: pd.DataFrame) -> int:
    """Edges of fct_person_links that stand (wholly or partly) on credible intelligence."""
    return int(sum("CREDIBLE_INTEL" in list(types) for types in links["link_types"]))


def test_no_credible_intelligence_means_no_intel_links(hostile: dict) -> None:
    graded = hostile["inter"]["int_intel_reports_graded"]
    assert len(graded) > 0
    assert not graded["is_credible"].astype(bool).any()  # the extract's premise
    assert len(hostile["inter"]["int_links_credible_intel"]) == 0
    links = hostile["marts"]["fct_person_links"]
    assert len(links) > 0, "no links at all: nothing was checked"
    assert _credible_intel_links(links) == 0


def test_the_intel_link_check_sees_a_credible_intel_link() -> None:
    """Negative control: one credible-intel edge among others is caught."""
    links = pd.DataFrame(
        {"link_types": [["CO_OFFENDING"], ["ARRESTED_TOGETHER", "CREDIBLE_INTEL"], []]}
    )
    assert _credible_intel_links(links) == 1


def _person_of(hostile: dict, record_id: str) -> str:
    records = hostile["inter"]["int_person_records_resolved"]
    person = records.loc[records["record_id"] == record_id, "person_id"]
    assert len(person) == 1, "record not staged"
    return person.iloc[0]


def test_force_merge_makes_one_person(hostile: dict) -> None:
    a, b = hostile["overrides"].merge
    assert _person_of(hostile, a) == _person_of(hostile, b)


def test_do_not_merge_keeps_one_persons_records_apart(hostile: dict) -> None:
    a, b = hostile["overrides"].do_not_merge
    assert _person_of(hostile, a) != _person_of(hostile, b)


def test_link_exclusion_removes_every_link_of_the_pair(hostile: dict) -> None:
    a, b = (_person_of(hostile, r) for r in hostile["overrides"].excluded_link)
    links = hostile["marts"]["fct_person_links"]
    pairs = set(zip(links["person_id_a"], links["person_id_b"], strict=True))
    assert not {(a, b), (b, a)} & pairs, "the excluded pair is still linked"
    audited = hostile["inter"]["int_analyst_overrides_audited"].set_index("override_id")
    assert audited.loc["TEST-L1", "n_links_removed"] >= 1


def test_person_exclusion_keeps_the_person_out_of_the_graph(hostile: dict) -> None:
    person = _person_of(hostile, hostile["overrides"].excluded_person)
    assert person not in set(hostile["marts"]["fct_person_scores"]["person_id"])
    links = hostile["marts"]["fct_person_links"]
    assert person not in set(links["person_id_a"]) | set(links["person_id_b"])
    audited = hostile["inter"]["int_analyst_overrides_audited"].set_index("override_id")
    assert audited.loc["TEST-P1", "n_links_removed"] >= 1


def test_every_applied_override_is_in_the_run_audit(hostile: dict) -> None:
    audit = hostile["marts"]["rpt_run_audit"]
    overrides = audit[audit["entry_type"] == "ANALYST_OVERRIDE"].set_index("override_id")
    assert sorted(overrides.index) == ["TEST-D1", "TEST-L1", "TEST-M1", "TEST-P1"]
    assert overrides["is_override_applied"].all()
    assert overrides["override_effect"].str.startswith("Applied").all()
    kinds = overrides["override_kind"].to_dict()
    assert kinds == {
        "TEST-M1": "PERSON_MERGE",
        "TEST-D1": "PERSON_DO_NOT_MERGE",
        "TEST-L1": "LINK_EXCLUSION",
        "TEST-P1": "PERSON_EXCLUSION",
    }
