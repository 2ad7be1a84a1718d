"""The OCG priority list (``fct_ocg_cse_priority``): organised crime groups ranked by
their part in CSE, with the score's components and the mart's explanation.

An analyst reads it beside the networks: which OCGs are CSE-engaged, through how many
members, crimes, victims and CSE networks, and how recently. Columns the mart does not
have are shown as a dash, so the section also renders from a narrower mart.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from briefing.columns import as_list
from briefing.svg import esc, num

__all__ = ["MAX_OCG_ROWS", "ocg_priority_section"]

# The list an analyst reads on screen; the rest are counted under it (the mart has all).
MAX_OCG_ROWS = 25

_COMPONENTS = (
    ("harm_component", "Harm"),
    ("victims_component", "Victims"),
    ("recency_component", "Recency"),
    ("cse_networks_component", "CSE networks"),
)


def _yes(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    return "yes" if bool(value) else "no"


def _networks(row: pd.Series) -> str:
    ids = as_list(row.get("cse_network_ids"))
    if ids:
        return ", ".join(esc(i) for i in ids[:4]) + (f" +{len(ids) - 4}" if len(ids) > 4 else "")
    return num(row.get("n_cse_networks")) if "n_cse_networks" in row else "–"


def _victims(row: pd.Series) -> str:
    if "n_cse_victims" not in row:
        return "–"
    child = row.get("n_child_victims")
    return num(row["n_cse_victims"]) + (f" ({num(child)} child)" if child is not None else "")


_COLUMNS: tuple[tuple[str, bool, Callable[[pd.Series], str]], ...] = (
    ("Rank", True, lambda r: num(r.get("priority_rank"))),
    ("OCG", False, lambda r: esc(r.get("ocg_id"))),
    ("Score", True, lambda r: num(r.get("priority_score"), 3)),
    ("CSE-engaged", False, lambda r: _yes(r.get("is_cse_engaged"))),
    ("Threat band", True, lambda r: num(r.get("ocg_threat_band"))),
    ("Members", True, lambda r: num(r.get("n_members"))),
    ("In CSE crimes", True, lambda r: num(r.get("n_members_in_cse_crimes"))),
    ("CSE crimes", True, lambda r: num(r.get("n_cse_crimes"))),
    ("CSE victims", True, _victims),
    ("CSE networks", False, _networks),
    ("Last CSE offence (days ago)", True, lambda r: num(r.get("days_since_last_cse_offence"))),
    (
        "Components (" + " · ".join(label.lower() for _, label in _COMPONENTS) + ")",
        True,
        lambda r: " · ".join(num(r.get(c), 2) for c, _ in _COMPONENTS),
    ),
)


def ocg_priority_section(frame: pd.DataFrame | None) -> str:
    """The "OCG priority for CSE" section (empty text when the mart is absent)."""
    if frame is None:
        return ""
    ranked = frame.assign(
        _rank=pd.to_numeric(frame.get("priority_rank"), errors="coerce").fillna(float("inf"))
    ).sort_values(["_rank", "ocg_id"], kind="stable")
    shown = ranked.head(MAX_OCG_ROWS)
    head = "".join(
        f'<th class="num">{esc(label)}</th>' if numeric else f"<th>{esc(label)}</th>"
        for label, numeric, _ in _COLUMNS
    )
    rows = []
    for _, row in shown.iterrows():
        cells = "".join(
            f'<td class="num">{cell(row)}</td>' if numeric else f"<td>{cell(row)}</td>"
            for _, numeric, cell in _COLUMNS
        )
        rows.append(f"<tr>{cells}</tr>")
        if "explanation" in row:  # the mart's plain-English reason, full width below
            rows.append(
                f'<tr class="why"><td colspan="{len(_COLUMNS)}" class="explanation">'
                f"{esc(row.get('explanation'))}</td></tr>"
            )
    more = len(ranked) - len(shown)
    engaged = (
        int(pd.Series(ranked["is_cse_engaged"]).fillna(False).astype(bool).sum())
        if "is_cse_engaged" in ranked
        else None
    )
    summary = (
        f"{engaged} of {len(ranked)} OCGs are CSE-engaged; they always rank above the others. "
        if engaged is not None
        else ""
    )
    return (
        '<section class="extra" data-mart="fct_ocg_cse_priority" id="ocg-priority">'
        "<h2>OCG priority for CSE</h2>"
        f'<p class="note">{summary}Organised crime groups ranked by their links to CSE '
        "(advisory): score components scaled 0-1; the full list and the other columns are in "
        "fct_ocg_cse_priority.</p>"
        f'<div class="table-wrap"><table class="ocg-priority"><thead><tr>{head}'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        + (f'<p class="note">{more} more OCGs in fct_ocg_cse_priority.</p>' if more > 0 else "")
        + "</section>"
    )
