"""What one network's section shows, assembled from the normalised marts (pure pandas).

Turns mart rows into chart inputs: people with role, centrality and label; links
inside the network; stubs for linked networks and OCGs; key players.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from briefing.link_chart import ChartLink, ChartPerson, ChartStub
from briefing.styles import link_family
from briefing.svg import num, short_id

__all__ = [
    "MAX_NETWORK_STUBS",
    "MAX_OCG_STUBS",
    "PersonLabel",
    "bridging_ids",
    "chart_links",
    "chart_people",
    "chart_stubs",
    "is_victim_pair",
    "key_player_ids",
    "person_labels",
    "person_role",
    "top_networks",
    "victim_link_rows",
    "victim_people",
]

# Stub boxes drawn per chart; the rest are counted in the caption.
MAX_NETWORK_STUBS = 10
MAX_OCG_STUBS = 6
# ``member_role`` values of fct_person_scores -> role keys of ``styles.ROLES``.
_MEMBER_ROLES = {
    "CSE_NOMINAL": "cse",
    "VICTIM": "victim",
    "OCG_MEMBER": "ocg",
    "ASSOCIATE": "associate",
    "OTHER_ASSOCIATE": "associate",
}


@dataclass(frozen=True)
class PersonLabel:
    """How a person appears: chart label, identity part of the tooltip, and in text."""

    label: str
    identity: str
    text: str


def _flag(value: object) -> bool:
    return bool(value) if value is not None and not pd.isna(value) else False


def top_networks(networks: pd.DataFrame, top_n: int) -> pd.DataFrame:
    """The ``top_n`` networks by priority rank (ties by network id)."""
    ordered = networks.assign(
        _rank=pd.to_numeric(networks["priority_rank"], errors="coerce").fillna(float("inf"))
    ).sort_values(["_rank", "network_id"], kind="stable")
    return ordered.drop(columns="_rank").head(max(top_n, 0)).reset_index(drop=True)


def person_role(row: pd.Series) -> str:
    """Role key for the node colour: the mart's ``member_role``, else from the flags.

    The flag order matches the marts' classification: CSE nominal, victim, OCG member,
    other associate.
    """
    stored = row.get("member_role")
    if isinstance(stored, str) and stored.upper() in _MEMBER_ROLES:
        return _MEMBER_ROLES[stored.upper()]
    if _flag(row.get("is_cse_nominal")):
        return "cse"
    if _flag(row.get("is_victim")):
        return "victim"
    if _flag(row.get("is_ocg_member")):
        return "ocg"
    return "associate"


def key_player_ids(network: pd.Series, members: pd.DataFrame) -> list[str]:
    """Key players of a network in removal order (person flags first, else the network list)."""
    order = pd.to_numeric(members["key_player_order"], errors="coerce")
    flagged = members["is_key_player"].map(_flag) | order.notna()
    if flagged.any():
        keyed = members.assign(_order=order.fillna(float("inf")))[flagged]
        keyed = keyed.sort_values(["_order", "person_id"], kind="stable")
        return [str(p) for p in keyed["person_id"]]
    listed = network.get("key_player_ids")
    known = set(members["person_id"].astype(str))
    return [p for p in (listed if isinstance(listed, list) else []) if p in known]


def person_labels(
    person_ids: list[str], identities: pd.DataFrame | None, *, with_names: bool
) -> dict[str, PersonLabel]:
    """Labels: pseudonymous ids, or names from the identity model when asked for.

    Parameters
    ----------
    person_ids : list of str
        People who appear in the pack.
    identities : pd.DataFrame or None
        Normalised ``dim_person_identities`` rows (ignored unless ``with_names``).
    with_names : bool
        Show names (the caller has checked access).

    Returns
    -------
    dict of str to PersonLabel
        Person id -> label; ids without an identity row keep their id.
    """
    labels = {pid: PersonLabel(short_id(pid), pid, pid) for pid in person_ids}
    if not with_names or identities is None or len(identities) == 0:
        return labels
    wanted = set(person_ids)
    rows = identities[identities["person_id"].astype(str).isin(wanted)]
    rows = rows.sort_values("person_id", kind="stable").drop_duplicates("person_id")
    for row in rows.itertuples(index=False):
        name = _display_name(row)
        if not name:
            continue
        dob = "" if pd.isna(row.date_of_birth) else f", born {str(row.date_of_birth)[:10]}"
        labels[str(row.person_id)] = PersonLabel(name, f"{name}{dob} ({row.person_id})", name)
    return labels


def _display_name(row: object) -> str:
    value = getattr(row, "display_name", None)
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        parts = [str(v) for v in list(value) if v is not None and str(v).strip()]
        return " / ".join(parts)
    if value is not None and not pd.isna(value) and str(value).strip():
        return str(value).strip()
    parts = [getattr(row, c, None) for c in ("forename", "surname")]
    return " ".join(str(p).strip() for p in parts if p is not None and not pd.isna(p)).strip()


def _centrality(members: pd.DataFrame) -> pd.Series:
    for column in ("betweenness", "eigenvector", "degree"):
        values = pd.to_numeric(members[column], errors="coerce").fillna(0.0).clip(lower=0.0)
        if values.max() > 0:
            return values / values.max()
    return pd.Series(0.0, index=members.index)


def bridging_ids(
    network_id: str,
    members: pd.DataFrame,
    network_links: pd.DataFrame | None,
    ocg_links: pd.DataFrame | None,
) -> set[str]:
    """Members who bridge this network to another network or to an OCG.

    Exactly the people the marts name for it (and the explanation cites): the network
    links' ``bridging_person_ids`` and the OCG links' ``link_persons``.
    """
    member_ids = set(members["person_id"].astype(str))
    found: set[str] = set()
    for frame, column in ((network_links, "bridging_person_ids"), (ocg_links, "link_persons")):
        if frame is not None and len(frame):
            rows = frame[frame["network_id"].astype(str) == network_id]
            for value in rows[column]:
                found.update(value)
    return found & member_ids


def chart_people(
    members: pd.DataFrame,
    keys: list[str],
    labels: dict[str, PersonLabel],
    bridging: set[str] | None = None,
) -> list[ChartPerson]:
    """Chart nodes for a network's members (``fct_person_scores`` rows)."""
    bridging = bridging or set()
    centrality = _centrality(members)
    order = {pid: i + 1 for i, pid in enumerate(keys)}
    people = []
    for index, row in members.iterrows():
        pid = str(row["person_id"])
        role = person_role(row)
        also_ocg = role != "ocg" and _flag(row.get("is_ocg_member"))
        facts = [
            labels[pid].identity,
            {"victim": "victim", "cse": "CSE nominal", "ocg": "OCG member"}.get(role, "associate"),
        ]
        if also_ocg:
            facts.append("also OCG member")
        if pid in order:
            facts.append(f"key player #{order[pid]}")
        if pid in bridging:
            facts.append("bridging person")
        facts.append(f"degree {num(row.get('degree'))}")
        facts.append(f"betweenness {num(row.get('betweenness'), 3)}")
        facts.append(f"harm {num(row.get('harm_days'), 1)} days")
        people.append(
            ChartPerson(
                person_id=pid,
                role=role,
                centrality=float(centrality.loc[index]),
                label=labels[pid].label,
                tooltip=" · ".join(facts),
                is_key_player=pid in order,
                is_also_ocg=also_ocg,
                is_bridging=pid in bridging,
            )
        )
    return people


