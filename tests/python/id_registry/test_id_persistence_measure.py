"""id_persistence: the network match uses the threshold it is given (the build's var)."""

from __future__ import annotations

import pandas as pd
import pytest

from id_registry.measure import id_persistence


def _persons(ids: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {"person_id": ids, "status": "ACTIVE", "successor_id": None, "change": "CONTINUING"}
    )


def _members(groups: dict[str, list[str]]) -> pd.DataFrame:
    rows = [(n, p) for n, people in groups.items() for p in people]
    return pd.DataFrame(rows, columns=["network_id", "person_id"])


def _measure(min_jaccard: float) -> dict:
    # N1 {P1..P4} becomes {P1, P2, P5}: Jaccard 2/5 = 0.4 with its best match
    persons = _persons(["P1", "P2", "P3", "P4", "P5"])
    changes = pd.DataFrame({"network_id": ["N1"], "status": ["CONTINUING"]})
    return id_persistence(
        persons,
        persons,
        _members({"N1": ["P1", "P2", "P3", "P4"]}),
        _members({"N1": ["P1", "P2", "P5"]}),
        changes,
        min_jaccard=min_jaccard,
    )


@pytest.mark.parametrize(("min_jaccard", "matched"), [(0.4, 1), (0.41, 0), (0.5, 0)])
def test_a_network_matches_at_or_above_the_threshold_only(min_jaccard, matched) -> None:
    assert _measure(min_jaccard)["networks_matched"] == matched
