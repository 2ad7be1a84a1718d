"""The tables of one network's section: members, victims and links (pure pandas -> HTML)."""

from __future__ import annotations

import pandas as pd

from briefing.columns import COMPONENTS
from briefing.network_view import PersonLabel, is_victim_pair, person_role
from briefing.styles import ROLES, primary_family
from briefing.svg import esc, num

__all__ = ["MAX_LINK_ROWS", "age_band", "links_table", "members_table", "victims_table"]

# Strongest links listed per network; the rest are in fct_person_links.
MAX_LINK_ROWS = 60
# Age bands at first offence (upper bounds, exclusive): child bands follow safeguarding
# practice (under 13, 13-15, 16-17); adults are not split further.
_AGE_BANDS = ((13, "under 13"), (16, "13–15"), (18, "16–17"))


def age_band(age: object) -> str:
    """Age band of an age in years, ``adult (18+)`` above 17, ``not recorded`` if missing."""
    value = pd.to_numeric(pd.Series([age]), errors="coerce").iloc[0]
    if pd.isna(value):
        return "not recorded"
    for bound, label in _AGE_BANDS:
        if value < bound:
            return label
    return "adult (18+)"


def _flag(value: object) -> bool:
    return bool(value) if value is not None and not pd.isna(value) else False


def _yes(value: object) -> str:
    if value is None or pd.isna(value):
        return "–"
    return "yes" if bool(value) else "no"


def _date(value: object) -> str:
    return "–" if value is None or pd.isna(value) else str(value)[:10]


def _head(columns: list[tuple[str, bool, str]]) -> str:
    cells = []
    for label, numeric, tip in columns:
        css = " class=num" if numeric else ""
        title = f' title="{esc(tip)}"' if tip else ""
        cells.append(f"<th{css}{title}>{esc(label)}</th>")
    return f"<thead><tr>{''.join(cells)}</tr></thead>"


def members_table(
    members: pd.DataFrame,
    keys: list[str],
    bridging: set[str],
    labels: dict[str, PersonLabel],
) -> str:
    """Every member with role, key-player order, centrality, harm and score components."""
    order = {pid: i + 1 for i, pid in enumerate(keys)}
    components = [c for c in COMPONENTS if c in members.columns and members[c].notna().any()]
    rank = pd.to_numeric(members["priority_rank"], errors="coerce").fillna(float("inf"))
    ordered = members.assign(
        _key=[order.get(str(p), 10**9) for p in members["person_id"]], _rank=rank
    ).sort_values(["_key", "_rank", "person_id"], kind="stable")
    columns = [
        ("Person", False, ""),
        ("Role", False, "CSE nominal, victim, OCG member or other associate"),
        (
            "Key player",
            True,
            "Removal order: removing key players in this order most fragments the network",
        ),
        ("Bridging", False, "Links to another network or an OCG"),
        ("Person rank", True, "Advisory person priority rank (victims are not ranked)"),
        ("Score", True, "Advisory person priority score"),
        ("Degree", True, "Number of people linked"),
        ("Betweenness", True, "Share of shortest paths through the person (0-1)"),
        ("Harm (days)", True, "Crime harm days of the person's offences"),
        ("CSE crimes", True, ""),
        *(
            (c.removesuffix("_component").replace("_", " ").capitalize(), True, c)
            for c in components
        ),
    ]
    rows = []
    for _, row in ordered.iterrows():
        pid = str(row["person_id"])
        role = ROLES.get(person_role(row), ROLES["associate"]).label
        if role != "OCG member" and _flag(row.get("is_ocg_member")):
            role += " · OCG member"
        cells = [
            f"<td>{esc(labels[pid].text if pid in labels else pid)}</td>",
            f"<td>{esc(role)}</td>",
            f'<td class="num">{order.get(pid, "")}</td>',
            f"<td>{'yes' if pid in bridging else ''}</td>",
            f'<td class="num">{num(row.get("priority_rank"))}</td>',
            f'<td class="num">{num(row.get("priority_score"), 3)}</td>',
            f'<td class="num">{num(row.get("degree"))}</td>',
            f'<td class="num">{num(row.get("betweenness"), 3)}</td>',
            f'<td class="num">{num(row.get("harm_days"), 0)}</td>',
            f'<td class="num">{num(row.get("n_cse_crimes"))}</td>',
            *(f'<td class="num">{num(row.get(c), 3)}</td>' for c in components),
        ]
        rows.append(f'<tr data-id="{esc(pid)}">{"".join(cells)}</tr>')
    return (
        f'<table class="members">{_head(columns)}<tbody>{"".join(rows)}</tbody></table>'
        '<p class="note">Score components are the weighted parts of the advisory priority '
        "score (see Methods); hover a column head for its meaning.</p>"
    )