def _date(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)[:10]


def is_victim_pair(a: str, b: str, types: Iterable[str], victims: set[str]) -> bool:
    """A directed link (offender to victim) with exactly one end a victim."""
    return any(link_family(t).directed for t in types) and (a in victims) != (b in victims)


def chart_links(
    links: pd.DataFrame, labels: dict[str, PersonLabel], victims: set[str] | None = None
) -> list[ChartLink]:
    """Chart edges from ``fct_person_links`` rows inside one network.

    An offender-victim link points at its victim end when exactly one end is a victim
    (``victims``); otherwise it is drawn without direction.
    """
    victims = victims or set()
    out = []
    for row in links.itertuples(index=False):
        a, b = str(row.person_id_a), str(row.person_id_b)
        weight = float(row.weight) if not pd.isna(row.weight) else 1.0
        types = tuple(sorted(row.link_types))
        seen = " to ".join(d for d in (_date(row.first_seen_at), _date(row.last_seen_at)) if d)
        name_a = labels[a].label if a in labels else a
        name_b = labels[b].label if b in labels else b
        directed_to = ""
        if is_victim_pair(a, b, types, victims):
            directed_to = a if a in victims else b
            source = name_b if directed_to == a else name_a
            target = name_a if directed_to == a else name_b
            name_a, name_b = source, target
        arrow = "→" if directed_to else "—"
        if _is_victim_link(row):  # from fct_network_victim_links: crimes, offence dates
            crimes, cse = _count(row.n_evidence), _count(row.n_cse_crimes)
            tip = (
                f"{name_a} {arrow} {name_b}: {', '.join(types)} · {crimes} "
                f"crime{'s' if crimes != 1 else ''} against the victim ({cse} CSE)"
            )
            seen_text = f" · first offence {_date(row.first_seen_at) or '?'}, last offence " + (
                _date(row.last_seen_at) or "?"
            )
        else:
            tip = f"{name_a} {arrow} {name_b}: {', '.join(types) or 'link'} · weight {weight:.2f}"
            seen_text = f" · first seen {_date(row.first_seen_at) or '?'}, last seen " + (
                _date(row.last_seen_at) or "?"
            )
        out.append(ChartLink(a, b, weight, types, tip + (seen_text if seen else ""), directed_to))
    return out


