"""The briefing page: header, data quality, overview table and one section per network.

``render_briefing`` is pure: mart frames in, one self-contained HTML string out (inline
CSS, inline SVG, a few lines of inline script; nothing fetched from anywhere).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pandas as pd

from briefing.changes import changes_section
from briefing.columns import IDENTITY_TABLE, BriefingDataError, normalise_frames
from briefing.link_chart import link_chart_svg
from briefing.methods import methods_section
from briefing.network_view import (
    PersonLabel,
    bridging_ids,
    chart_links,
    chart_people,
    chart_stubs,
    key_player_ids,
    person_labels,
    person_role,
    top_networks,
    victim_link_rows,
    victim_people,
)
from briefing.ocg import ocg_priority_section
from briefing.quality import data_quality_panel
from briefing.styles import CSS
from briefing.svg import esc, num
from briefing.tables import links_table, members_table, victims_table
from briefing.timeline import (
    PRINT_WIDTH,
    crimes_by_quarter,
    quarterly_activity,
    sparkline_svg,
    timeline_svg,
)

__all__ = ["ADVISORY", "DEFAULT_MARKING", "protective_marking", "render_briefing"]

# The Government Security Classification marking of a pack about identifiable
# (pseudonymised) people and crimes; dbt var ``protective_marking`` or ``--marking``
# sets another.
DEFAULT_MARKING = "OFFICIAL-SENSITIVE"
# Marts of other work read when present (shown as they come; their columns are not
# relied on): table -> (heading, note).

ADVISORY = "Advisory: for human intelligence review; decides nothing about any person."
# The overview's sparkline spans the activity trend's two windows (var
# activity_window_months each, read from the run audit); without it, two years.
DEFAULT_WINDOW_MONTHS = 12
_STATUS_COLUMNS = ("status", "result", "outcome", "severity", "check_status")
_GROUP_COLUMNS = ("check_type", "category", "check_group")
_BADGE = {"pass": "pass", "ok": "pass", "warn": "warn", "warning": "warn", "fail": "fail"}
_DQ_MAX_ROWS, _DQ_MAX_COLUMNS = 40, 8

# Records script errors on the root element (read back by the browser test) before
# anything else runs; then counts the charts and adds hover highlighting.
_HEAD_SCRIPT = """
window.__briefingErrors = [];
function __briefingRecord(message) {
  window.__briefingErrors.push(String(message));
  document.documentElement.setAttribute('data-js-errors', window.__briefingErrors.join(' | '));
}
window.addEventListener('error', function (e) { __briefingRecord(e.message || e); });
(function (original) {
  console.error = function () {
    __briefingRecord(Array.prototype.join.call(arguments, ' '));
    return original.apply(console, arguments);
  };
})(console.error);
"""
_BODY_SCRIPT = """
(function () {
  var charts = document.querySelectorAll('svg.link-chart');
  document.documentElement.setAttribute('data-charts-rendered', String(charts.length));
  charts.forEach(function (svg) {
    var edges = svg.querySelectorAll('.edge');
    function light(id, on) {
      svg.classList.toggle('dimmed', on);
      svg.querySelectorAll('.lit').forEach(function (el) { el.classList.remove('lit'); });
      if (!on) { return; }
      var near = {}; near[id] = true;
      edges.forEach(function (e) {
        var a = e.getAttribute('data-a'), b = e.getAttribute('data-b');
        if (a === id || b === id) { e.classList.add('lit'); near[a] = true; near[b] = true; }
      });
      svg.querySelectorAll('.node').forEach(function (n) {
        if (near[n.getAttribute('data-id')]) { n.classList.add('lit'); }
      });
    }
    svg.querySelectorAll('.node').forEach(function (n) {
      var id = n.getAttribute('data-id');
      n.addEventListener('mouseenter', function () { light(id, true); });
      n.addEventListener('mouseleave', function () { light(id, false); });
    });
  });
})();
"""


def _run_var(frames: dict[str, pd.DataFrame], name: str) -> Any:
    """The latest run's dbt var ``name`` (``rpt_run_audit.vars_json``); None when absent."""
    audit = frames.get("rpt_run_audit")
    if audit is None or not len(audit) or "vars_json" not in audit.columns:
        return None
    latest_first = audit.assign(
        _at=pd.to_datetime(audit["run_started_at"], errors="coerce", utc=True)
    ).sort_values(["_at", "run_id"], ascending=False, kind="stable", na_position="last")
    for text in latest_first["vars_json"].dropna().astype(str):
        try:
            value = json.loads(text).get(name)
        except (json.JSONDecodeError, AttributeError):
            continue
        if value is not None and str(value).strip():
            return value
    return None


