"""Blocking rules: which record pairs Splink scores at all (never a full cross join).

A pair is scored when any rule holds. Each rule is an equi-join, so the work grows with
block sizes, not with the square of the record count. The recall of true pairs of each
rule and of their union is measured on the generator's truth by
``python -m person_resolution.train`` (docs block ``splink_blocking``). Blocks on surname
and birth year, or canonical forename and birth year, were measured too (default world,
seed 7): 204,507 more candidate pairs and not one more true pair, so they were dropped.
"""

from __future__ import annotations

from typing import Any

from splink import block_on
from splink.blocking_rule_library import CustomRule

__all__ = [
    "BLOCKING_RULE_DESCRIPTIONS",
    "TRAINING_BLOCKING_RULES",
    "blocking_rules",
    "training_blocking_rules",
]

# name -> (what the rule catches, the rule)
BLOCKING_RULE_DESCRIPTIONS: dict[str, str] = {
    "pnc_id": "same PNC id",
    "dob": "same date of birth",
    "dob_transposed": "date of birth with day and month transposed",
    "forename_canonical+surname": "same canonical forename (nickname map) and surname",
    "surname+postcode": "same surname and postcode",
    "forename_canonical+postcode": "same canonical forename and postcode",
    "names_swapped": "forename and surname swapped",
    "address_word": "a rare address word in common (held by at most "
    "var identity_identifier_max_records records)",
}


def blocking_rules() -> list[Any]:
    """Rules that generate the pairs to score, in :data:`BLOCKING_RULE_DESCRIPTIONS` order.

    Returns
    -------
    list
        Splink blocking rule creators.
    """
    return [
        block_on("pnc_id"),
        block_on("dob"),
        CustomRule("l.dob_transposed = r.dob"),
        block_on("forename_canonical", "surname"),
        block_on("surname", "postcode"),
        block_on("forename_canonical", "postcode"),
        CustomRule("l.forename = r.surname and l.surname = r.forename"),
        # Records of one dwelling whose names and dates of birth all differ or are
        # missing (misspelt both, a married name and no date of birth): on FEBRL,
        # most true pairs no other rule blocked shared such a word.
        block_on("address_rare_words", arrays_to_explode=["address_rare_words"]),
    ]


# name -> (what EM learns in that session, the rule); preferred first. The blocked
# columns are not learnt in their own session, so every comparison needs a session
# that does not block on it: with dates of birth and names both present the first two
# suffice; the postcode pairs stand in when dates of birth or PNC ids are absent
# (FEBRL-like extracts, a force without PNC ids on most records).
TRAINING_BLOCKING_RULES: dict[str, str] = {
    "dob": "learns names, PNC id, postcode, gender",
    "forename_canonical+surname": "learns date of birth, PNC id, postcode, gender",
    "pnc_id": "learns names, date of birth on certain matches",
    "surname+postcode": "learns forename, date of birth, PNC id, gender",
    "forename_canonical+postcode": "learns surname, date of birth, PNC id, gender",
}


def training_blocking_rules() -> dict[str, Any]:
    """Candidate blocks for expectation maximisation, in :data:`TRAINING_BLOCKING_RULES`
    order; each leaves the other comparisons free to learn. Which of them run is decided
    on the data (:func:`person_resolution.model.train_linker`).

    Returns
    -------
    dict
        Rule name -> Splink blocking rule creator.
    """
    return {
        "dob": block_on("dob"),
        "forename_canonical+surname": block_on("forename_canonical", "surname"),
        "pnc_id": block_on("pnc_id"),
        "surname+postcode": block_on("surname", "postcode"),
        "forename_canonical+postcode": block_on("forename_canonical", "postcode"),
    }
