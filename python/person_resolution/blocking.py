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

__all__ = ["BLOCKING_RULE_DESCRIPTIONS", "blocking_rules", "training_blocking_rules"]

# name -> (what the rule catches, the rule)
BLOCKING_RULE_DESCRIPTIONS: dict[str, str] = {
    "pnc_id": "same PNC id",
    "dob": "same date of birth",
    "dob_transposed": "date of birth with day and month transposed",
    "forename_canonical+surname": "same canonical forename (nickname map) and surname",
    "surname+postcode": "same surname and postcode",
    "forename_canonical+postcode": "same canonical forename and postcode",
    "names_swapped": "forename and surname swapped",
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
    ]


def training_blocking_rules() -> list[Any]:
    """Blocks for expectation maximisation; each leaves other comparisons free to learn.

    Returns
    -------
    list
        Splink blocking rule creators, one EM session each.
    """
    return [
        block_on("dob"),  # learns names, PNC, postcode, gender
        block_on("forename_canonical", "surname"),  # learns date of birth
        block_on("pnc_id"),  # learns names and date of birth on certain matches
    ]