def protective_marking(frames: dict[str, pd.DataFrame], override: str | None = None) -> str:
    """The marking: ``override``, else the run's dbt var ``protective_marking``, else default."""
    if override:
        return override.strip()
    value = _run_var(frames, "protective_marking")
    return value.strip() if isinstance(value, str) else DEFAULT_MARKING


def _window_months(frames: dict[str, pd.DataFrame]) -> int:
    """The run's var ``activity_window_months`` (the trend's window), else the default."""
    value = _run_var(frames, "activity_window_months")
    try:
        months = int(value)
    except (TypeError, ValueError):
        return DEFAULT_WINDOW_MONTHS
    return months if months > 0 else DEFAULT_WINDOW_MONTHS


def _run_facts(frames: dict[str, pd.DataFrame], networks: pd.DataFrame) -> tuple[str, str, str]:
    """Run id, as-of date and git commit: the latest audit row, else the networks' run id."""
    audit = frames.get("rpt_run_audit")
    if audit is not None and len(audit):
        latest = audit.assign(
            _at=pd.to_datetime(audit["run_started_at"], errors="coerce", utc=True),
            _asof=pd.to_datetime(audit["as_of_date"], errors="coerce"),
        ).sort_values(["_at", "_asof", "run_id"], kind="stable", na_position="first")
        row = latest.iloc[-1]
        run_id = "" if pd.isna(row["run_id"]) else str(row["run_id"])
        as_of = "" if pd.isna(row["as_of_date"]) else str(row["as_of_date"])[:10]
        commit = "" if pd.isna(row["git_commit"]) else str(row["git_commit"])[:12]
        return run_id or "unknown", as_of or "unknown", commit
    run_ids = networks["run_id"].dropna().astype(str)
    return (run_ids.iloc[0] if len(run_ids) else "unknown"), "unknown", ""


def _child_victims(network: pd.Series, victims: pd.DataFrame | None) -> object:
    if not pd.isna(network.get("n_child_victims")):
        return network["n_child_victims"]
    if victims is None:
        return None
    rows = victims[victims["network_id"].astype(str) == str(network["network_id"])]
    return int(rows["is_child_at_first_offence"].fillna(False).astype(bool).sum())


def _last_quarter(timeline: pd.DataFrame | None, as_of: str) -> pd.Timestamp | None:
    as_of_ts = pd.to_datetime(as_of, errors="coerce")
    if not pd.isna(as_of_ts):
        return as_of_ts.to_period("Q").start_time
    if timeline is None or len(timeline) == 0:
        return None
    return pd.to_datetime(timeline["quarter_start"]).max().to_period("Q").start_time


def _trend_label(network: pd.Series) -> str:
    """The mart's ``activity_trend`` (RISING, ...); empty when the marts carry none."""
    value = network.get("activity_trend")
    return "" if pd.isna(value) else str(value)


def _trend_cell(network: pd.Series, crimes: list[float], window_months: int) -> str:
    """The mart's activity trend, the two counts it compares, and the crimes per quarter
    over both windows: the label and the line measure the same thing (crimes)."""
    label = _trend_label(network)
    css = {"rising": "trend-up", "falling": "trend-down"}.get(label.lower(), "")
    arrow = {"rising": " ▲", "falling": " ▼"}.get(label.lower(), "")
    text = label.replace("_", " ").capitalize()
    recent, before = network.get("n_crimes_in_window"), network.get("n_crimes_prior_window")
    counts = ""
    if not pd.isna(recent) and not pd.isna(before):
        # on the word's line, so a row is no taller (the printed overview is one page);
        # the column header says what the two numbers are, the tooltip says it in full
        said = (
            f"{num(recent)} crimes in the last {window_months} months, {num(before)} in "
            f"the {window_months} before"
        )
        counts = (
            f' <span class="trend-counts" title="{esc(said)}">{num(recent)} vs {num(before)}</span>'
        )
    return (
        f'<span class="{css}">{esc(text)}{arrow}</span>{counts}<br>'
        f"{sparkline_svg(crimes, what='crimes')}"
    )


