"""Layout, column mapping and section helpers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from briefing.columns import BriefingDataError, as_list, normalise_table
from briefing.layout import layout_positions
from briefing.link_chart import ChartPerson, _label_spots, label_box
from briefing.network_view import key_player_ids, person_role
from briefing.page import DEFAULT_WINDOW_MONTHS, _trend_cell, _window_months
from briefing.timeline import crimes_by_quarter, nice_axis_max, quarterly_activity


def _path_edges(n: int) -> list[tuple[str, str, float]]:
    return [(f"p{i}", f"p{i + 1}", 1.0 + i) for i in range(n - 1)]


@pytest.mark.parametrize("n", [0, 1, 2, 5, 60])
def test_layout_fills_the_unit_box(n: int) -> None:
    nodes = [f"p{i}" for i in range(n)]
    pos = layout_positions(nodes, _path_edges(n), seed=1)
    assert sorted(pos) == sorted(nodes)
    coords = np.array(list(pos.values())) if pos else np.zeros((0, 2))
    assert np.all(np.abs(coords) <= 1.0)
    if n >= 5:
        assert coords[:, 0].min() == pytest.approx(-1.0)
        assert coords[:, 0].max() == pytest.approx(1.0)


def test_layout_is_seeded_and_input_order_independent() -> None:
    nodes = [f"p{i}" for i in range(60)]
    edges = [*_path_edges(30), ("p40", "p41", 2.0), ("p40", "p42", 1.0)]  # disconnected
    first = layout_positions(nodes, edges, seed=5)
    assert layout_positions(list(reversed(nodes)), list(reversed(edges)), seed=5) == first
    assert layout_positions(nodes, edges, seed=6) != first


_LAYOUT_PROBE = """
import hashlib
from briefing.layout import layout_positions
nodes = ["P%04x" % (i * 7919 % 65536) for i in range(90)]
edges = [(nodes[i], nodes[(i * 13 + 5) % 90], 1.0 + i % 4) for i in range(90)]
edges += [(nodes[i], nodes[i + 1], 2.0) for i in range(0, 89, 3)]
print(hashlib.sha256(repr(sorted(layout_positions(nodes, edges, seed=42).items())).encode())
      .hexdigest())
