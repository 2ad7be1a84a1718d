"""Data defects injected at documented rates, each recorded in ``truth/defects``.

Rates are per table and per defect class: ``max(1, round(rate * rows))`` rows
(so even ``tiny`` holds every class in every table it applies to).

Breaches (staging must quarantine them with a reason):

``NULL_REQUIRED``   a ``null: false`` column set to null
``UNKNOWN_CODE``    a code column holding a value outside the contract list
                    (source_system, involvement, offence_code, grading codes, ...)
``ORPHAN_KEY``      an added row whose crime / intel report / nominal does not exist
``DUPLICATE_PK``    an added row repeating an existing primary key (exact copy,
                    or same key with a different non-key value)
``FUTURE_DATE``     a date or timestamp after the as-of date

Not breaches (staging trims and upper-cases codes, then accepts the row):

``WHITESPACE``      a code with stray leading/trailing spaces
``LOWER_CASE``      a code in lower case

Destructive defects only touch background rows (never planted evidence), so the
planted truth stays recoverable; cosmetic ones touch any row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cse_contract import load_contract
from cse_synth.world import AS_OF, DAY_US

__all__ = ["BREACH_CLASSES", "DEFECT_RATES", "inject_defects", "pk_text"]

DEFECT_RATES: dict[str, float] = {
    "NULL_REQUIRED": 0.005,
    "UNKNOWN_CODE": 0.005,
    "ORPHAN_KEY": 0.005,
    "DUPLICATE_PK": 0.005,
    "FUTURE_DATE": 0.005,
    "WHITESPACE": 0.005,
    "LOWER_CASE": 0.005,
}
BREACH_CLASSES = ("NULL_REQUIRED", "UNKNOWN_CODE", "ORPHAN_KEY", "DUPLICATE_PK", "FUTURE_DATE")

_NULLABLE_TARGETS = {
    "nominals": ["created_at"],
    "crimes": ["offence_code", "recorded_at"],
    "crime_nominals": ["linked_at"],
    "custody_records": ["arrested_at", "source_nominal_id"],
    "intel_reports": ["submitted_at", "grading_scheme"],
    "intel_nominals": ["mention_role"],
    "nominal_identifiers": ["identifier_value", "observed_from"],
    "ocg_nominals": ["ocg_role"],
    "safeguarding_flags": ["flag_type"],
}
_UNKNOWN = {
    "nominals": {"source_system": "POLE", "gender": "Q"},
    "crimes": {"offence_code": "999Z"},
    "crime_nominals": {"involvement": "OFFNDR", "source_system": "CRIME"},
    "custody_records": {"source_system": "CUST"},
    "intel_reports": {
        "grading_scheme": "4X4X4",
        "source_evaluation": "9",
        "intelligence_assessment": "F",
        "handling_code": "X",
    },
    "intel_nominals": {"mention_role": "INFORMANT", "source_system": "INTELL"},
    "nominal_identifiers": {"identifier_type": "FAX", "source_system": "CRIMS"},
    "ocg_nominals": {"ocg_role": "LEADER", "source_system": "SOC"},
    "safeguarding_flags": {"flag_type": "OTHER_RISK", "source_system": "SOCIAL_CARE"},
}
# code columns that staging trims / upper-cases
_CODES = {
    "nominals": ["source_system", "gender"],
    "crimes": ["offence_code"],
    "crime_nominals": ["source_system", "involvement"],
    "custody_records": ["source_system"],
    "intel_reports": ["grading_scheme", "intelligence_assessment", "handling_code"],
    "intel_nominals": ["source_system", "mention_role"],
    "nominal_identifiers": ["source_system", "identifier_type"],
    "ocg_nominals": ["source_system", "ocg_role"],
    "safeguarding_flags": ["source_system", "flag_type"],
}
_FUTURE = {
    "nominals": ["date_of_birth", "created_at"],
    "crimes": ["recorded_at", "committed_from"],
    "crime_nominals": ["linked_at"],
    "custody_records": ["arrested_at"],
    "intel_reports": ["submitted_at"],
    "nominal_identifiers": ["observed_from"],
    "ocg_nominals": ["mapped_from"],
    "safeguarding_flags": ["flagged_at"],
}
# foreign keys: table -> (column to break, id prefix of a non-existent value)
_ORPHANS = {
    "crime_nominals": [("crime_id", "CR"), ("source_nominal_id", "CRN")],
    "intel_nominals": [("intel_id", "IR"), ("source_nominal_id", "INT-")],
    "custody_records": [("source_nominal_id", "CUS"), ("crime_id", "CR")],
    "nominal_identifiers": [("source_nominal_id", "CRN")],
    "ocg_nominals": [("source_nominal_id", "OCGM")],
    "safeguarding_flags": [("source_nominal_id", "SG")],
}


def _count(rate: float, n: int) -> int:
    return max(1, round(rate * n)) if n else 0


def pk_text(frame: pd.DataFrame, columns: list[str] | tuple[str, ...]) -> pd.Series:
    """Primary key as text: values joined by ``|`` (null empty; dates ISO; times to seconds)."""
    parts = []
    for c in columns:
        s = frame[c]
        if c in ("observed_from", "mapped_from"):
            s = pd.Series([_iso_date(v) for v in s], index=s.index)
        elif c == "flagged_at":
            s = pd.Series(
                [
                    None
                    if v is None or pd.isna(v)
                    else pd.Timestamp(v).strftime("%Y-%m-%d %H:%M:%S")
                    for v in s
                ],
                index=s.index,
            )
        parts.append(s.astype(object).where(s.notna(), "").astype(str))
    out = parts[0]
    for p in parts[1:]:
        out = out + "|" + p
    return out


def _iso_date(value: object) -> str | None:
    """ISO date of days-since-epoch ints (generator side) or date objects (read back)."""
    if value is None or pd.isna(value):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return str(np.datetime64(int(value), "D"))
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def _future(column: str, rng: np.random.Generator, n: int) -> np.ndarray:
    days = AS_OF // DAY_US + rng.integers(30, 3000, n)
    if column in ("date_of_birth", "observed_from", "mapped_from"):
        return days.astype(object)
    return np.array(days * DAY_US, dtype=np.int64).astype("datetime64[us]").astype(object)


def inject_defects(
    rng: np.random.Generator, tables: dict[str, pd.DataFrame]
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Inject every applicable defect class into every table.

    Returns the changed tables (``_planted`` dropped) and the ``defects`` truth frame
    (``table_name, primary_key, defect_class, column_name``).
    """
    truth = []
    out = {}
    for name, frame in tables.items():
        changed, marks = _one_table(rng, name, frame.reset_index(drop=True))
        out[name] = changed
        truth.append(marks)
    return out, pd.concat(truth, ignore_index=True)


