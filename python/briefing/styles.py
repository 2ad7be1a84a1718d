"""Visual vocabulary of the pack: role colours, link-type families and the page CSS.

Colours come from the Okabe-Ito palette (readable with colour-blindness); link types
also differ by dash pattern so the charts still read in greyscale print.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CSS",
    "LINK_FAMILIES",
    "ROLES",
    "SERIES",
    "TOTAL_SERIES",
    "LinkFamily",
    "Role",
    "link_family",
    "primary_family",
]


@dataclass(frozen=True)
class Role:
    """A person's role in a chart: legend label and fill colour."""

    key: str
    label: str
    fill: str


# Order is the precedence when a person has several flags.
ROLES: dict[str, Role] = {
    "victim": Role("victim", "Victim", "#56B4E9"),
    "cse": Role("cse", "CSE nominal", "#D55E00"),
    "ocg": Role("ocg", "OCG member", "#0072B2"),
    "associate": Role("associate", "Other associate", "#A0A0A0"),
}


@dataclass(frozen=True)
class LinkFamily:
    """A family of link types drawn alike.

    ``types`` are the exact link types of ``seeds/reference/link_type_weights.csv``
    (matched first); ``keywords`` catch other spellings; ``directed`` families draw an
    arrow from offender to victim.
    """

    key: str
    label: str
    types: tuple[str, ...]
    keywords: tuple[str, ...]
    dash: str
    colour: str
    directed: bool = False


# Order is the precedence when a link has several types (strongest evidence first).
LINK_FAMILIES: tuple[LinkFamily, ...] = (
    LinkFamily(
        "crime", "Co-offending", ("CO_OFFENDING",), ("CO_OFFEND", "CRIME", "SUSPECT"), "", "#3A3A3A"
    ),
    LinkFamily(
        "victim",
        "Offender → victim",
        ("OFFENDER_VICTIM",),
        ("VICTIM", "SAFEGUARD"),
        "1.5 2.5",
        "#CC79A7",
        directed=True,
    ),
    LinkFamily(
        "arrest",
        "Arrested together",
        ("ARRESTED_TOGETHER",),
        ("ARREST", "CUSTODY", "INCIDENT"),
        "7 3",
        "#B07A00",
    ),
    LinkFamily(
        "intel",
        "Credible intelligence",
        ("CREDIBLE_INTEL",),
        ("INTEL", "ASSOCIAT", "MENTION"),
        "2 3",
        "#6A5ACD",
    ),
    LinkFamily("ocg", "Same OCG", ("SAME_OCG",), ("OCG", "ORGANISED"), "12 4", "#0072B2"),
    LinkFamily(
        "identifier",
        "Shared identifier",
        ("SHARED_IDENTIFIER",),
        ("ADDRESS", "PHONE", "VEHICLE", "EMAIL", "HANDLE", "IDENTIFIER", "SHARED"),
        "8 3 2 3",
        "#009E73",
    ),
    LinkFamily("other", "Other link", (), (), "4 4", "#7F7F7F"),
)
_BY_KEY = {f.key: f for f in LINK_FAMILIES}
_RANK = {f.key: i for i, f in enumerate(LINK_FAMILIES)}


def link_family(link_type: str) -> LinkFamily:
    """The family a raw link type (e.g. ``OFFENDER_VICTIM``) is drawn with.

    Exact link types win over keywords, so ``OFFENDER_VICTIM`` (which contains the
    co-offending keyword ``OFFEND``) is drawn as offender-victim; the keyword pass runs
    in precedence order on the other spellings.
    """
    upper = link_type.strip().upper()
    for family in LINK_FAMILIES:
        if upper in family.types:
            return family
    for family in LINK_FAMILIES:
        if any(word in upper for word in family.keywords):
            return family
    return _BY_KEY["other"]


def primary_family(link_types: list[str]) -> LinkFamily:
    """The strongest family among a link's types (``other`` when there are none)."""
    families = [link_family(t) for t in link_types] or [_BY_KEY["other"]]
    return min(families, key=lambda f: _RANK[f.key])


# Timeline series: (column, label, colour). CSE crimes are a subset of crimes, drawn
# beside them; ``TOTAL_SERIES`` decide where a network's timeline starts (its first
# quarter with any of them). The overview's trend and sparkline are crimes alone, the
# measure of the mart's activity_trend.
SERIES: tuple[tuple[str, str, str], ...] = (
    ("n_crimes", "All crimes", "#D55E00"),
    ("n_cse_crimes", "CSE crimes", "#7A1E48"),
    ("n_arrests", "Arrests", "#E69F00"),
    ("n_intel_reports", "Intelligence reports", "#6A5ACD"),
)
TOTAL_SERIES: tuple[str, ...] = ("n_crimes", "n_arrests", "n_intel_reports")

