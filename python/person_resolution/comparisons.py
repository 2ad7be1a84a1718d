"""The comparisons of the Splink model, identical for every backend.

Each comparison is built from Splink's dialect-aware levels (or portable SQL), so one
definition compiles for DuckDB and Spark; a saved model is re-applied level by level
(:func:`person_resolution.model.settings_for_dialect`). Names are compared by edit
distance (Levenshtein, built into both engines) rather than Jaro-Winkler: DuckDB's and
Splink's Spark-jar Jaro-Winkler differ slightly (measured: 28 of 34,278 default-scale
pairs fell in another level, 5 of them across the threshold), so the backends would not
give the same clusters.
"""

from __future__ import annotations

from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl

__all__ = ["COMPARISON_NAMES", "build_comparisons"]

COMPARISON_NAMES = [
    "forename",
    "surname",
    "date_of_birth",
    "pnc_id",
    "postcode",
    "address",
    "gender",
]

# A record whose forename and surname are swapped with the other record's.
_NAMES_SWAPPED = "forename_l = surname_r and surname_l = forename_r"
# Swapped, and either name misspelt too (a form filled in a hurry, a foreign naming
# order typed again): each name within edit distance 2 of the other record's other name.
# Measured on FEBRL3: 171 of the 811 true pairs the model missed were swapped this way.
_NAMES_SWAPPED_FUZZY = (
    "levenshtein(forename_l, surname_r) <= 2 and levenshtein(surname_l, forename_r) <= 2"
)


def _comparison(
    column: str, description: str, levels: list[Any], *, output: str | None = None
) -> cl.CustomComparison:
    """``levels`` between the two every comparison has: missing first, different last."""
    return cl.CustomComparison(
        output_column_name=output or column,
        comparison_description=description,
        comparison_levels=[
            cll.NullLevel(column),
            *levels,
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )


def _exact(column: str) -> Any:
    return cll.ExactMatchLevel(column).configure(label_for_charts="exact")


def _forename() -> cl.CustomComparison:
    return _comparison(
        "forename",
        "Forename: exact, nickname, edit distance, middle name, swapped (exactly or misspelt)",
        [
            _exact("forename"),
            cll.ArrayIntersectLevel("forename_keys", 1).configure(
                label_for_charts="same canonical name (nickname map)"
            ),
            cll.LevenshteinLevel("forename", 1).configure(label_for_charts="edit distance 1"),
            cll.CustomLevel(
                "forename_l = middle_name_r or middle_name_l = forename_r",
                label_for_charts="forename is the other's middle name",
            ),
            cll.CustomLevel(_NAMES_SWAPPED, label_for_charts="forename and surname swapped"),
            cll.CustomLevel(
                _NAMES_SWAPPED_FUZZY, label_for_charts="swapped, within edit distance 2"
            ),
            cll.LevenshteinLevel("forename", 2).configure(label_for_charts="edit distance 2"),
        ],
    )


def _surname() -> cl.CustomComparison:
    return _comparison(
        "surname",
        "Surname: exact, swapped, edit distance, double-barrelled part",
        [
            _exact("surname"),
            # the swap is weighed once, by the forename comparison: neutral here
            cll.CustomLevel(
                _NAMES_SWAPPED, label_for_charts="swapped (weighed by forename)"
            ).configure(is_null_level=True),
            cll.LevenshteinLevel("surname", 1).configure(label_for_charts="edit distance 1"),
            cll.ArrayIntersectLevel("surname_parts", 1).configure(
                label_for_charts="shares a double-barrelled part"
            ),
            cll.LevenshteinLevel("surname", 2).configure(label_for_charts="edit distance 2"),
            cll.CustomLevel(
                _NAMES_SWAPPED_FUZZY, label_for_charts="swapped, misspelt (weighed by forename)"
            ).configure(is_null_level=True),
        ],
    )


def _date_of_birth() -> cl.CustomComparison:
    return _comparison(
        "dob",
        "Date of birth (placeholder = missing): exact, day/month transposed, year slip",
        [
            _exact("dob"),
            cll.CustomLevel(
                "dob_transposed_l = dob_r or dob_l = dob_transposed_r",
                label_for_charts="day and month transposed",
            ),
            cll.CustomLevel(
                "abs(dob_days_l - dob_days_r) between 364 and 366",
                label_for_charts="one year apart (year slip)",
            ),
        ],
        output="date_of_birth",
    )


def _pnc() -> cl.CustomComparison:
    return _comparison(
        "pnc_id",
        "Police National Computer id",
        [_exact("pnc_id")],
    )


def _postcode() -> cl.CustomComparison:
    return _comparison(
        "postcode",
        "Postcode (neutral when an address is shared): full, sector, "
        "district, one character off, two characters swapped",
        [
            # A shared address holds its postcode: weighed once, by the address
            # comparison (counted twice, two people of one household with no date of
            # birth matched on a forename alone: 16 of 38 false pairs at default).
            cll.ArrayIntersectLevel("addresses", 1).configure(
                is_null_level=True, label_for_charts="an address in common (weighed by address)"
            ),
            _exact("postcode"),
            cll.ExactMatchLevel("postcode_sector").configure(label_for_charts="same sector"),
            cll.ExactMatchLevel("postcode_district").configure(label_for_charts="same district"),
            # one mistyped character (FEBRL's 4-digit postcodes have no sector or
            # district; a UK postcode typed with one slip keeps neither either)
            cll.LevenshteinLevel("postcode", 1).configure(label_for_charts="edit distance 1"),
            # two characters swapped (2615 / 2651): the same characters, two edits apart.
            # Portable SQL (Damerau-Levenshtein is not built into Spark).
            cll.CustomLevel(
                "postcode_characters_l = postcode_characters_r "
                "and levenshtein(postcode_l, postcode_r) <= 2",
                label_for_charts="two characters swapped",
            ),
        ],
    )


def _address() -> cl.CustomComparison:
    # Words shared rather than one string's edit distance: a record often holds part of
    # the address (no flat, no town), and a shared word count is portable SQL.
    return _comparison(
        "address",
        "Address (every address seen with each record): one in "
        "common, latest within 2 edits, words in common",
        [
            cll.ArrayIntersectLevel("addresses", 1).configure(
                label_for_charts="an address in common"
            ),
            cll.LevenshteinLevel("address", 2).configure(
                label_for_charts="latest addresses within edit distance 2"
            ),
            cll.ArrayIntersectLevel("address_tokens", 4).configure(
                label_for_charts="4 or more words in common"
            ),
            cll.ArrayIntersectLevel("address_tokens", 2).configure(
                label_for_charts="2 or 3 words in common"
            ),
        ],
    )


def _gender() -> cl.CustomComparison:
    return _comparison(
        "gender",
        "Gender (U = missing)",
        [_exact("gender")],
    )


def build_comparisons() -> list[Any]:
    """The model's comparisons, in :data:`COMPARISON_NAMES` order.

    Returns
    -------
    list
        Splink ``ComparisonCreator`` objects (dialect-free until a linker compiles them).
    """
    return [
        _forename(),
        _surname(),
        _date_of_birth(),
        _pnc(),
        _postcode(),
        _address(),
        _gender(),
    ]
