"""What an analyst reads in the pack: link styles, roles, tables, timeline, marking, quality."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from briefing_cases import DATA_QUALITY, LINK_TYPES, make_frames

from briefing import render_briefing
from briefing.link_chart import label_box
from briefing.page import DEFAULT_MARKING
from briefing.quality import quality_figures
from briefing.styles import LINK_FAMILIES, link_family
from briefing.tables import age_band
from briefing.timeline import crimes_by_quarter, partial_quarter


def _chart(html: str, network_id: str) -> str:
    match = re.search(
        rf'<svg class="link-chart" data-network-id="{network_id}".*?</svg>', html, re.DOTALL
    )
    assert match is not None
    return match.group(0)


def _section(html: str, network_id: str) -> str:
    match = re.search(
        rf'<section class="network" id="network-{network_id}".*?</section>', html, re.DOTALL
    )
    assert match is not None
    return match.group(0)


def test_offender_victim_links_are_not_drawn_as_co_offending() -> None:
    # The keyword OFFEND is in OFFENDER_VICTIM: exact types must win over keywords.
    assert link_family("OFFENDER_VICTIM").key == "victim"
    assert link_family("offender_victim ").key == "victim"
    assert link_family("CO_OFFENDING").key == "crime"
    assert link_family("OFFENDER_TO_VICTIM").key == "victim"  # keyword fallback


def test_every_link_type_has_its_own_style() -> None:
    families = [link_family(t) for t in LINK_TYPES]
    assert len({f.key for f in families}) == len(LINK_TYPES)
    assert len({(f.dash, f.colour) for f in families}) == len(LINK_TYPES)
    assert all(f.key != "other" for f in families)


def test_charts_use_the_victim_style_and_legend_lists_every_type(page: str) -> None:
    chart = _chart(page, "N002")
    assert 'data-family="victim"' in chart
    for family in LINK_FAMILIES:
        if family.types:
            assert f'data-key="link-{family.key}"' in chart, family.key


def test_offender_victim_links_point_at_the_victim(frames: dict[str, pd.DataFrame]) -> None:
    # A member recorded as a victim (person link typed OFFENDER_VICTIM): the arrow
    # points at the victim end even when the link lists the victim first.
    persons = frames["fct_person_scores"].copy()
    members = sorted(persons.loc[persons["network_id"] == "N000", "person_id"])
    victim, offender = members[1], members[0]
    persons["is_victim"] = persons["person_id"] == victim
    link = pd.DataFrame(
        [
            {
                # the victim first: the arrow must still point at it
                "person_id_a": victim,
                "person_id_b": offender,
                "network_id_a": "N000",
                "network_id_b": "N000",
                "link_types": ["OFFENDER_VICTIM"],
                "weight": 50.0,  # heaviest, so first in the links table
                "n_evidence": 2,
                "first_seen_at": pd.Timestamp("2022-01-05"),
                "last_seen_at": pd.Timestamp("2023-03-09"),
            }
        ]
    )
    case = {
        **frames,
        "fct_person_scores": persons,
        "fct_person_links": pd.concat([frames["fct_person_links"], link]),
    }
    html = render_briefing(case, top_n=1, seed=42, with_names=False)
    pattern = f'<line class="edge link-victim" data-a="{victim}" data-b="{offender}"'
    line = re.search(pattern + "[^>]*>", html)
    assert line is not None and 'marker-end="url(#arrow-N000)"' in line.group(0)
    table = _section(html, "N000").split('<table class="links victim-links">', 1)[1]
    first_row = table.split("</tr>", 2)[1]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", first_row)
    assert cells[:3] == [offender, "→", victim]
    assert cells[-2:] == ["2022-01-05", "2023-03-09"]  # first and last seen


def test_victim_links_mart_draws_victims_with_arrows(frames: dict[str, pd.DataFrame]) -> None:
    # fct_network_victim_links: the victim (no member) is drawn as a victim-styled node
    # at the end of an arrow from its offender, width and table by crimes, dates shown.
    links = frames["fct_network_victim_links"]
    n000 = links[links["network_id"] == "N000"].sort_values("victim_person_id")
    offender, victim = n000.iloc[0]["offender_person_id"], n000.iloc[0]["victim_person_id"]
    heavy = n000.head(1).assign(
        n_crimes=40,
        n_cse_crimes=3,
        first_offence_at=pd.Timestamp("2021-02-03"),
        last_offence_at=pd.Timestamp("2024-04-05"),
    )
    case = {**frames, "fct_network_victim_links": pd.concat([heavy, links.iloc[1:]])}
    html = render_briefing(case, top_n=1, seed=42, with_names=False)
    chart = _chart(html, "N000")
    line = re.search(
        f'<line class="edge link-victim" data-a="{offender}" data-b="{victim}"[^>]*>'
        r"<title>([^<]*)</title>",
        chart,
    )
    assert line is not None and 'marker-end="url(#arrow-N000)"' in line.group(0)
    assert "40 crimes against the victim (3 CSE)" in line.group(1)
    assert "first offence 2021-02-03, last offence 2024-04-05" in line.group(1)
    edge_width = r'class="edge link-[^"]*"[^>]*stroke-width="([\d.]+)"'
    widths = [float(w) for w in re.findall(edge_width, chart)]
    assert float(re.search(r'stroke-width="([\d.]+)"', line.group(0)).group(1)) == max(widths)
    node = re.search(rf'<g class="node victim" data-id="{victim}"><title>([^<]*)</title>', chart)
    assert node is not None and "· victim ·" in node.group(1)
    label = re.search(rf'<text class="label" data-id="{victim}"[^>]*>([^<]*)</text>', chart)
    assert label is not None  # labelled on the chart (victims are labelled early)
    table = _section(html, "N000").split('<table class="links victim-links">', 1)[1]
    first_row = table.split("</tr>", 2)[1]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", first_row)
    assert cells[:4] == [offender, "→", victim, "OFFENDER_VICTIM"]
    assert cells[-3:] == ["40", "2021-02-03", "2024-04-05"]  # crimes, first and last offence
    assert "not drawn" not in _section(html, "N000").split("<figcaption>", 1)[1].split("<")[0]


def test_victim_links_never_push_member_links_out_of_the_link_table(
    frames: dict[str, pd.DataFrame],
) -> None:
    # Crimes against a victim and evidence weight are different measures: many heavy
    # victim links must not take the rows of the weakest member link.
    from briefing.tables import MAX_LINK_ROWS

    links = frames["fct_network_victim_links"]
    n000 = links[links["network_id"] == "N000"]
    heavy = pd.concat([n000.head(1)] * (MAX_LINK_ROWS + 5), ignore_index=True)
    heavy = heavy.assign(
        victim_person_id=[f"V{i:04d}" for i in range(len(heavy))], n_crimes=500, n_cse_crimes=1
    )
    case = {**frames, "fct_network_victim_links": pd.concat([heavy, links])}
    section = _section(render_briefing(case, top_n=1, seed=42, with_names=False), "N000")
    member_links = frames["fct_person_links"]
    inside = member_links[
        (member_links["network_id_a"] == "N000") & (member_links["network_id_b"] == "N000")
    ]
    assert len(inside) > 0
    weakest = inside.sort_values("weight").iloc[0]
    table = section.split('<table class="links member-links">', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr data-family=") == len(inside)
    assert weakest["person_id_a"] in table and weakest["person_id_b"] in table
    victims = section.split('<table class="links victim-links">', 1)[1].split("</table>", 1)[0]
    assert victims.count("<tr data-family=") == MAX_LINK_ROWS
    assert "weaker links not listed (all are in fct_network_victim_links)" in section
    assert section.index("member-links") < section.index("victim-links")


def test_every_victim_is_drawn_in_the_victim_style(page: str, frames) -> None:
    persons = frames["fct_person_scores"]
    victim_links = frames["fct_network_victim_links"]
    assert set(victim_links["network_id"]) >= {"N000", "N002"}  # N001 (3 members) has none
    for nid in ("N000", "N001", "N002"):
        chart = _chart(page, nid)
        members = set(persons.loc[persons["network_id"] == nid, "person_id"])
        victims = set(victim_links.loc[victim_links["network_id"] == nid, "victim_person_id"])
        assert not victims & members  # victims are never members
        for pid in victims:
            node = re.search(rf'<g class="node victim[^"]*" data-id="{pid}">.*?</g>', chart)
            assert node is not None and '<rect class="shape"' in node.group(0)
        drawn = len(re.findall(r'<g class="node victim', chart))
        assert drawn == len(victims)
        arrows = re.findall(r'<line class="edge link-victim"[^>]*marker-end=', chart)
        assert len(arrows) == int((victim_links["network_id"] == nid).sum())


def test_bridging_people_are_marked(page: str) -> None:
    chart = _chart(page, "N001")  # bridges to N000 and N002 through its first member
    assert len(re.findall(r'<g class="node [^"]*bridging', chart)) >= 1
    assert 'data-key="role-bridging"' in chart


def test_labels_do_not_overlap_on_a_large_network() -> None:
    html = render_briefing(make_frames([300]), top_n=1, seed=42, with_names=False)
    chart = _chart(html, "N000")
    boxes = []
    for match in re.finditer(r'<text class="label"([^>]*)>([^<]*)</text>', chart):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', match.group(1)))
        boxes.append(
            label_box(
                float(attrs["x"]),
                float(attrs["y"]),
                attrs.get("text-anchor", "start"),
                match.group(2),
                int(attrs["font-size"]),
            )
        )
    assert len(boxes) >= 120  # most of the 300 people
    overlaps = [
        (i, j)
        for i in range(len(boxes))
        for j in range(i + 1, len(boxes))
        if boxes[i][0] < boxes[j][2]
        and boxes[j][0] < boxes[i][2]
        and boxes[i][1] < boxes[j][3]
        and boxes[j][1] < boxes[i][3]
    ]
    assert overlaps == []


def test_partial_quarter_is_marked_and_left_out_of_the_trend(page: str) -> None:
    assert partial_quarter("2024-12-31") is None  # the last day completes the quarter
    start, covered, total = partial_quarter("2024-11-14")
    assert (start, covered, total) == (pd.Timestamp("2024-10-01"), 45, 92)
    timeline = page.split('<svg class="timeline" data-network-id="N000"', 1)[1].split("</svg>")[0]
    assert 'data-series="n_cse_crimes"' in timeline and "CSE crimes" in timeline
    assert "2024 Q4*" in timeline  # N000 has no row that quarter: still on the axis
    assert 'class="bar partial"' in page  # paler bars where a network has some
    assert "45 of 92 days" in timeline
    # The narrow copy printed beside the chart: the same series and partial quarter.
    printed = page.split('<svg class="timeline-print" data-network-id="N000"', 1)[1]
    printed = printed.split("</svg>")[0]
    assert 'data-series="n_cse_crimes"' in printed and "CSE crimes" in printed
    assert "2024 Q4*" in printed and "45 of 92 days" in printed
    assert page.count('<svg class="timeline-print"') == page.count('<svg class="timeline"')
    activity = pd.DataFrame(
        {"quarter_start": pd.to_datetime(["2024-07-01", "2024-10-01"]), "n_crimes": [5, 1]}
    )
    # the overview's line of crimes per quarter stops at the last complete quarter
    assert crimes_by_quarter(activity, as_of="2024-11-14", quarters=2) == [0, 5]
    assert crimes_by_quarter(activity, as_of="2024-12-31", quarters=2) == [5, 1]


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (9, "under 13"),
        (13, "13–15"),
        (15.9, "13–15"),
        (17, "16–17"),
        (18, "adult (18+)"),
        (None, "not recorded"),
    ],
)
def test_age_bands(age: object, band: str) -> None:
    assert age_band(age) == band


def test_victims_table_lists_every_victim(page: str, frames) -> None:
    victims = frames["fct_network_victims"]
    section = _section(page, "N002")
    rows = re.findall(r'<tr class="victim-row" data-id="([^"]+)">(.*?)</tr>', section)
    expected = victims[victims["network_id"] == "N002"]
    assert sorted(r[0] for r in rows) == sorted(expected["victim_person_id"])
    first = dict(zip(expected["victim_person_id"], expected["has_safeguarding_flag"], strict=True))
    for pid, cells in rows:
        values = re.findall(r"<td[^>]*>([^<]*)</td>", cells)
        assert values[5] == ("yes" if first[pid] else "no")
        assert values[1] in {"under 13", "13–15", "16–17", "adult (18+)"}


def test_member_table_has_roles_and_score_components(frames: dict[str, pd.DataFrame]) -> None:
    persons = frames["fct_person_scores"].assign(harm_component=0.5, victims_component=0.25)
    html = render_briefing(
        {**frames, "fct_person_scores": persons}, top_n=1, seed=42, with_names=False
    )
    table = _section(html, "N000").split('<table class="members">', 1)[1].split("</table>")[0]
    assert "Harm</th>" in table and "Victims</th>" in table
    assert table.count("<tr data-id=") == 12
    assert "CSE nominal" in table and "Victim" in table and "0.500" in table


def test_marking_from_the_run_var_default_and_override(frames: dict[str, pd.DataFrame]) -> None:
    without = {k: v for k, v in frames.items() if k != "rpt_run_audit"}
    html = render_briefing(without, top_n=1, seed=42, with_names=False)
    assert f'data-marking="{DEFAULT_MARKING}"' in html
    assert html.count(f">{DEFAULT_MARKING}</div>") >= 3  # top, bottom, each printed page
    html = render_briefing(frames, top_n=1, seed=42, with_names=False, marking="SECRET")
    assert 'data-marking="SECRET"' in html


def test_data_quality_figures_equal_the_mart_and_never_sum_reasons(page: str) -> None:
    figures = quality_figures(DATA_QUALITY)
    distinct = DATA_QUALITY.loc[DATA_QUALITY.check_type == "QUARANTINED_ROWS", "n_rows"].sum()
    reasons = DATA_QUALITY.loc[
        (DATA_QUALITY.check_type == "QUARANTINE")
        & DATA_QUALITY.check_detail.str.endswith("quarantined"),
        "n_rows",
    ].sum()
    assert figures["quarantined"] == distinct == 10 and reasons == 12
    assert 'data-dq="quarantined" data-value="10"' in page
    assert 'data-dq="quarantined:crimes" data-value="7"' in page
    assert "1.40%" in page  # the share of the table
    assert 'data-dq="intel_excluded" data-value="8"' in page
    assert 'data-dq="identifier_hubs" data-value="2"' in page
    assert "PLACEHOLDER_NAME" in page  # other check types shown as they come


def test_without_distinct_counts_reasons_are_never_added_up(frames) -> None:
    reasons_only = DATA_QUALITY[DATA_QUALITY.check_type != "QUARANTINED_ROWS"]
    html = render_briefing(
        {**frames, "rpt_data_quality": reasons_only}, top_n=1, seed=42, with_names=False
    )
    assert 'data-dq="quarantined"' not in html
    assert "reason counts are shown but not added up" in html


def test_methods_glossary_and_optional_marts(frames: dict[str, pd.DataFrame], page: str) -> None:
    assert 'id="methods"' in page and 'id="glossary"' in page
    assert 'data-mart="fct_ocg_cse_priority"' not in page
    extra = pd.DataFrame({"ocg_id": ["OCG01", "OCG00"], "priority_rank": [2, 1]})
    html = render_briefing(
        {**frames, "fct_ocg_cse_priority": extra}, top_n=1, seed=42, with_names=False
    )
    section = html.split('data-mart="fct_ocg_cse_priority"', 1)[1].split("</section>")[0]
    assert section.index("OCG00") < section.index("OCG01")  # by rank


def test_top_ten_pack_stays_under_two_megabytes() -> None:
    # Sizes like the default scale's top ten (largest network 86 members).
    html = render_briefing(
        make_frames([86, 60, 44, 40, 31, 25, 20, 15, 12, 9]),
        top_n=10,
        seed=42,
        with_names=False,
    )
    assert html.count('class="link-chart"') == 10
    assert len(html.encode("utf-8")) < 2_000_000


def test_victims_off_the_chart_are_counted_and_shared_victims_name_the_stub(
    frames: dict[str, pd.DataFrame],
) -> None:
    # A victim of a member's crime who is no network member (not linked into it), and
    # a network joined to N000 only by a shared victim (no person link).
    victims = frames["fct_network_victims"]
    outsider = victims[victims["network_id"] == "N000"].head(1).assign(victim_person_id="PV-out")
    links = frames["fct_network_links"]
    shared = links.head(1).assign(
        network_id="N000",
        linked_network_id="N009",
        n_links=0,
        link_weight=0.0,
        bridging_person_ids=[[]],
        n_shared_victims=1,
    )
    html = render_briefing(
        {
            **frames,
            "fct_network_victims": pd.concat([victims, outsider], ignore_index=True),
            "fct_network_links": pd.concat([links, shared], ignore_index=True),
        },
        top_n=1,
        seed=42,
        with_names=False,
    )
    n_victims = int((victims["network_id"] == "N000").sum()) + 1
    assert f"1 of the network's {n_victims} victims have no offender link to a member" in html
    assert 'data-id="PV-out"' not in _chart(html, "N000")
    stub = html.split('data-stub-id="network:N009"', 1)[1].split("</g>", 1)[0]
    assert 'fill="#444">1 shared victim</text>' in stub  # not "0 links"
    # Without the victim-links mart no victim is drawn, and the caption says why.
    without = {k: v for k, v in frames.items() if k != "fct_network_victim_links"}
    html = render_briefing(without, top_n=1, seed=42, with_names=False)
    assert "Victim links (fct_network_victim_links) not available" in html
    assert '<g class="node victim' not in _chart(html, "N000")


def test_ocg_priority_list_reads_like_the_overview(frames: dict[str, pd.DataFrame]) -> None:
    ocgs = pd.DataFrame(
        {
            "ocg_id": ["OCG-B", "OCG-A"],
            "priority_rank": [2, 1],
            "priority_score": [0.0, 0.8931],
            "is_cse_engaged": [False, True],
            "n_members": [3, 8],
            "n_cse_crimes": [0, 18],
            "n_cse_victims": [0, 6],
            "n_child_victims": [0, 6],
            "cse_network_ids": ["[]", '["N000"]'],
            "harm_component": [0.0, 1.0],
            "victims_component": [0.0, 1.0],
            "recency_component": [0.0, 0.287],
            "cse_networks_component": [0.0, 1.0],
            "explanation": ["OCG OCG-B: no CSE link found", "OCG OCG-A: 6 of 8 members"],
        }
    )
    html = render_briefing(
        {**frames, "fct_ocg_cse_priority": ocgs}, top_n=1, seed=42, with_names=False
    )
    section = html.split('data-mart="fct_ocg_cse_priority"', 1)[1].split("</section>")[0]
    assert "1 of 2 OCGs are CSE-engaged" in section
    first = section.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    for shown in ("OCG-A", "0.893", "yes", "6 (6 child)", "N000", "1.00 · 1.00 · 0.29 · 1.00"):
        assert shown in first, shown
    assert section.index("OCG OCG-A: 6 of 8 members") < section.index("OCG-B")  # reason row
    assert "[]" not in section and "False" not in section  # no raw cells
    assert '<a href="#ocg-priority">' in html


def test_methods_link_the_runs_splink_charts(page: str) -> None:
    methods = page.split('id="methods"', 1)[1]
    assert 'href="../splink/run-test-0001/match_weights.html"' in methods
    assert 'href="../splink/run-test-0001/m_u_parameters.html"' in methods
    assert 'href="../splink/run-test-0001/borderline_waterfall.html"' in methods


def test_methods_state_the_network_definition_an_analyst_relies_on(page: str) -> None:
    """The analyst's one-page summary says what the docs' network_definition and
    priority_method blocks say: a network is an offender group, victims are never
    members or key players, key players are offenders or suspects, CSE networks
    rank first and size alone adds little."""
    methods = page.split('id="methods"', 1)[1].split('id="glossary"', 1)[0]
    for fact in (
        "A network is an offender group",
        "never as members or key players",
        "Key players: offenders or suspects",
        "CSE networks rank first",
        "so size adds little",
        "trained on this run&#x27;s records",
    ):
        assert fact in methods, fact