def victims_table(victims: pd.DataFrame | None, labels: dict[str, PersonLabel]) -> str:
    """Victims of the network: pseudonymised id, age band, repeat, safeguarding, dates."""
    if victims is None:
        return '<p class="note">Victims (fct_network_victims) not available.</p>'
    if len(victims) == 0:
        return '<p class="note">No victims recorded for this network.</p>'
    ordered = victims.assign(
        _last=pd.to_datetime(victims["last_offence_at"], errors="coerce")
    ).sort_values(["_last", "victim_person_id"], ascending=[False, True], kind="stable")
    columns = [
        ("Victim", False, "Pseudonymised person id"),
        ("Age band at first offence", False, ""),
        ("Crimes", True, ""),
        ("CSE crimes", True, ""),
        ("Repeat victim", False, "Victim of more than one crime"),
        ("Safeguarding flag", False, "A current safeguarding flag is held"),
        ("First offence", False, ""),
        ("Last offence", False, ""),
    ]
    rows = []
    for _, row in ordered.iterrows():
        pid = str(row["victim_person_id"])
        rows.append(
            f'<tr class="victim-row" data-id="{esc(pid)}">'
            f"<td>{esc(labels[pid].text if pid in labels else pid)}</td>"
            f"<td>{esc(age_band(row.get('age_at_first_offence_years')))}</td>"
            f'<td class="num">{num(row.get("n_crimes"))}</td>'
            f'<td class="num">{num(row.get("n_cse_crimes"))}</td>'
            f"<td>{_yes(row.get('is_repeat_victim'))}</td>"
            f"<td>{_yes(row.get('has_safeguarding_flag'))}</td>"
            f"<td>{_date(row.get('first_offence_at'))}</td>"
            f"<td>{_date(row.get('last_offence_at'))}</td></tr>"
        )
    return f'<table class="victims">{_head(columns)}<tbody>{"".join(rows)}</tbody></table>'


def _link_rows(ordered: pd.DataFrame, labels: dict[str, PersonLabel], victims: set[str]) -> str:
    rows = []
    for _, row in ordered.head(MAX_LINK_ROWS).iterrows():
        a, b = str(row["person_id_a"]), str(row["person_id_b"])
        types = sorted(row["link_types"], key=lambda t: (primary_family([t]).key != "crime", t))
        directed = is_victim_pair(a, b, types, victims)
        if directed and a in victims:
            a, b = b, a
        family = primary_family(list(types))
        rows.append(
            f'<tr data-family="{family.key}">'
            f"<td>{esc(labels[a].text if a in labels else a)}</td>"
            f"<td>{'→' if directed else '—'}</td>"
            f"<td>{esc(labels[b].text if b in labels else b)}</td>"
            f"<td>{esc(', '.join(types))}</td>"
            f'<td class="num">{num(row["_w"], 2 if not directed else 0)}</td>'
            f'<td class="num">{num(row.get("n_evidence"))}</td>'
            f"<td>{_date(row.get('first_seen_at'))}</td>"
            f"<td>{_date(row.get('last_seen_at'))}</td></tr>"
        )
    return "".join(rows)


def _link_columns(victim: bool) -> list[tuple[str, bool, str]]:
    if victim:
        weight = ("Crimes", True, "Crimes by the offender against the victim")
        evidence = ("Evidence", True, "Crimes behind the link")
        seen = ("First offence", False, ""), ("Last offence", False, "")
    else:
        weight = (
            "Weight",
            True,
            "Summed evidence weight after saturation and recency decay (fct_person_links)",
        )
        evidence = ("Evidence", True, "Pieces of evidence behind the link")
        seen = ("First seen", False, ""), ("Last seen", False, "")
    return [
        ("From", False, ""),
        ("", False, "→ directed (offender to victim), — undirected"),
        ("To", False, ""),
        ("Link types", False, "Strongest first"),
        weight,
        evidence,
        *seen,
    ]


def links_table(
    links: pd.DataFrame | None, labels: dict[str, PersonLabel], victims: set[str]
) -> str:
    """The network's links as two tables, each ordered on its own measure: links between
    members by evidence weight (fct_person_links), then offender-to-victim links by
    crimes against the victim (fct_network_victim_links). One measure does not push the
    other's rows out of the list. Each table lists its strongest ``MAX_LINK_ROWS``."""
    if links is None or len(links) == 0:
        return '<p class="note">No links recorded inside this network.</p>'
    weight = pd.to_numeric(links["weight"], errors="coerce").fillna(0.0)
    is_victim = [
        is_victim_pair(str(a), str(b), list(t), victims)
        for a, b, t in zip(
            links["person_id_a"], links["person_id_b"], links["link_types"], strict=True
        )
    ]
    framed = links.assign(_w=weight, _victim=is_victim)
    parts = []
    for victim, title, source in (
        (False, "Links between members, strongest evidence first", "fct_person_links"),
        (True, "Offender to victim links, most crimes first", "fct_network_victim_links"),
    ):
        part = framed[framed["_victim"] == victim]
        if len(part) == 0:
            continue
        ordered = part.sort_values(
            ["_w", "person_id_a", "person_id_b"], ascending=[False, True, True], kind="stable"
        )
        css = "links victim-links" if victim else "links member-links"
        more = len(ordered) - MAX_LINK_ROWS
        note = (
            f'<p class="note">{more} weaker links not listed (all are in {source}).</p>'
            if more > 0
            else ""
        )
        parts.append(
            f'<h4 class="table-title">{esc(title)} ({len(ordered)})</h4>'
            f'<table class="{css}">{_head(_link_columns(victim))}'
            f"<tbody>{_link_rows(ordered, labels, victims)}</tbody></table>{note}"
        )
    return "".join(parts)
