"""One name standardisation: the Python function is the reference, the dbt macro is pinned to it.

The hard cases live once, in the dbt unit test ``nominals_standardise_name_hard_cases``
(models/staging/person_records/_person_records__models.yml), which runs them through
the macro in `dbt build`; here the same rows run through the Python function. The
macro's letter maps are checked letter by letter against the Python function.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
import yaml

from person_resolution.standardise import standardise_name

ROOT = Path(__file__).resolve().parents[3]
MODELS_YML = ROOT / "models" / "staging" / "person_records" / "_person_records__models.yml"
MACRO = ROOT / "macros" / "standardise" / "names.sql"
UNIT_TEST = "nominals_standardise_name_hard_cases"
# Upper-case Latin letters the maps must cover: Latin-1 Supplement, Extended-A and -B, Additional.
LATIN_RANGES = (range(0xC0, 0x250), range(0x1E00, 0x1F00))


def _hard_cases() -> list[tuple[str, object, object]]:
    tests = yaml.safe_load(MODELS_YML.read_text(encoding="utf-8"))["unit_tests"]
    (test,) = [t for t in tests if t["name"] == UNIT_TEST]
    (given,) = test["given"]
    raw = {row["source_nominal_id"]: row["forename"] for row in given["rows"]}
    expected = {row["source_nominal_id"]: row["forename"] for row in test["expect"]["rows"]}
    assert raw.keys() == expected.keys(), "every hard case needs a raw and an expected name"
    return [(case, raw[case], expected[case]) for case in sorted(raw)]


HARD_CASES = _hard_cases()


@pytest.mark.parametrize(("case", "raw", "expected"), HARD_CASES, ids=[c[0] for c in HARD_CASES])
def test_python_reference_gives_the_unit_test_expectation(
    case: str, raw: object, expected: object
) -> None:
    (out,) = standardise_name(pd.Series([raw], dtype=object)).tolist()
    assert out == expected, case


def test_hard_cases_cover_the_named_kinds() -> None:
    raws = " ".join(str(raw) for _, raw, _ in HARD_CASES)
    for needed in ["Ș", "ș", "\u0326", "ł", "ø", "ß", "Æ", "-", "'", "’", "Mc", "Mac", ","]:
        assert needed in raws, needed
    assert any(raw is None for _, raw, _ in HARD_CASES)
    assert any(isinstance(raw, str) and not raw.strip() for _, raw, _ in HARD_CASES)


def _macro_body(name: str) -> str:
    text = MACRO.read_text(encoding="utf-8")
    match = re.search(r"{% macro " + name + r"\(\) -%}\s*(.*?)\s*{%- endmacro %}", text, re.S)
    assert match, name
    return match.group(1)


def _sql_letter(letter: str) -> str:
    """What the macro's maps make of one upper-case letter (before the punctuation step)."""
    expansions = dict(re.findall(r"'([^']+)': '([A-Z]+)'", _macro_body("name_letter_expansions")))
    for pattern, letters in expansions.items():
        letter = re.sub(pattern, letters, letter)
    table = str.maketrans(_macro_body("accent_map_from"), _macro_body("accent_map_to"))
    letter = letter.translate(table)
    # the macro's later steps: drop combining marks, any other non A-Z is a space (trimmed)
    letter = "".join(c for c in letter if not unicodedata.category(c).startswith("M"))
    return re.sub(r"[^A-Z]", "", letter)


def test_macro_maps_agree_with_the_reference_letter_by_letter() -> None:
    assert len(_macro_body("accent_map_from")) == len(_macro_body("accent_map_to"))
    differ = {}
    for block in LATIN_RANGES:
        for code_point in block:
            letter = chr(code_point)
            if letter.upper() != letter or letter.lower() == letter:
                continue  # lower case (upper() comes first) or no letter case
            (reference,) = standardise_name(pd.Series([letter])).tolist()
            if _sql_letter(letter) != (reference or "").replace(" ", ""):
                differ[f"U+{code_point:04X}"] = (reference, _sql_letter(letter))
    assert not differ


def test_python_record_ids_equal_the_staging_unit_test() -> None:
    # The record id staging builds (macro record_id over the standardised system and
    # id), as pinned by the dbt unit test below: the Python definition gives the same.
    from person_resolution.standardise import record_ids

    tests = yaml.safe_load(MODELS_YML.read_text(encoding="utf-8"))["unit_tests"]
    (test,) = [t for t in tests if t["name"] == "nominals_standardise_names_pnc_and_dates"]
    given = pd.DataFrame(test["given"][0]["rows"])
    expected = [row["record_id"] for row in test["expect"]["rows"]]
    assert " custody" in set(given["source_system"])  # a system needing trim and case
    assert sorted(record_ids(given["source_system"], given["source_nominal_id"])) == sorted(
        expected
    )
    # the nominal id is trimmed, its case kept (macro standardise_id)
    out = record_ids(pd.Series(["intel "]), pd.Series([" ab12 "])).tolist()
    assert out == ["INTEL:ab12"]
