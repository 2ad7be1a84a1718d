"""Hostile extracts built from the `tiny` data set, for the reliability tests.

``write_hostile_extract`` turns a clean tiny ``raw/`` folder into a CSV extract
that carries every row-level breach class of the raw contract at once, plus
empty tables, all-null optional columns, very long strings, non-Latin and
accented names, ISO timestamps in unusual but valid spellings, and an
intelligence table in which no report is credible. Every injected row is
recorded in ``EXPECTED_BREACHES`` so the tests can check its quarantine reason.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["EXPECTED_BREACHES", "STRUCTURAL_CASES", "read_tiny", "write_hostile_extract"]

TABLES = [
    "nominals",
    "crimes",
    "crime_nominals",
    "custody_records",
    "intel_reports",
    "intel_nominals",
    "nominal_identifiers",
    "ocg_nominals",
    "safeguarding_flags",
]

# (table, key text prefix or marker, reason prefix expected in quarantine)
EXPECTED_BREACHES = [
    ("nominals", "HOSTILE-NULL-SYSTEM", "NULL_REQUIRED"),
    ("nominals", "HOSTILE-UNKNOWN-SYSTEM", "UNKNOWN_CODE"),
    ("nominals", "HOSTILE-FUTURE-DOB", "FUTURE_DATE"),
    ("nominals", "HOSTILE-ANCIENT-DOB", "IMPOSSIBLE_DATE"),
    ("nominals", "HOSTILE-DUPLICATE", "DUPLICATE_KEY"),
    ("crimes", "HOSTILE-CRIME-UNKNOWN-OFFENCE", "UNKNOWN_CODE"),
    ("crimes", "HOSTILE-CRIME-FUTURE", "FUTURE_DATE"),
    ("crimes", "HOSTILE-CRIME-BACKWARDS", "IMPOSSIBLE_DATE"),
    ("crime_nominals", "HOSTILE-ORPHAN-CRIME", "ORPHAN_KEY"),
    ("crime_nominals", "HOSTILE-UNKNOWN-INVOLVEMENT", "UNKNOWN_CODE"),
    ("intel_reports", "HOSTILE-INTEL-UNKNOWN-SCHEME", "UNKNOWN_CODE"),
]

# Structural breaches: (description, mutate(frames) -> frames, words the error must name)
STRUCTURAL_CASES = ["missing_table", "missing_column", "wrong_type"]


def read_tiny(raw: Path) -> dict[str, pd.DataFrame]:
    """Every contract table of a generated raw folder, as pandas frames."""
    frames = {}
    for table in TABLES:
        path = raw / f"{table}.parquet"
        frames[table] = pd.read_parquet(path) if path.exists() else pd.read_parquet(raw / table)
    return frames


def _with_row(frame: pd.DataFrame, template: pd.Series, **values: object) -> pd.DataFrame:
    row = template.copy()
    for key, value in values.items():
        row[key] = value
    return pd.concat([frame, row.to_frame().T], ignore_index=True)


def write_hostile_extract(raw: Path, out: Path) -> dict[str, int]:
    """Write the hostile CSV extract to ``out``; return row counts per table."""
    f = read_tiny(raw)
    nominals, crimes = f["nominals"], f["crimes"]
    person = nominals.iloc[0]
    n = nominals
    n = _with_row(n, person, source_nominal_id="HOSTILE-NULL-SYSTEM", source_system=None)
    n = _with_row(n, person, source_nominal_id="HOSTILE-UNKNOWN-SYSTEM", source_system="POLICE_X")
    n = _with_row(n, person, source_nominal_id="HOSTILE-FUTURE-DOB", date_of_birth="2031-02-03")
    n = _with_row(n, person, source_nominal_id="HOSTILE-ANCIENT-DOB", date_of_birth="1850-06-01")
    n = _with_row(n, person, source_nominal_id="HOSTILE-DUPLICATE", forename="ONE")
    n = _with_row(n, person, source_nominal_id="HOSTILE-DUPLICATE", forename="TWO")
    # Valid but awkward values: they must pass through staging untouched in meaning.
    n = _with_row(
        n, person, source_nominal_id="HOSTILE-LONG", surname="X" * 5000, forename="Y" * 3000
    )
    n = _with_row(
        n, person, source_nominal_id="HOSTILE-CYRILLIC", forename="Анастасия", surname="Кузнецова"
    )
    n = _with_row(n, person, source_nominal_id="HOSTILE-ARABIC", forename="محمد", surname="الحسن")
    n = _with_row(
        n,
        person,
        source_nominal_id="HOSTILE-ACCENTED",
        forename="Zoë",
        surname="Ó Súilleabháin-Núñez",
    )
    n = _with_row(
        n, person, source_nominal_id="HOSTILE-SLOPPY-CODES", source_system="  crimes ", gender=" f "
    )
    n["middle_names"] = None  # an optional column entirely null
    n["updated_at"] = None
    f["nominals"] = n

    crime = crimes.iloc[0]
    c = crimes
    c = _with_row(c, crime, crime_id="HOSTILE-CRIME-UNKNOWN-OFFENCE", offence_code="ZZ99")
    c = _with_row(c, crime, crime_id="HOSTILE-CRIME-FUTURE", recorded_at="2031-01-01 00:00:00")
    c = _with_row(
        c,
        crime,
        crime_id="HOSTILE-CRIME-BACKWARDS",
        committed_from="2024-05-02 10:00:00",
        committed_to="2024-05-01 10:00:00",
    )
    # ISO timestamps in unusual but valid spellings.
    c = _with_row(c, crime, crime_id="HOSTILE-CRIME-ISO-T", recorded_at="2024-03-04T05:06:07")
    c = _with_row(
        c, crime, crime_id="HOSTILE-CRIME-ISO-FRACTION", recorded_at="2024-03-04 05:06:07.123456"
    )
    c["lsoa_code"] = None
    f["crimes"] = c

    link = f["crime_nominals"].iloc[0]
    cn = f["crime_nominals"]
    cn = _with_row(cn, link, crime_id="HOSTILE-ORPHAN-CRIME")
    cn = _with_row(
        cn,
        link,
        crime_id=crimes.iloc[1]["crime_id"],
        source_nominal_id="HOSTILE-UNKNOWN-INVOLVEMENT",
        involvement="ACCOMPLICE",
    )
    f["crime_nominals"] = cn

    intel = f["intel_reports"].copy()
    # Nothing credible: every report graded source 3 (3x5x2) or E (5x5x5).
    intel["source_evaluation"] = intel["grading_scheme"].map({"3X5X2": "3", "5X5X5": "E"})
    intel = _with_row(
        intel, intel.iloc[0], intel_id="HOSTILE-INTEL-UNKNOWN-SCHEME", grading_scheme="7X7X7"
    )
    f["intel_reports"] = intel

    # Empty tables: header only.
    f["ocg_nominals"] = f["ocg_nominals"].iloc[0:0]
    f["safeguarding_flags"] = f["safeguarding_flags"].iloc[0:0]

    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table, frame in f.items():
        frame.to_csv(out / f"{table}.csv", index=False)
        counts[table] = len(frame)
    return counts
