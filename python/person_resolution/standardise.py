"""Standardise raw person-record fields the way staging does.

:func:`standardise_name` is the reference definition of a comparable name: the dbt
macro ``standardise_name`` (macros/standardise/names.sql) is pinned to it by the
shared hard cases of the unit test ``nominals_standardise_name_hard_cases`` and by
tests/python/person_resolution/test_name_reference.py.

Staged records are already standardised; running these functions on them again is a
no-op, so the same feature code serves the dbt model (staged input) and the retrain
command (raw parquet input).
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

__all__ = [
    "PLACEHOLDER_DOB",
    "as_text",
    "canonical_pnc",
    "canonical_postcode",
    "compact",
    "days_since_epoch",
    "name_parts",
    "record_ids",
    "sorted_characters",
    "standardise_address",
    "standardise_dob",
    "standardise_gender",
    "standardise_name",
    "transposed",
]

PLACEHOLDER_DOB = pd.Timestamp("1900-01-01")
_PNC = re.compile(r"^([0-9]{4}|[0-9]{2})(/[0-9]{1,7}|[0-9]{7})([A-Z])$")
# Letters written as two (expanded before accents are removed).
LIGATURES = {
    "Æ": "AE",
    "Œ": "OE",
    "ẞ": "SS",
    "ß": "SS",
    "Ĳ": "IJ",
    "Ǆ": "DZ",
    "Ǳ": "DZ",
    "Ǉ": "LJ",
    "Ǌ": "NJ",
    "Þ": "TH",
}
# Letters with a stroke or bar, which Unicode does not decompose into letter + accent:
# without this map Ł of Łukasz would be dropped as punctuation (UKASZ, not LUKASZ).
STROKE_LETTERS = {
    "Ð": "D",
    "Ł": "L",
    "Ø": "O",
    "Đ": "D",
    "Ħ": "H",
    "Ŧ": "T",
    "Ŀ": "L",
    "Ƚ": "L",
    "Ɨ": "I",
}


def _name(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.upper()
    for ligature, letters in LIGATURES.items():
        text = text.replace(ligature, letters)
    text = "".join(STROKE_LETTERS.get(c, c) for c in text)
    # apostrophes before decomposing: NFKD turns ´ into a space + mark (N´Diaye -> NDIAYE)
    text = re.sub(r"[\x27’‘`´]", "", text)  # O'Brien -> OBRIEN
    # accents: decompose, drop every mark (Unicode category M, as \p{M} in Spark SQL)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.category(c).startswith("M"))
    text = re.sub(r"[^A-Z ]", " ", text)  # Smith-Jones -> SMITH JONES
    text = re.sub(r"\s+", " ", text).strip()
    return text or None


def standardise_name(values: pd.Series) -> pd.Series:
    """Upper case, accents and apostrophes removed, other punctuation as spaces.

    Parameters
    ----------
    values : pd.Series
        Names as recorded.

    Returns
    -------
    pd.Series
        Standardised names (object dtype); blank -> None.
    """
    return values.map(_name).astype(object)


def _pnc(value: object, as_of_yy: str) -> str | None:
    if not isinstance(value, str):
        return None
    compact = re.sub(r"\s", "", value).upper()
    match = _PNC.match(compact)
    if match is None:
        return None
    year, serial, check = match.groups()
    if len(year) == 2:
        year = ("20" if year <= as_of_yy else "19") + year
    return f"{year}/{serial.replace('/', '').rjust(7, '0')}{check}"


def canonical_pnc(values: pd.Series, *, as_of_year: int = 2026) -> pd.Series:
    """Police National Computer ids as ``YYYY/NNNNNNNL``; unparseable -> None.

    Parameters
    ----------
    values : pd.Series
        PNC ids in any recorded format.
    as_of_year : int
        Two-digit years up to this year's are 20xx, later ones 19xx.

    Returns
    -------
    pd.Series
        Canonical ids (object dtype).
    """
    as_of_yy = f"{as_of_year % 100:02d}"
    return values.map(lambda v: _pnc(v, as_of_yy)).astype(object)


def _postcode(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    compact = re.sub(r"[^A-Za-z0-9]", "", value).upper()
    if 5 <= len(compact) <= 7:
        return f"{compact[:-3]} {compact[-3:]}"
    return compact or None


def canonical_postcode(values: pd.Series) -> pd.Series:
    """UK postcodes upper case with one space before the inward code.

    Parameters
    ----------
    values : pd.Series
        Postcodes as recorded.

    Returns
    -------
    pd.Series
        Canonical postcodes (object dtype); blank -> None.
    """
    return values.map(_postcode).astype(object)


def _address(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(re.sub(r"[^A-Z0-9]", " ", value.upper()).split()) or None


def standardise_address(values: pd.Series) -> pd.Series:
    """Addresses upper case, punctuation as spaces, one space between words; blank -> None.

    Parameters
    ----------
    values : pd.Series
        Addresses as recorded (one text per value).

    Returns
    -------
    pd.Series
        Comparable address texts (object dtype).
    """
    return values.map(_address).astype(object)


def sorted_characters(values: pd.Series) -> pd.Series:
    """The characters of each value (spaces dropped) in sorted order: equal for two values
    that differ only by characters swapped, as a hurried typist swaps two digits."""
    return values.map(
        lambda v: "".join(sorted(v.replace(" ", ""))) or None if isinstance(v, str) else None
    ).astype(object)


def standardise_dob(values: pd.Series) -> pd.Series:
    """Dates of birth as timestamps; the 1900-01-01 placeholder and unparseable -> NaT.

    Parameters
    ----------
    values : pd.Series
        Dates (date objects, strings or timestamps).

    Returns
    -------
    pd.Series
        ``datetime64[ns]`` series with missing values as NaT.
    """
    dob = pd.to_datetime(values, errors="coerce")
    return dob.where(dob > PLACEHOLDER_DOB)


def standardise_gender(values: pd.Series) -> pd.Series:
    """Gender codes M, F or X; unknown (U), blank or other -> None.

    Parameters
    ----------
    values : pd.Series
        Gender codes as recorded.

    Returns
    -------
    pd.Series
        Object series.
    """
    codes = values.astype(object).map(lambda v: v.strip().upper() if isinstance(v, str) else None)
    return codes.where(codes.isin(["M", "F", "X"]), None).astype(object)


def compact(values: pd.Series) -> pd.Series:
    """Standardised values without spaces (None stays None)."""
    return values.map(lambda v: v.replace(" ", "") or None if isinstance(v, str) else None).astype(
        object
    )


def name_parts(values: pd.Series, *, min_length: int = 3) -> pd.Series:
    """Parts of a standardised name of at least ``min_length`` letters, as sorted lists."""

    def parts(value: object) -> list[str] | None:
        if not isinstance(value, str):
            return None
        found = sorted({p for p in value.split(" ") if len(p) >= min_length})
        return found or None

    return values.map(parts).astype(object)


def record_ids(source_system: pd.Series, source_nominal_id: pd.Series) -> pd.Series:
    """``SYSTEM:id``, the record id staging builds (macros ``record_id``,
    ``standardise_code`` on the system, ``standardise_id`` on the nominal id): the system
    trimmed and upper-cased, the id trimmed, case kept. The one Python definition, for
    raw records read outside dbt (the retrain command, benchmarks, truth tables).

    Parameters
    ----------
    source_system, source_nominal_id : pd.Series
        Aligned raw values.

    Returns
    -------
    pd.Series
        Object series, aligned with the inputs.
    """
    system = source_system.astype(str).str.strip().str.upper()
    return system + ":" + source_nominal_id.astype(str).str.strip()


def as_text(values: pd.Series) -> pd.Series:
    """Object series with NaN/NA replaced by None (what both Splink backends expect)."""
    out = values.astype(object)
    return out.where(pd.notna(out), None)


def days_since_epoch(dob: pd.Series) -> pd.Series:
    """Whole days since 1970-01-01 as nullable Int64."""
    days = (dob - pd.Timestamp("1970-01-01")) // pd.Timedelta(days=1)
    return days.astype("Int64")


def transposed(dob: pd.Series) -> pd.Series:
    """The date with day and month swapped, when that is a different valid date; else None."""
    ok = dob.notna() & (dob.dt.day <= 12) & (dob.dt.day != dob.dt.month)
    out = pd.Series(None, index=dob.index, dtype=object)
    if ok.any():
        d = dob[ok]
        out[ok] = (
            d.dt.year.astype(str).str.zfill(4)
            + "-"
            + d.dt.day.astype(str).str.zfill(2)
            + "-"
            + d.dt.month.astype(str).str.zfill(2)
        ).to_numpy()
    return out