CSS = """
:root { --ink: #1d1d1f; --muted: #5f6368; --rule: #d9dce1; --band: #f5f6f8; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: var(--ink); margin: 0; background: #fff; }
header { background: #20262e; color: #fff; padding: 16px 28px; }
header h1 { margin: 0 0 6px; font-size: 22px; }
header .meta { color: #cfd6de; font-size: 13px; }
.advisory { background: #fff4d6; color: #4a3500; border-left: 6px solid #e6a700;
  padding: 10px 28px; font-weight: 600; }
main { padding: 8px 28px 40px; max-width: 1400px; }
h2 { font-size: 18px; margin: 26px 0 8px; border-bottom: 2px solid var(--rule);
  padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid var(--rule); padding: 5px 8px; text-align: left;
  vertical-align: top; }
th { background: var(--band); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.explanation { max-width: 520px; }
.dq { font-size: 12px; }
.dq-summary { margin: 4px 0 8px; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 9px; font-size: 12px;
  font-weight: 600; margin-right: 6px; }
.badge.pass { background: #dff3e4; color: #17632a; }
.badge.warn { background: #fff1c9; color: #6b4d00; }
.badge.fail { background: #fbdcdc; color: #8a1c1c; }
.badge.info { background: #e5ebf3; color: #2b4566; }
section.network { border-top: 3px solid #20262e; margin-top: 30px; padding-top: 4px; }
.facts { color: var(--muted); margin: 2px 0 8px; }
.explain { background: var(--band); padding: 8px 12px; border-radius: 4px; margin: 6px 0 10px; }
.charts { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; }
figure { margin: 0; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 2px; max-width: 900px; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
svg.link-chart { background: #fcfcfd; border: 1px solid var(--rule); }
svg.timeline { background: #fff; border: 1px solid var(--rule); }
svg .node { cursor: default; }
svg.dimmed .edge:not(.lit) { opacity: 0.08; }
svg.dimmed .node:not(.lit) { opacity: 0.2; }
.trend-up { color: #a3261b; font-weight: 600; }
.trend-down { color: #17632a; }
.trend-counts { color: var(--muted); font-size: 0.85em; white-space: nowrap; }
.note { color: var(--muted); font-size: 12px; }
.marking { background: #20262e; color: #fff; text-align: center; font-weight: 700;
  letter-spacing: 0.12em; padding: 3px 0; font-size: 13px; }
.marking.print-only { display: none; }
.print-only { display: none; }
nav.toc { margin: 10px 0 0; font-size: 13px; }
.table-wrap { overflow-x: auto; }
td .clamp { display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical;
  overflow: hidden; }
.dq-summary .badge { font-size: 13px; padding: 2px 9px; margin: 2px 6px 2px 0; }
.dq-detail h3 { font-size: 14px; }
svg.link-chart, svg.timeline { max-width: 100%; height: auto; }
svg.timeline-print { display: none; }
details.detail { margin: 8px 0; }
details.detail > summary { cursor: pointer; font-weight: 600; padding: 4px 0; }
table.members td, table.links td, table.victims td { white-space: nowrap; }
h4.table-title { margin: 0.6em 0 0.2em; font-size: 0.95em; }
.methods dl { display: grid; grid-template-columns: 190px 1fr; gap: 4px 14px; margin: 0; }
.methods dt { font-weight: 600; }
.methods dd { margin: 0; }
section.extra { margin-top: 24px; }
table.ocg-priority td { white-space: nowrap; }
table.ocg-priority th { white-space: normal; }
table.ocg-priority tr:not(.why) td { border-bottom: none; }
table.ocg-priority tr.why td { white-space: normal; color: var(--muted); font-size: 12px;
  padding-top: 0; }
@media (max-width: 900px) {
  main { padding: 8px 10px 30px; }
  td.explanation { max-width: 260px; }
}
@page { size: A4 landscape; margin: 9mm 10mm; }
@media print {
  body { font-size: 10.5px; }
  header { padding: 6px 12px; }
  header h1 { font-size: 16px; margin: 0 0 2px; }
  .advisory { padding: 4px 12px; }
  main { padding: 0; max-width: none; }
  h2 { font-size: 14px; margin: 6px 0 4px; }
  table { font-size: 10px; }
  th, td { padding: 2px 5px; }
  nav.toc, .marking.bottom, details.detail, .dq-detail { display: none; }
  .print-only { display: block; }
  .marking, .marking.print-only { display: block; font-size: 10px; padding: 1px 0;
    -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .overview-page { break-after: page; }
  /* The overview of ten networks on one page: trend word and sparkline on one line. */
  table.overview td { padding: 1px 4px; }
  table.overview td br { display: none; }
  table.overview .spark { height: 12px; width: 64px; vertical-align: middle; margin-left: 4px; }
  section.changes h2, section.data-quality h2 { margin-top: 4px; }
  section.changes p { margin: 2px 0; }
  header, .advisory, .marking.top { break-after: avoid; }
  td .clamp { -webkit-line-clamp: 2; }
  td.explanation { max-width: none; }
  .spark { height: 16px; }
  section.network { break-before: page; break-inside: avoid; border-top: none;
    margin-top: 0; padding-top: 0; height: 190mm; overflow: hidden; }
  section.network h2 { margin-top: 2px; }
  .facts { margin: 0 0 2px; }
  .explain { padding: 3px 8px; margin: 2px 0 4px; font-size: 9.5px; max-height: 22mm;
    overflow: hidden; }
  section.network p { margin: 2px 0; }
  .charts { display: flex; flex-wrap: nowrap; gap: 6px; }
  figure.chart { flex: 0 0 auto; }
  figure.chart svg.link-chart { width: auto; height: auto; max-width: 168mm; max-height: 138mm; }
  figure.timeline svg.timeline { display: none; }
  figure.timeline svg.timeline-print { display: block; width: 95mm; height: auto;
    border: 1px solid var(--rule); }
  figcaption { font-size: 9px; }
  section.methods { break-before: page; break-inside: avoid; font-size: 9.5px; }
  .methods dl { grid-template-columns: 140px 1fr; gap: 1px 10px; }
  section.extra { break-before: page; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