@dataclass(frozen=True)
class _Context:
    """What every network section draws on."""

    marts: dict[str, pd.DataFrame]
    members: pd.DataFrame
    labels: dict[str, PersonLabel]
    last_quarter: pd.Timestamp | None
    window_months: int
    seed: int
    as_of: str
    marking: str


def _network_parts(network: pd.Series, context: _Context) -> tuple[str, str]:
    """The overview table row and the section (link chart, timeline) of one network."""
    timeline = context.marts.get("fct_network_timeline")
    nid = str(network["network_id"])
    members = context.members[context.members["network_id"].astype(str) == nid]
    member_ids = set(members["person_id"].astype(str))
    keys = key_player_ids(network, members)
    activity = quarterly_activity(
        timeline[timeline["network_id"].astype(str) == nid]
        if timeline is not None
        else pd.DataFrame(columns=["quarter_start"]),
        last_quarter=context.last_quarter,
    )
    # the trend's two windows, in quarters
    crimes = crimes_by_quarter(
        activity, as_of=context.as_of, quarters=max(1, -(-2 * context.window_months // 3))
    )
    trend = _trend_label(network)
    victims_all = context.marts.get("fct_network_victims")
    victims = (
        victims_all[victims_all["network_id"].astype(str) == nid]
        if victims_all is not None
        else None
    )
    child = _child_victims(network, victims_all)
    anchor = f"network-{nid}"
    row = (
        f'<tr><td class="num">{num(network["priority_rank"])}</td>'
        f'<td><a href="#{esc(anchor)}">{esc(nid)}</a></td>'
        f'<td class="num">{num(network["priority_score"], 3)}</td>'
        f'<td class="num">{num(network["n_members"])}</td>'
        f'<td class="num">{num(network["n_victims"])}</td>'
        f'<td class="num">{num(child)}</td>'
        f'<td class="num">{num(network["harm_days"], 0)}</td>'
        f'<td class="num">{num(network["n_linked_ocgs"])}</td>'
        f"<td>{_trend_cell(network, crimes, context.window_months)}</td>"
        f'<td class="explanation"><div class="clamp">{esc(network["explanation"])}</div></td></tr>'
    )
    person_links = context.marts.get("fct_person_links")
    if person_links is not None:
        side_a = person_links["network_id_a"].astype(str) == nid
        side_b = person_links["network_id_b"].astype(str) == nid
        inside, cross = person_links[side_a & side_b], person_links[side_a ^ side_b]
    else:
        inside = cross = None
    network_links = context.marts.get("fct_network_links")
    ocg_links = context.marts.get("fct_network_ocg_links")
    stubs, left_out = chart_stubs(nid, network_links, ocg_links, cross, member_ids)
    bridging = bridging_ids(nid, members, network_links, ocg_links)
    # Victims are attached to the network, never members: each is drawn (victim style)
    # at the end of the directed links from the members who offended against them.
    victim_links_all = context.marts.get("fct_network_victim_links")
    victim_links = victim_link_rows(nid, victim_links_all, member_ids, inside)
    victim_nodes = victim_people(victim_links, victims, member_ids, context.labels)
    victim_ids = {str(r["person_id"]) for _, r in members.iterrows() if person_role(r) == "victim"}
    victim_ids |= set(victim_links["person_id_b"].astype(str))
    drawn = [f for f in (inside, victim_links) if f is not None and len(f)]
    links = pd.concat(drawn, ignore_index=True) if drawn else inside
    people = chart_people(members, keys, context.labels, bridging) + victim_nodes
    chart = link_chart_svg(
        nid,
        people,
        chart_links(links, context.labels, victim_ids) if links is not None else [],
        stubs,
        seed=context.seed,
    )
    notes = []
    labelled = int(chart.split('data-labelled="', 1)[1].split('"', 1)[0])
    if labelled < len(people):
        notes.append(
            f"{labelled} of {len(people)} people labelled (no label overlaps another); "
            "hover a node, or see the member table, for the others."
        )
    if left_out:
        notes.append(f"{left_out} weaker links to other networks or OCGs not drawn.")
    if person_links is None:
        notes.append("Person links (fct_person_links) not available: no edges drawn.")
    if victims is not None:
        shown = member_ids | {p.person_id for p in victim_nodes}
        off_chart = len(set(victims["victim_person_id"].astype(str)) - shown)
        if off_chart and victim_links_all is None:
            notes.append(
                f"Victim links (fct_network_victim_links) not available: the network's "
                f"{off_chart} victims are not drawn; they are in the victims table."
            )
        elif off_chart:
            notes.append(
                f"{off_chart} of the network's {len(victims)} victims have no offender link "
                "to a member: not drawn; they are in the victims table."
            )
    if victim_nodes:
        notes.append(
            f"{len(victim_nodes)} victim{'s' if len(victim_nodes) != 1 else ''} "
            "(squares) drawn at the end of arrows from the members who offended against "
            "them; line width: crimes against the victim."
        )
    key_text = ", ".join(esc(context.labels[k].text) for k in keys) if keys else "none identified"
    n_victims = len(victims) if victims is not None else 0
    details = (
        f'<details class="detail" open><summary>Victims ({n_victims})</summary>'
        f"{victims_table(victims, context.labels)}</details>"
        f'<details class="detail"><summary>Members ({len(members)}): roles and score '
        f"components</summary>{members_table(members, keys, bridging, context.labels)}"
        "</details>"
        f'<details class="detail"><summary>Links ({len(links) if links is not None else 0}):'
        " types, weight, first and last seen</summary>"
        f"{links_table(links, context.labels, victim_ids)}</details>"
    )
    section = (
        f'<section class="network" id="{esc(anchor)}" data-network-id="{esc(nid)}">'
        f'<div class="marking print-only">{context.marking}</div>'
        f"<h2>#{num(network['priority_rank'])} · Network {esc(nid)}</h2>"
        f'<p class="facts">Score {num(network["priority_score"], 3)} · '
        f"{num(network['n_members'])} members · {num(network['n_cse_nominals'])} CSE "
        f"nominals · {num(network['n_victims'])} victims ({num(child)} child victims) · "
        f"harm {num(network['harm_days'], 0)} days · {num(network['n_linked_ocgs'])} "
        f"linked OCGs · {len(bridging)} bridging people · activity "
        f"{esc(trend.replace('_', ' ').lower() or 'not recorded')}</p>"
        f'<div class="explain">{esc(network["explanation"])}</div>'
        f"<p><strong>Key players</strong> (removal order): {key_text}</p>"
        f'<div class="charts"><figure class="chart">{chart}<figcaption>{" ".join(notes)}'
        f'</figcaption></figure><figure class="timeline">'
        f"{timeline_svg(nid, activity, as_of=context.as_of)}"
        f"{timeline_svg(nid, activity, as_of=context.as_of, width=PRINT_WIDTH)}</figure></div>"
        '<p class="note print-only">Victim, member and link tables: in the screen version '
        "of this pack.</p>"
        f"{details}</section>"
    )
    return row, section


def _victim_ids(marts: dict[str, pd.DataFrame], network_ids: list[str]) -> list[str]:
    """Victims of the shown networks, from the victim and victim-link marts."""
    found: set[str] = set()
    for table in ("fct_network_victims", "fct_network_victim_links"):
        frame = marts.get(table)
        if frame is not None and len(frame):
            rows = frame[frame["network_id"].astype(str).isin(network_ids)]
            found.update(rows["victim_person_id"].astype(str))
    return sorted(found)


def render_briefing(
    frames: dict[str, pd.DataFrame],
    *,
    top_n: int,
    seed: int,
    with_names: bool,
    marking: str | None = None,
) -> str:
    """The briefing pack for the ``top_n`` networks as one self-contained HTML page.

    Parameters
    ----------
    frames : dict of str to pd.DataFrame
        Mart name -> rows. Needs ``fct_networks`` and ``fct_person_scores``; uses
        ``fct_person_links``, ``fct_network_links``, ``fct_network_ocg_links``,
        ``fct_network_victims``, ``fct_network_timeline``, ``rpt_data_quality``,
        ``rpt_run_audit`` when present, and ``dim_person_identities`` only with names.
    top_n : int
        Number of networks, by priority rank.
    seed : int
        Seed of the force-directed layouts.
    with_names : bool
        Label people by name from ``dim_person_identities`` instead of pseudonymous ids.
    marking : str, optional
        Protective marking of the banner; default the run's dbt var
        ``protective_marking``, else ``DEFAULT_MARKING``.

    Returns
    -------
    str
        The HTML document.

    Raises
    ------
    BriefingDataError
        If a needed mart or column is missing, or names are asked for without the
        identity model.
    """
    if with_names and frames.get(IDENTITY_TABLE) is None:
        raise BriefingDataError(
            f"--with-names needs the restricted identity model marts.{IDENTITY_TABLE}, "
            "which was not provided"
        )
    if not with_names:  # never let restricted rows reach the renderer
        frames = {k: v for k, v in frames.items() if k != IDENTITY_TABLE}
    marts = normalise_frames(frames)
    networks = top_networks(marts["fct_networks"], top_n)
    persons = marts["fct_person_scores"]
    timeline = marts.get("fct_network_timeline")
    run_id, as_of, commit = _run_facts(marts, marts["fct_networks"])
    last_quarter = _last_quarter(timeline, as_of)
    ids = [str(n) for n in networks["network_id"]]
    members_all = persons[persons["network_id"].astype(str).isin(ids)]
    labels = person_labels(
        sorted(members_all["person_id"].astype(str).unique()),
        marts.get(IDENTITY_TABLE),
        with_names=with_names,
    )
    # Victims keep their pseudonymous ids (the identity model is read for members only).
    labels = person_labels(_victim_ids(marts, ids), None, with_names=False) | labels

    banner = esc(protective_marking(marts, marking))
    window = _window_months(marts)
    context = _Context(marts, members_all, labels, last_quarter, window, seed, as_of, banner)
    parts = [_network_parts(network, context) for _, network in networks.iterrows()]
    overview = [row for row, _ in parts]
    sections = [section for _, section in parts]

    identity_mode = (
        "names from the restricted identity model" if with_names else "pseudonymous person ids"
    )
    restricted = (
        '<div class="advisory">RESTRICTED: this copy shows names and dates of birth. '
        "Handle and store it under the identity model's access rules.</div>"
        if with_names
        else ""
    )
    table_head = "".join(
        f"<th{' class=num' if numeric else ''}>{label}</th>"
        for label, numeric in (
            ("Rank", True),
            ("Network", False),
            ("Score", True),
            ("Members", True),
            ("Victims", True),
            ("Child victims", True),
            ("Harm (days)", True),
            ("Linked OCGs", True),
            (f"Activity trend: crimes, last {window} months vs the {window} before", False),
            ("Why it ranks here", False),
        )
    )
    title = f"CSE network briefing pack: top {len(networks)} networks"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            '<head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{esc(title)}</title>",
            f"<style>{CSS}</style>",
            f"<script>{_HEAD_SCRIPT}</script>",
            "</head>",
            f'<body data-network-count="{len(networks)}">',
            f'<div class="marking top" data-marking="{banner}">{banner}</div>',
            f"<header><h1>{esc(title)}</h1>",
            f'<div class="meta">Run <strong>{esc(run_id)}</strong> · as of '
            f"<strong>{esc(as_of)}</strong>"
            f"{f' · code {esc(commit)}' if commit else ''} · ranked by advisory priority score · "
            f"people shown as {identity_mode}</div></header>",
            f'<div class="advisory">{esc(ADVISORY)}</div>',
            restricted,
            '<main><div class="overview-page"><nav class="toc">Contents: '
            '<a href="#overview">Overview</a> · '
            + (
                '<a href="#changes">Since the last run</a> · '
                if "fct_network_changes" in marts
                else ""
            )
            + '<a href="#data-quality">Data quality</a> · '
            + " · ".join(f'<a href="#network-{esc(i)}">{esc(i)}</a>' for i in ids)
            + (
                ' · <a href="#ocg-priority">OCG priority</a>'
                if marts.get("fct_ocg_cse_priority") is not None
                else ""
            )
            + ' · <a href="#methods">Methods</a> · <a href="#glossary">Glossary</a></nav>',
            '<h2 id="overview">Overview</h2>',
            f'<div class="table-wrap"><table class="overview"><thead><tr>{table_head}</tr>'
            f"</thead><tbody>{''.join(overview)}</tbody></table></div>",
            "" if overview else '<p class="note">No networks in fct_networks for this run.</p>',
            changes_section(marts.get("fct_network_changes")),
            '<section class="data-quality" id="data-quality"><h2>Data quality</h2>',
            data_quality_panel(marts.get("rpt_data_quality")),
            "</section></div>",
            *sections,
            ocg_priority_section(marts.get("fct_ocg_cse_priority")),
            methods_section(banner, run_id),
            "</main>",
            f'<div class="marking bottom">{banner}</div>',
            f"<script>{_BODY_SCRIPT}</script>",
            "</body>",
            "</html>",
        ]
    )
