"""Staging's quarantine on the tiny build against the generator's planted defects.

Read straight from the warehouse's parquet files (no Spark needed). Only keys,
codes and counts are compared or reported, never record contents.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

PARENT_REASONS = ("QUARANTINED_PARENT", "ORPHAN_KEY")
BREACHES = {
    "NULL_REQUIRED": "NULL_REQUIRED",
    "UNKNOWN_CODE": "UNKNOWN_CODE",
    "ORPHAN_KEY": "ORPHAN_KEY",
    "DUPLICATE_PK": "DUPLICATE_KEY",
    "FUTURE_DATE": "FUTURE_DATE",
}
COSMETIC = ("WHITESPACE", "LOWER_CASE")


def _table(warehouse: Path, schema: str, table: str) -> pd.DataFrame:
    prefix = os.environ.get("CSE_SCHEMA_PREFIX", "")
    return pd.read_parquet(warehouse / "warehouse" / f"{prefix}{schema}.db" / table)


@pytest.fixture(scope="module")
def quarantined(tiny_build) -> pd.DataFrame:
    """Quarantined rows: table, raw key and reasons (raw row JSON dropped)."""
    frame = _table(tiny_build.warehouse, "intermediate", "int_quarantined_rows_unioned")
    return frame[["table_name", "record_key", "breach_reasons"]]


@pytest.fixture(scope="module")
def defects(tiny_build) -> pd.DataFrame:
    """The generator's planted defects (table, primary key text, class, column)."""
    return pd.read_parquet(tiny_build.data / "truth" / "defects.parquet")


def _keys(frame: pd.DataFrame, key: str) -> set[tuple[str, str]]:
    return set(zip(frame["table_name"], frame[key], strict=True))


def _reasons_by_key(quarantined: pd.DataFrame) -> dict[tuple[str, str], set[str]]:
    """All reasons per (table, raw key); duplicate copies share a key."""
    out: dict[tuple[str, str], set[str]] = {}
    for table, key, reasons in quarantined.itertuples(index=False):
        out.setdefault((table, key), set()).update(reasons)
    return out


def _planted(defects: pd.DataFrame) -> pd.DataFrame:
    return defects[defects["defect_class"].isin(list(BREACHES))]


def test_every_planted_breach_is_quarantined(quarantined, defects) -> None:
    planted = _keys(_planted(defects), "primary_key")
    missed = planted - _keys(quarantined, "record_key")
    assert len(planted) > 0
    assert len(missed) == 0, f"{len(missed)} of {len(planted)} planted breaches not quarantined"


def test_planted_breaches_carry_their_reason(quarantined, defects) -> None:
    found = _reasons_by_key(quarantined)
    wrong = 0
    for row in _planted(defects).itertuples():
        want = BREACHES[row.defect_class]
        if row.column_name and row.defect_class != "ORPHAN_KEY":
            want = f"{want}:{row.column_name}"
        reasons = found.get((row.table_name, row.primary_key), set())
        if not any(r == want or r.startswith(want + ":") for r in reasons):
            wrong += 1
    assert wrong == 0, f"{wrong} planted breaches quarantined without their reason"


def test_cosmetic_code_noise_is_not_quarantined(quarantined, defects) -> None:
    cosmetic = _keys(defects[defects["defect_class"].isin(COSMETIC)], "primary_key")
    cosmetic -= _keys(_planted(defects), "primary_key")
    # a noisy row may still follow its quarantined parent
    wrongly = [
        key
        for key, reasons in _reasons_by_key(quarantined).items()
        if key in cosmetic and not all(r.split(":")[0] in PARENT_REASONS for r in reasons)
    ]
    assert len(cosmetic) > 0
    assert len(wrongly) == 0, f"{len(wrongly)} rows with only case/space noise quarantined"


def test_quarantine_is_explained_by_planted_defects_or_their_parents(quarantined, defects) -> None:
    planted = _keys(_planted(defects), "primary_key")
    unexplained = [
        key
        for key, reasons in _reasons_by_key(quarantined).items()
        if key not in planted and not all(r.split(":")[0] in PARENT_REASONS for r in reasons)
    ]
    assert len(unexplained) == 0, f"{len(unexplained)} quarantined rows without a planted cause"