"""


def test_layout_is_the_same_in_every_process() -> None:
    # Python salts string hashes per process: a layout that followed the order of a
    # set of ids (networkx subgraph views do) changed from run to run.
    env = dict(os.environ)
    digests = set()
    for hash_seed in ("1", "2"):
        env["PYTHONHASHSEED"] = hash_seed
        result = subprocess.run(
            [sys.executable, "-c", _LAYOUT_PROBE],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            cwd=Path(__file__).parent,
        )
        digests.add(result.stdout.strip())
    assert len(digests) == 1


def test_a_key_player_hemmed_in_by_nodes_is_still_labelled() -> None:
    hub = ChartPerson("P-hub", "cse", 1.0, "P-hub", "", is_key_player=True)
    ring = [ChartPerson(f"P{i:02d}", "associate", 0.0, f"P{i:02d}", "") for i in range(40)]
    pos = {"P-hub": (480.0, 300.0)}
    radius = {"P-hub": 10.0}
    for i, p in enumerate(ring):  # two dense rings of nodes leave no spot clear of a node
        r, k = (22.0, i) if i < 16 else (44.0, i - 16)
        n = 16 if i < 16 else 24
        angle = 2 * np.pi * k / n
        pos[p.person_id] = (480.0 + r * np.cos(angle), 300.0 + r * np.sin(angle))
        radius[p.person_id] = 8.0
    spots = _label_spots([hub, *ring], pos, radius, 10, [], 600.0)
    assert "P-hub" in spots
    boxes = [label_box(*spots[pid][:3], pid, 10) for pid in spots]
    overlaps = sum(
        a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
    )
    assert overlaps == 0  # labels never overlap each other, the fallback included


def test_layout_ignores_links_to_unknown_people_and_self_links() -> None:
    pos = layout_positions(["a", "b"], [("a", "b", 1.0), ("a", "zz", 1.0), ("a", "a", 1.0)], seed=0)
    assert sorted(pos) == ["a", "b"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, []),
        (float("nan"), []),
        (np.array(["b", "a"]), ["b", "a"]),
        (["x", None], ["x"]),
        ('["p1", "p2"]', ["p1", "p2"]),
        ("p1, p2", ["p1", "p2"]),
        ("", []),
    ],
)
def test_array_cells_become_lists(value: object, expected: list[str]) -> None:
    assert as_list(value) == expected


def test_normalise_fills_optional_columns_and_names_missing_required() -> None:
    out = normalise_table(
        "fct_person_scores", pd.DataFrame({"person_id": ["p"], "network_id": ["n"]})
    )
    assert out.loc[0, "betweenness"] == 0.0
    assert not out.loc[0, "is_victim"]
    assert out["is_key_player"].isna().all()
    with pytest.raises(BriefingDataError, match="network_id"):
        normalise_table("fct_person_scores", pd.DataFrame({"person_id": ["p"]}))


@pytest.mark.parametrize(
    ("flags", "role"),
    [
        ({"is_victim": True, "is_cse_nominal": True}, "cse"),
        ({"is_victim": True, "is_ocg_member": True}, "victim"),
        ({"is_cse_nominal": True, "is_ocg_member": True}, "cse"),
        ({"member_role": "OCG_MEMBER", "is_cse_nominal": True}, "ocg"),
        ({"member_role": "SOMETHING_NEW", "is_victim": True}, "victim"),
        ({"is_ocg_member": True}, "ocg"),
        ({"is_ocg_member": None}, "associate"),
    ],
)
def test_role_precedence(flags: dict[str, object], role: str) -> None:
    assert person_role(pd.Series(flags)) == role


def test_key_players_from_flags_else_from_the_network_list() -> None:
    members = pd.DataFrame(
        {
            "person_id": ["a", "b", "c"],
            "is_key_player": [None, None, None],
            "key_player_order": [None, 2, 1],
        }
    )
    assert key_player_ids(pd.Series({"key_player_ids": []}), members) == ["c", "b"]
    unflagged = members.assign(key_player_order=None)
    network = pd.Series({"key_player_ids": ["b", "zz", "a"]})
    assert key_player_ids(network, unflagged) == ["b", "a"]


def _new_network_activity() -> pd.DataFrame:
    """A network first seen in 2025 Q4 whose crimes have fallen each quarter since."""
    rows = pd.DataFrame(
        {
            "quarter_start": pd.to_datetime(
                ["2025-10-01", "2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"]
            ),
            "n_crimes": [6, 5, 5, 1, 0],
            "n_arrests": [6, 10, 3, 2, 0],
            "n_intel_reports": [0, 1, 0, 0, 0],
        }
    )
    return quarterly_activity(rows, last_quarter=pd.Timestamp("2026-10-01"))


@pytest.mark.parametrize(
    ("as_of", "last"),
    [("2026-11-01", 1.0), ("2026-12-31", 0.0), ("2026-09-30", 1.0)],
)
def test_crimes_by_quarter_span_the_complete_quarters_before_the_as_of_date(
    as_of: str, last: float
) -> None:
    # the year before the network began counts as quiet quarters, not as no axis
    crimes = crimes_by_quarter(_new_network_activity(), as_of=as_of, quarters=8)
    assert len(crimes) == 8 and crimes[-1] == last
    if as_of == "2026-11-01":  # 2026 Q4 is partial: left out
        assert crimes == [0, 0, 0, 0, 6, 5, 5, 1]
    empty = quarterly_activity(pd.DataFrame(columns=["quarter_start"]), last_quarter=None)
    assert crimes_by_quarter(empty, as_of=as_of, quarters=4) == [0.0] * 4


def test_the_overview_trend_shows_the_counts_it_compares_and_crimes_per_quarter() -> None:
    # rising year on year (16 crimes against 1) while falling quarter by quarter: the
    # cell gives the counts behind the word and draws the same measure (crimes)
    network = pd.Series(
        {"activity_trend": "RISING", "n_crimes_in_window": 16, "n_crimes_prior_window": 1}
    )
    crimes = crimes_by_quarter(_new_network_activity(), as_of="2026-11-01", quarters=8)
    cell = _trend_cell(network, crimes, 12)
    assert "Rising ▲" in cell and "16 vs 1</span>" in cell
    assert 'title="16 crimes in the last 12 months, 1 in the 12 before"' in cell
    assert "Crimes per quarter, the last 8 complete quarters: 0, 0, 0, 0, 6, 5, 5, 1" in cell
    # without the counts (an older mart) the word and the line stand alone
    bare = _trend_cell(pd.Series({"activity_trend": "STEADY"}), crimes, 12)
    assert "Steady" in bare and "vs" not in bare


def test_the_trend_window_comes_from_the_run_audit() -> None:
    audit = pd.DataFrame(
        {
            "run_id": ["r1", "r2"],
            "run_started_at": ["2026-01-01 00:00:00", "2026-02-01 00:00:00"],
            "vars_json": ['{"activity_window_months": 12}', '{"activity_window_months": 6}'],
        }
    )
    assert _window_months({"rpt_run_audit": audit}) == 6  # the latest run's
    assert _window_months({}) == DEFAULT_WINDOW_MONTHS
    broken = audit.assign(vars_json=["not json", '{"activity_window_months": "x"}'])
    assert _window_months({"rpt_run_audit": broken}) == DEFAULT_WINDOW_MONTHS


def test_quarters_are_gap_filled_up_to_the_as_of_quarter() -> None:
    rows = pd.DataFrame(
        {
            "quarter_start": [pd.Timestamp("2023-01-01"), pd.Timestamp("2023-07-15")],
            "n_crimes": [1, 2],
            "n_arrests": [0, 1],
            "n_intel_reports": [3, None],
        }
    )
    out = quarterly_activity(rows, last_quarter=pd.Timestamp("2024-01-01"))
    assert [str(d.date()) for d in out["quarter_start"]] == [
        "2023-01-01",
        "2023-04-01",
        "2023-07-01",
        "2023-10-01",
        "2024-01-01",
    ]
    assert out["n_crimes"].tolist() == [1, 0, 2, 0, 0]
    assert out["n_intel_reports"].tolist() == [3, 0, 0, 0, 0]


@pytest.mark.parametrize("value", [0, 1, 3, 5, 7, 10, 17, 23, 61, 99, 230, 1234])
def test_timeline_axis_has_four_whole_steps_above_the_data(value: int) -> None:
    top = nice_axis_max(value)
    assert top >= value
    assert top % 4 == 0
    assert top <= max(4, 2 * value)


def test_quarters_without_charted_events_do_not_start_the_axis() -> None:
    rows = pd.DataFrame(
        {
            "quarter_start": [pd.Timestamp("2014-01-01"), pd.Timestamp("2020-04-01")],
            "n_crimes": [0, 1],
            "n_arrests": [0, 0],
            "n_intel_reports": [0, 0],
        }
    )
    out = quarterly_activity(rows, last_quarter=None)
    assert [str(d.date()) for d in out["quarter_start"]] == ["2020-04-01"]
    assert len(quarterly_activity(rows.head(1), last_quarter=None)) == 0
