"""The rendered page: one chart per network, self-contained, pseudonymous by default."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from briefing_cases import FAKE_SURNAME, is_victim_slot, make_frames, person_id

from briefing import ADVISORY, BriefingDataError, render_briefing


def _chart_ids(html: str, kind: str) -> list[str]:
    return re.findall(rf'<svg class="{kind}" data-network-id="([^"]+)"', html)


def _chart(html: str, network_id: str) -> str:
    match = re.search(
        rf'<svg class="link-chart" data-network-id="{network_id}".*?</svg>', html, re.DOTALL
    )
    assert match is not None
    return match.group(0)


def test_one_link_chart_and_timeline_per_network_in_rank_order(page: str) -> None:
    assert _chart_ids(page, "link-chart") == ["N000", "N001", "N002"]
    assert _chart_ids(page, "timeline") == ["N000", "N001", "N002"]
    assert page.count('<section class="network"') == 3
    assert 'data-network-count="3"' in page


def test_top_n_follows_priority_rank_not_row_order(frames: dict[str, pd.DataFrame]) -> None:
    shuffled = dict(frames)
    shuffled["fct_networks"] = frames["fct_networks"].sample(frac=1.0, random_state=3)
    html = render_briefing(shuffled, top_n=2, seed=42, with_names=False)
    assert _chart_ids(html, "link-chart") == ["N000", "N001"]


def test_header_has_advisory_run_id_as_of_and_data_quality(page: str) -> None:
    assert ADVISORY in page
    assert "run-test-0001" in page  # the latest audit row, not the older one
    assert "2024-11-14" in page
    assert 'data-marking="OFFICIAL-SENSITIVE TEST"' in page  # the latest run's var


def test_overview_table_has_a_row_per_network_with_explanation(page: str) -> None:
    body = page.split('<table class="overview">', 1)[1].split("</table>", 1)[0]
    assert body.count("<tr>") == 1 + 3  # header + networks
    assert "Network N002: 45 members, synthetic test case." in body
    assert "Child victims" in body and "Activity trend" in body


def test_page_is_self_contained(page: str) -> None:
    lowered = page.lower()
    for needle in ("http://", "https://", "//cdn", "<link", " src=", "@import"):
        assert needle not in lowered, needle
    # url() only for in-page references (the arrow markers)
    assert re.findall(r"url\((?!#)", lowered) == []


def test_same_seed_same_page_and_row_order_does_not_matter(
    frames: dict[str, pd.DataFrame], page: str
) -> None:
    assert render_briefing(frames, top_n=3, seed=42, with_names=False) == page
    shuffled = {
        name: frame.sample(frac=1.0, random_state=11) if name != "rpt_data_quality" else frame
        for name, frame in frames.items()
    }
    assert render_briefing(shuffled, top_n=3, seed=42, with_names=False) == page


def test_seed_changes_the_force_directed_layout(frames: dict[str, pd.DataFrame], page: str) -> None:
    other = render_briefing(frames, top_n=3, seed=43, with_names=False)
    assert _chart(other, "N002") != _chart(page, "N002")  # 45 people: spring layout
    assert _chart(other, "N000") == _chart(page, "N000")  # 12 people: Kamada-Kawai


def test_pseudonymous_by_default_even_when_identities_are_passed(page: str) -> None:
    # Counts only, so a failing assertion cannot print a name into the test log.
    leaks = [page.count(FAKE_SURNAME), page.count("Alex1 "), page.count("1990-01")]
    assert leaks == [0, 0, 0]
    assert person_id(1, 0) in page


def test_names_only_with_the_flag(frames: dict[str, pd.DataFrame]) -> None:
    html = render_briefing(frames, top_n=3, seed=42, with_names=True)
    shown = html.count(FAKE_SURNAME)  # a count, so a failure cannot print a name
    assert shown >= 3 + 12 + 45  # every member of the top three at least once
    assert "RESTRICTED" in html
    assert html.count('class="link-chart"') == 3


def test_names_asked_for_without_the_identity_model_fail_clearly(
    frames: dict[str, pd.DataFrame],
) -> None:
    without = {k: v for k, v in frames.items() if k != "dim_person_identities"}
    with pytest.raises(BriefingDataError, match="dim_person_identities"):
        render_briefing(without, top_n=3, seed=42, with_names=True)


@pytest.mark.parametrize("size", [3, 300])
def test_smallest_and_largest_networks_render(size: int) -> None:
    html = render_briefing(make_frames([size]), top_n=1, seed=42, with_names=False)
    chart = _chart(html, "N000")
    victims = sum(1 for i in range(size) if is_victim_slot(i))  # drawn beside the members
    assert chart.count('<g class="node ') == size + victims
    labels = chart.count('class="label"')
    if size == 3:
        assert labels == 3  # small: everyone labelled
    else:  # large: most people labelled, key players always
        assert labels >= 120
        for key in re.findall(r'<g class="node [^"]*key-player[^"]*" data-id="([^"]+)"', chart):
            assert f'class="label" data-id="{key}"' in chart
    assert re.search(r'<svg class="timeline" data-network-id="N000"', html)


def test_key_players_bridges_and_ocgs_are_drawn(page: str) -> None:
    chart = _chart(page, "N001")
    assert 'data-stub-id="network:N000"' in chart
    assert 'data-stub-id="network:N002"' in chart
    assert 'data-stub-id="ocg:OCG01"' in chart
    assert "PX-not-a-member" not in chart  # OCG-side persons outside the network: no node
    assert len(re.findall(r'<g class="node [^"]*key-player', _chart(page, "N000"))) == 2


def test_only_required_marts_still_render(frames: dict[str, pd.DataFrame]) -> None:
    minimal = {k: frames[k] for k in ("fct_networks", "fct_person_scores")}
    html = render_briefing(minimal, top_n=2, seed=1, with_names=False)
    assert html.count('class="link-chart"') == 2
    assert "No dated crimes, arrests or intelligence recorded" in html
    assert "not available" in html


def test_column_aliases_are_accepted_and_missing_required_columns_named(
    frames: dict[str, pd.DataFrame], page: str
) -> None:
    renamed = dict(frames)
    renamed["fct_network_timeline"] = frames["fct_network_timeline"].rename(
        columns={"quarter_start_date": "quarter_start"}
    )
    renamed["fct_person_scores"] = frames["fct_person_scores"].drop(columns=["eigenvector"])
    html = render_briefing(renamed, top_n=3, seed=42, with_names=False)
    assert _chart_ids(html, "timeline") == ["N000", "N001", "N002"]
    broken = dict(frames)
    broken["fct_networks"] = frames["fct_networks"].drop(columns=["priority_rank"])
    with pytest.raises(BriefingDataError, match="priority_rank"):
        render_briefing(broken, top_n=3, seed=42, with_names=False)


def test_text_from_the_marts_is_escaped(frames: dict[str, pd.DataFrame]) -> None:
    hostile = dict(frames)
    networks = frames["fct_networks"].copy()
    networks.loc[0, "explanation"] = "<script>alert(1)</script> & more"
    hostile["fct_networks"] = networks
    html = render_briefing(hostile, top_n=1, seed=42, with_names=False)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html


def test_no_networks_still_gives_a_page(frames: dict[str, pd.DataFrame]) -> None:
    empty = {k: v.head(0) for k, v in frames.items()}
    html = render_briefing(empty, top_n=5, seed=42, with_names=False)
    assert html.count('class="link-chart"') == 0
    assert ADVISORY in html
    assert "No networks" in html
