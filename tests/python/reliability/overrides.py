"""Analyst feedback seeds that name real records of the `tiny` data set.

``choose_overrides`` picks, from the raw extract and the generator's truth, one
record pair to force-merge (two different people), one to keep apart (two
records of one person that share a PNC id, so the rules would merge them), one
pair of co-offending network members whose links to exclude, and one network
member to exclude from the graph. It returns the three seed tables and what
the tests should then see. Picks are deterministic (sorted ids); only ids are
used, never names.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from person_resolution.standardise import record_ids

__all__ = ["ChosenOverrides", "choose_overrides"]

DECIDED_AT = "2026-01-15"


@dataclass(frozen=True)
class ChosenOverrides:
    """The seed frames and the record ids each override names."""

    seeds: dict[str, pd.DataFrame]
    merge: tuple[str, str]
    do_not_merge: tuple[str, str]
    excluded_link: tuple[str, str]
    excluded_person: str


def _record_id(frame: pd.DataFrame) -> pd.Series:
    return record_ids(frame["source_system"], frame["source_nominal_id"])


def choose_overrides(raw: Path, truth: Path) -> ChosenOverrides:
    """Pick the four overrides from a clean tiny ``raw/`` and its ``truth/``."""
    nominals = pd.read_parquet(raw / "nominals.parquet")
    nominals = nominals.assign(record_id=_record_id(nominals))
    records = pd.read_parquet(truth / "records.parquet")
    records = records.assign(record_id=_record_id(records))
    nominals = nominals.merge(records[["record_id", "true_person_id"]], on="record_id")
    # Rows with a planted defect are quarantined: never pick them.
    defects = pd.read_parquet(truth / "defects.parquet")
    defective = set(defects["table_name"] + "|" + defects["primary_key"])
    nominals = nominals[
        ~("nominals|" + nominals["source_system"] + "|" + nominals["source_nominal_id"]).isin(
            defective
        )
    ]
    members = pd.read_parquet(truth / "network_members.parquet")
    n_records = nominals.groupby("true_person_id")["record_id"].transform("size")

    # Two people with one complete record each, not in any planted network.
    complete = nominals["pnc_id"].notna() & nominals["date_of_birth"].notna()
    outside = ~nominals["true_person_id"].isin(members["true_person_id"])
    singles = nominals[complete & outside & (n_records == 1)].sort_values("record_id")
    singles = singles.drop_duplicates("surname")
    merge = tuple(singles["record_id"].iloc[:2])

    # One person's two records that share a PNC id: the PNC rule would merge them.
    pairs = nominals[(n_records == 2) & nominals["pnc_id"].notna() & outside]
    same_pnc = pairs.groupby("true_person_id").filter(
        lambda g: len(g) == 2 and g["pnc_id"].str.strip().str.upper().nunique() == 1
    )
    first = same_pnc.sort_values(["true_person_id", "record_id"])
    first = first[first["true_person_id"] == first["true_person_id"].iloc[0]]
    do_not_merge = tuple(first["record_id"])

    # Two members of one planted network, suspects on the same crime.
    crime_nominals = pd.read_parquet(raw / "crime_nominals.parquet")
    crime_nominals = crime_nominals.assign(record_id=_record_id(crime_nominals))
    row_key = "crime_nominals|" + crime_nominals[
        ["crime_id", "source_system", "source_nominal_id", "involvement"]
    ].astype(str).agg("|".join, axis=1)
    crime_nominals = crime_nominals[
        ~row_key.isin(defective)
        & ~("crimes|" + crime_nominals["crime_id"]).isin(defective)
        & crime_nominals["record_id"].isin(set(nominals["record_id"]))
    ]
    crime_nominals = crime_nominals[
        crime_nominals["involvement"].str.strip().str.upper().isin(["SUSPECT", "OFFENDER"])
    ].merge(records[["record_id", "true_person_id"]], on="record_id")
    crime_nominals = crime_nominals.merge(members, on="true_person_id")
    co_suspects = crime_nominals.merge(crime_nominals, on=["crime_id", "network_key"])
    co_suspects = co_suspects[
        co_suspects["true_person_id_x"] < co_suspects["true_person_id_y"]
    ].sort_values(["network_key", "crime_id", "record_id_x", "record_id_y"])
    chosen = co_suspects.iloc[0]
    excluded_link = (chosen["record_id_x"], chosen["record_id_y"])

    # A member of another planted network, with a crime as suspect or offender.
    others = crime_nominals[crime_nominals["network_key"] != chosen["network_key"]]
    excluded_person = others.sort_values(["network_key", "record_id"])["record_id"].iloc[0]

    seeds = {
        "overrides/person_merge_overrides": pd.DataFrame(
            {
                "override_id": ["TEST-M1", "TEST-D1"],
                "record_id_a": [merge[0], do_not_merge[0]],
                "record_id_b": [merge[1], do_not_merge[1]],
                "decision": ["MERGE", "DO_NOT_MERGE"],
                "reason": ["Test: force-merge two people", "Test: keep one person's records apart"],
                "decided_at": [DECIDED_AT, DECIDED_AT],
            }
        ),
        "overrides/link_exclusions": pd.DataFrame(
            {
                "exclusion_id": ["TEST-L1"],
                "id_type": ["RECORD"],
                "id_a": [excluded_link[0]],
                "id_b": [excluded_link[1]],
                "link_type": [""],
                "reason": ["Test: all links of a co-offending pair judged false"],
                "decided_at": [DECIDED_AT],
            }
        ),
        "overrides/person_exclusions": pd.DataFrame(
            {
                "exclusion_id": ["TEST-P1"],
                "id_type": ["RECORD"],
                "id_value": [excluded_person],
                "reason": ["Test: person kept out of the graph"],
                "decided_at": [DECIDED_AT],
            }
        ),
    }
    return ChosenOverrides(seeds, merge, do_not_merge, excluded_link, excluded_person)