def _one_table(
    rng: np.random.Generator, name: str, frame: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    spec = load_contract()[name]
    pk = list(spec.primary_key)
    n = len(frame)
    pool = rng.permutation(np.flatnonzero(~frame["_planted"].to_numpy(bool)))
    cursor = [0]

    def take(k: int) -> np.ndarray:
        rows = pool[cursor[0] : cursor[0] + k]
        cursor[0] += k
        return rows

    marks: list[tuple[int, str, str]] = []  # (row, class, column)
    for col_class, options in (
        ("NULL_REQUIRED", _NULLABLE_TARGETS.get(name, [])),
        ("UNKNOWN_CODE", list(_UNKNOWN.get(name, {}))),
        ("FUTURE_DATE", _FUTURE.get(name, [])),
    ):
        if not options:
            continue
        rows = take(_count(DEFECT_RATES[col_class], n))
        for i, r in enumerate(rows):
            c = options[i % len(options)]
            if col_class == "NULL_REQUIRED":
                frame.at[r, c] = None
            elif col_class == "UNKNOWN_CODE":
                frame.at[r, c] = _UNKNOWN[name][c]
            else:
                frame.at[r, c] = _future(c, rng, 1)[0]
            marks.append((int(r), col_class, c))
    # added rows: duplicates and orphans copy clean background rows
    added = []
    copied: list[int] = []  # rows copied into added rows stay clean
    dup = frame.loc[take(_count(DEFECT_RATES["DUPLICATE_PK"], n))].copy()
    copied += dup.index.tolist()
    non_key = [c for c in spec.column_names if c not in pk]
    if non_key:
        # every other duplicate differs in its last non-key column
        c = non_key[-1]
        other = frame[c].to_numpy()[rng.integers(0, n, len(dup))]
        flip = (np.arange(len(dup)) % 2) == 1
        dup[c] = np.where(flip, other, dup[c].to_numpy())
    added.append(dup.assign(_class="DUPLICATE_PK", _column=""))
    if name in _ORPHANS:
        orph = frame.loc[take(_count(DEFECT_RATES["ORPHAN_KEY"], n))].copy()
        copied += orph.index.tolist()
        targets = [_ORPHANS[name][j % len(_ORPHANS[name])] for j in range(len(orph))]
        for (c, prefix), r in zip(targets, orph.index, strict=True):
            orph.at[r, c] = prefix + str(9_000_000_000 + int(rng.integers(0, 999_999_999)))
            if name == "custody_records":  # its key is not the broken column: give a new one
                orph.at[r, "custody_id"] = "CU" + str(
                    9_000_000_000 + int(rng.integers(0, 999_999_999))
                )
        added.append(orph.assign(_class="ORPHAN_KEY", _column=[t[0] for t in targets]))
    # cosmetic: any row, including planted ones
    for cos in ("WHITESPACE", "LOWER_CASE"):
        cand = np.setdiff1d(np.arange(n), [m[0] for m in marks] + copied)
        rows = np.sort(
            rng.choice(cand, min(_count(DEFECT_RATES[cos], n), len(cand)), replace=False)
        )
        codes = _CODES[name]
        for i, r in enumerate(rows):
            c = codes[i % len(codes)]
            v = frame.at[r, c]
            if v is None or pd.isna(v):
                continue
            if cos == "WHITESPACE":
                frame.at[r, c] = (" " + v) if i % 2 else (v + "  ")
            elif str(v).lower() == str(v):
                continue  # digit-only codes have no case
            else:
                frame.at[r, c] = str(v).lower()
            marks.append((int(r), cos, c))
    rows_m = [m[0] for m in marks]
    marked = frame.loc[rows_m, pk].copy()
    marked["_class"] = [m[1] for m in marks]
    marked["_column"] = [m[2] for m in marks]
    extra = pd.concat(added, ignore_index=True)
    all_marks = pd.concat([marked, extra[[*pk, "_class", "_column"]]], ignore_index=True)
    truth = pd.DataFrame(
        {
            "table_name": name,
            "primary_key": pk_text(all_marks, pk).to_numpy(),
            "defect_class": all_marks["_class"].to_numpy(),
            "column_name": all_marks["_column"].replace("", None).to_numpy(),
        }
    )
    merged = pd.concat([frame, extra.drop(columns=["_class", "_column"])], ignore_index=True)
    return merged.drop(columns=["_planted"]), truth
