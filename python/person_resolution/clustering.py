"""Which Splink pairs clustering may union: the near-empty-record rule.

A near-empty record (no date of birth, no postcode, no PNC id) can match on name and
gender alone, so through it two different people with the same name could be chained
into one. Splink pairs that touch a near-empty record are therefore never unioned: such
a record joins a person only through a rule pair (in practice an analyst force-merge).

Measured on the generator's default world (seed 42): a near-empty record's best Splink
pair points into the right person only about half the time even when it points into a
single person, because most full names there are shared by several people; attaching
near-empty records by their single best pair cost more precision (0.9998 -> 0.995) than
it gained recall (+0.007). See the docs block ``splink_resolution``.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["SPLINK_RULE", "SPLINK_RULE_PRIORITY", "clustering_pairs"]

SPLINK_RULE = "SPLINK"
SPLINK_RULE_PRIORITY = 5  # after ANALYST_OVERRIDE, PNC, NAME_DOB_EXACT, NAME_DOB_FUZZY


def clustering_pairs(
    pairs: pd.DataFrame, near_empty_ids: set[str] | pd.Series, *, threshold: float
) -> pd.DataFrame:
    """Splink pairs to union with the rule pairs: at or above the threshold, between
    records that are not near-empty.

    Parameters
    ----------
    pairs : pd.DataFrame
        Scored pairs (``record_id_a``, ``record_id_b``, ``match_probability``).
    near_empty_ids : set or pd.Series
        Record ids with no date of birth, postcode or PNC id.
    threshold : float
        Match probability at or above which a pair is a match.

    Returns
    -------
    pd.DataFrame
        ``record_id_a``, ``record_id_b``, ``resolution_rule`` (SPLINK), ``rule_priority``
        and ``match_probability``, sorted by probability (descending) then ids.
    """
    empty = set(near_empty_ids)
    keep = (
        (pairs["match_probability"] >= threshold)
        & ~pairs["record_id_a"].isin(empty)
        & ~pairs["record_id_b"].isin(empty)
    )
    out = pairs.loc[keep, ["record_id_a", "record_id_b", "match_probability"]].copy()
    out.insert(2, "resolution_rule", SPLINK_RULE)
    out.insert(3, "rule_priority", SPLINK_RULE_PRIORITY)
    out = out.sort_values(
        ["match_probability", "record_id_a", "record_id_b"],
        ascending=[False, True, True],
        kind="stable",
    )
    return out.reset_index(drop=True)
