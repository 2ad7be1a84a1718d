"""The briefing pack's "Since the last run" section (python/briefing/changes.py)."""

from __future__ import annotations

import pandas as pd

from briefing.changes import changes_section


def _changes(rows: list[dict]) -> pd.DataFrame:
    base = {
        "previous_network_ids": [],
        "related_network_id": None,
        "previous_rank": None,
        "priority_rank": None,
        "rank_change": None,
        "previous_as_of_date": "2026-10-01",
        "as_of_date": "2026-11-01",
    }
    return pd.DataFrame([{**base, **r} for r in rows])


def test_first_run_says_so_and_lists_nothing() -> None:
    frame = _changes([{"network_id": "N000001", "status": "NEW", "priority_rank": 1}])
    frame["previous_as_of_date"] = None
    html = changes_section(frame)
    assert 'data-change="first-run"' in html
    assert "N000001" not in html


def test_new_risen_merged_and_dissolved_networks_are_named() -> None:
    frame = _changes(
        [
            {"network_id": "N000009", "status": "NEW", "priority_rank": 2},
            {
                "network_id": "N000010",
                "status": "SPLIT_FROM",
                "priority_rank": 5,
                "related_network_id": "N000001",
            },
            {
                "network_id": "N000001",
                "status": "GROWN",
                "previous_rank": 7,
                "priority_rank": 1,
                "rank_change": 6,
            },
            {
                "network_id": "N000002",
                "status": "CONTINUING",
                "previous_rank": 1,
                "priority_rank": 3,
                "rank_change": -2,
            },
            {
                "network_id": "N000003",
                "status": "SHRUNK",
                "previous_rank": 6,
                "priority_rank": 4,
                "rank_change": 2,
            },
            {
                "network_id": "N000004",
                "status": "MERGED_INTO",
                "previous_rank": 2,
                "related_network_id": "N000001",
            },
            {"network_id": "N000005", "status": "DISSOLVED", "previous_rank": 9},
        ]
    )
    html = changes_section(frame)
    assert 'data-change="new" data-value="2"' in html
    assert "N000009" in html and "N000010" in html
    assert 'data-change="risen" data-value="2"' in html
    # the largest rise first; a network that fell is not listed as risen
    assert html.index("N000001") < html.index("N000003")
    risen = html[html.index("changes-risen") : html.index("</table>")]
    assert "N000002" not in risen
    assert 'data-change="merged" data-value="1"' in html
    assert "N000004 (rank 2 last run) merged into N000001" in html
    assert 'data-change="dissolved" data-value="1"' in html and "N000005" in html
    assert "as of 2026-10-01" in html


def test_absent_mart_adds_nothing() -> None:
    assert changes_section(None) == ""
