"""Hostile extracts: row-level breaches are quarantined with reasons and the build stays green.

One hostile CSV extract (built from `tiny` by `hostile.write_hostile_extract`)
carries every row-level breach class at once, plus empty tables, all-null
optional columns, very long strings, non-Latin and accented names, unusual
ISO timestamp spellings and intelligence of which none is credible.
Structural breaches (missing file, missing column, unreadable values) are
the loader's and are covered in tests/python/synth.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import EXPECTED_BREACHES, write_hostile_extract
from lab import Lab, read_snapshot

pytestmark = pytest.mark.pipeline


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, tiny_data: Path) -> dict:
    lab = Lab(tmp_path_factory.mktemp("hostile-lab"))
    counts = write_hostile_extract(tiny_data / "raw", lab.root / "hostile-raw")
    load = lab.load(lab.root / "hostile-raw")
    assert load.returncode == 0, f"hostile load failed; see {lab.root}/load.out"
    build = lab.dbt("build", name="build")
    inter = read_snapshot(
        lab.snapshot(
            "intermediate",
            "intermediate",
            [
                "int_quarantined_rows_unioned",
                "int_intel_exclusions_counted",
                "int_intel_reports_graded",
            ],
        )
    )
    staging = read_snapshot(
        lab.snapshot(
            "staging",
            "staging",
            [
                "stg_person_records__nominals",
                "stg_crimes__crimes",
            ],
        )
    )
    marts = read_snapshot(lab.snapshot("marts", "marts"))
    return {
        "lab": lab,
        "counts": counts,
        "build": build,
        "inter": inter,
        "staging": staging,
        "marts": marts,
    }


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


def test_no_credible_intelligence_means_no_intel_links(hostile: dict) -> None:
    graded = hostile["inter"]["int_intel_reports_graded"]
    assert len(graded) > 0
    assert not graded["is_credible"].astype(bool).any()
    excluded = hostile["inter"]["int_intel_exclusions_counted"]
    assert len(excluded) > 0