# Columns of a person-link row (``fct_person_links``, normalised) that a victim link fills.
_LINK_ROW_COLUMNS = (
    "person_id_a",
    "person_id_b",
    "network_id_a",
    "network_id_b",
    "link_types",
    "weight",
    "n_evidence",
    "first_seen_at",
    "last_seen_at",
    "n_cse_crimes",
)


def victim_link_rows(
    network_id: str,
    victim_links: pd.DataFrame | None,
    member_ids: set[str],
    inside: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One network's ``fct_network_victim_links`` rows as person-link rows.

    The offender is end a, the victim end b; the link type is the mart's
    (OFFENDER_VICTIM), the weight and evidence count its ``n_crimes`` (crimes against
    the victim) and first/last seen its offence dates, so the chart and the link table
    draw them like any other link. Offenders who are not members are dropped, and so is
    a pair the person links already join (``inside``), so no pair is drawn twice.
    Rows are ordered by offender, then victim.
    """
    empty = pd.DataFrame(columns=list(_LINK_ROW_COLUMNS))
    if victim_links is None or len(victim_links) == 0:
        return empty
    rows = victim_links[victim_links["network_id"].astype(str) == network_id]
    rows = rows[rows["offender_person_id"].astype(str).isin(member_ids)]
    rows = rows[rows["offender_person_id"].astype(str) != rows["victim_person_id"].astype(str)]
    joined: set[frozenset[str]] = set()
    if inside is not None and len(inside):
        joined = {
            frozenset((str(a), str(b)))
            for a, b in zip(inside["person_id_a"], inside["person_id_b"], strict=True)
        }
    keep = [
        frozenset((str(a), str(b))) not in joined
        for a, b in zip(rows["offender_person_id"], rows["victim_person_id"], strict=True)
    ]
    rows = rows[keep]
    if len(rows) == 0:
        return empty
    crimes = pd.to_numeric(rows["n_crimes"], errors="coerce").fillna(1).clip(lower=1)
    out = pd.DataFrame(
        {
            "person_id_a": rows["offender_person_id"].astype(str).to_numpy(),
            "person_id_b": rows["victim_person_id"].astype(str).to_numpy(),
            "network_id_a": network_id,
            "network_id_b": network_id,
            "link_types": [
                [str(t) if isinstance(t, str) and t else "OFFENDER_VICTIM"]
                for t in rows["link_type"]
            ],
            "weight": crimes.astype(float).to_numpy(),
            "n_evidence": crimes.astype(int).to_numpy(),
            "first_seen_at": rows["first_offence_at"].to_numpy(),
            "last_seen_at": rows["last_offence_at"].to_numpy(),
            "n_cse_crimes": pd.to_numeric(rows["n_cse_crimes"], errors="coerce")
            .fillna(0)
            .astype(int)
            .to_numpy(),
        }
    )
    return out.sort_values(["person_id_a", "person_id_b"], kind="stable").reset_index(drop=True)


def victim_people(
    links: pd.DataFrame,
    victims: pd.DataFrame | None,
    member_ids: set[str],
    labels: dict[str, PersonLabel],
) -> list[ChartPerson]:
    """Chart nodes (victim style) for the victims at the b end of ``victim_link_rows``.

    Members are drawn as members already; every other victim gets a node, labelled by
    its (pseudonymous) label and named a victim in its tooltip, with the crimes and the
    offending members from the links and the safeguarding facts of
    ``fct_network_victims`` (``victims``, this network's rows) when present.
    """
    facts_by_id: dict[str, pd.Series] = {}
    if victims is not None and len(victims):
        for _, row in victims.iterrows():
            facts_by_id.setdefault(str(row["victim_person_id"]), row)
    people = []
    for pid in sorted(set(links["person_id_b"].astype(str)) - member_ids):
        own = links[links["person_id_b"].astype(str) == pid]
        label = labels.get(pid, PersonLabel(short_id(pid), pid, pid))
        offenders = len(set(own["person_id_a"].astype(str)))
        facts = [label.identity, "victim"]
        row = facts_by_id.get(pid)
        crimes = row.get("n_crimes") if row is not None else None
        if crimes is None or pd.isna(crimes):
            crimes = int(pd.to_numeric(own["n_evidence"], errors="coerce").fillna(0).sum())
        facts.append(
            f"victim of {num(crimes)} crime{'s' if _count(crimes) != 1 else ''} by "
            f"{offenders} member{'s' if offenders != 1 else ''}"
        )
        if row is not None:
            if _flag(row.get("is_child_at_first_offence")):
                facts.append("child at first offence")
            if _flag(row.get("is_repeat_victim")):
                facts.append("repeat victim")
            if _flag(row.get("has_safeguarding_flag")):
                facts.append("safeguarding flag")
        first = min((_date(v) for v in own["first_seen_at"] if _date(v)), default="")
        last = max((_date(v) for v in own["last_seen_at"] if _date(v)), default="")
        if first or last:
            facts.append(f"first offence {first or '?'}, last offence {last or '?'}")
        people.append(
            ChartPerson(
                person_id=pid,
                role="victim",
                centrality=0.0,
                label=label.label,
                tooltip=" · ".join(facts),
            )
        )
    return people


def _is_victim_link(row: object) -> bool:
    """A row of ``victim_link_rows`` (it carries ``n_cse_crimes``; person links do not)."""
    value = getattr(row, "n_cse_crimes", None)
    return value is not None and not pd.isna(value)


def _count(value: object) -> int:
    """A mart count as an int (0 when missing)."""
    number = pd.to_numeric(pd.Series([value]), errors="coerce").fillna(0).iloc[0]
    return int(number)


def chart_stubs(
    network_id: str,
    network_links: pd.DataFrame | None,
    ocg_links: pd.DataFrame | None,
    cross_links: pd.DataFrame | None,
    member_ids: set[str],
) -> tuple[list[ChartStub], int]:
    """Stubs for linked networks and OCGs, strongest first, and how many were left out.

    Bridging members come from ``bridging_person_ids`` / ``link_persons``; when a
    network link lists none, the cross-network person links supply them.
    """
    stubs: list[ChartStub] = []
    left_out = 0
    if network_links is not None and len(network_links):
        rows = network_links[network_links["network_id"].astype(str) == network_id]
        rows = rows.assign(
            stub_weight=pd.to_numeric(rows["link_weight"], errors="coerce").fillna(0.0)
        )
        rows = rows.sort_values(["stub_weight", "linked_network_id"], ascending=[False, True])
        left_out += max(len(rows) - MAX_NETWORK_STUBS, 0)
        for row in rows.head(MAX_NETWORK_STUBS).itertuples(index=False):
            other = str(row.linked_network_id)
            persons = [p for p in row.bridging_person_ids if p in member_ids]
            if not persons and cross_links is not None and len(cross_links):
                pair = cross_links[
                    (cross_links["network_id_a"].astype(str) == other)
                    | (cross_links["network_id_b"].astype(str) == other)
                ]
                ends = set(pair["person_id_a"].astype(str)) | set(pair["person_id_b"].astype(str))
                persons = sorted(ends & member_ids)
            n_links = num(row.n_links)
            shared = _count(getattr(row, "n_shared_victims", 0))
            # What joins the two networks: person links, shared victims, or both; the
            # bridging members are the stub's lines (and named in the tooltip).
            plural = "" if _count(row.n_links) == 1 else "s"
            detail = [f"{n_links} link{plural}"] if _count(row.n_links) or not shared else []
            detail += [f"{shared} shared victim{'s' if shared != 1 else ''}"] if shared else []
            detail += [f"{len(persons)} bridging"] if persons and len(detail) < 2 else []
            stubs.append(
                ChartStub(
                    kind="network",
                    stub_id=f"network:{other}",
                    title=f"→ {short_id(other, 14)}",
                    detail=" · ".join(detail),
                    weight=float(row.stub_weight),
                    person_ids=tuple(sorted(persons)),
                    tooltip=(
                        f"Linked network {other}: {n_links} links, weight {row.stub_weight:.2f}"
                        f"{f', {shared} shared victim(s)' if shared else ''}; "
                        f"bridged by {len(persons)} member(s) of this network"
                    ),
                )
            )
    if ocg_links is not None and len(ocg_links):
        rows = ocg_links[ocg_links["network_id"].astype(str) == network_id]
        shared = pd.to_numeric(rows["n_shared_members"], errors="coerce").fillna(0)
        direct = pd.to_numeric(rows["n_direct_links"], errors="coerce").fillna(0)
        rows = rows.assign(stub_weight=shared * 2 + direct).sort_values(
            ["stub_weight", "ocg_id"], ascending=[False, True]
        )
        left_out += max(len(rows) - MAX_OCG_STUBS, 0)
        for row in rows.head(MAX_OCG_STUBS).itertuples(index=False):
            ocg = str(row.ocg_id)
            persons = sorted({p for p in row.link_persons if p in member_ids})
            stubs.append(
                ChartStub(
                    kind="ocg",
                    stub_id=f"ocg:{ocg}",
                    title=f"OCG {short_id(ocg, 15)}",
                    detail=f"{num(row.n_shared_members)} shared · {num(row.n_direct_links)} direct",
                    weight=float(row.stub_weight),
                    person_ids=tuple(persons),
                    tooltip=(
                        f"Organised crime group {ocg}: {num(row.n_shared_members)} shared "
                        f"member(s), {num(row.n_direct_links)} direct link(s)"
                    ),
                )
            )
    return stubs, left_out
