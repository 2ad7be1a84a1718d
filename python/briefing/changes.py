"""Since the last run: what changed in the network list (``fct_network_changes``).

An analyst returning to yesterday's list reads here which networks are new, which rose
most in the ranking and which merged into another or dissolved, by their persistent
ids (docs block ``id_rules``). Every figure carries ``data-change`` so a test can compare
it with the mart.
"""

from __future__ import annotations

import pandas as pd

from briefing.svg import esc, num

__all__ = ["changes_section"]

_TOP = 5
_KEPT = ("CONTINUING", "GROWN", "SHRUNK", "CHANGED")


def _ids(frame: pd.DataFrame, limit: int = 12) -> str:
    ids = [esc(str(i)) for i in frame["network_id"].head(limit)]
    more = len(frame) - len(ids)
    return ", ".join(ids) + (f" and {more} more" if more > 0 else "")


def changes_section(changes: pd.DataFrame | None) -> str:
    """The "Since the last run" section (empty text when the mart is absent)."""
    if changes is None:
        return ""
    head = '<section class="changes" id="changes"><h2>Since the last run</h2>'
    if changes.empty:
        return head + '<p class="note">No networks in this run.</p></section>'
    frame = changes.copy()
    previous = frame["previous_as_of_date"].dropna().astype(str)
    if previous.empty:
        return (
            head + '<p class="note" data-change="first-run">First published run: every network '
            "is new; changes are shown from the next run on.</p></section>"
        )
    status = frame["status"].astype(str)
    new = frame[status.isin(["NEW", "SPLIT_FROM"])].sort_values("priority_rank", kind="stable")
    rank_change = pd.to_numeric(frame["rank_change"], errors="coerce")
    risen = frame[status.isin(_KEPT) & (rank_change > 0)].assign(rise=rank_change)
    risen = risen.sort_values(["rise", "network_id"], ascending=[False, True]).head(_TOP)
    merged = frame[status.eq("MERGED_INTO")].sort_values("network_id")
    dissolved = frame[status.eq("DISSOLVED")].sort_values("network_id")
    rows = "".join(
        f"<tr><td>{esc(str(r.network_id))}</td><td class=num>{num(r.previous_rank)}</td>"
        f"<td class=num>{num(r.priority_rank)}</td><td class=num>+{num(r.rise)}</td></tr>"
        for r in risen.itertuples(index=False)
    )
    merges = "".join(
        f"<li>{esc(str(r.network_id))} (rank {num(r.previous_rank)} last run) merged into "
        f"{esc(str(r.related_network_id))}</li>"
        for r in merged.itertuples(index=False)
    )
    return "".join(
        [
            head,
            f'<p class="meta">Compared with the run as of {esc(previous.max())}; ids are '
            "persistent (a network keeps its id while most of its offenders stay).</p>",
            f'<p data-change="new" data-value="{len(new)}"><strong>{len(new)} new</strong>'
            + (f": {_ids(new)}" if len(new) else "")
            + "</p>",
            f'<h3>Rose most in the ranking</h3><table class="changes-risen" '
            f'data-change="risen" data-value="{len(risen)}"><thead><tr><th>Network</th>'
            "<th class=num>Rank last run</th><th class=num>Rank now</th><th class=num>Rise</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>"
            if len(risen)
            else '<p data-change="risen" data-value="0">No network rose in the ranking.</p>',
            f'<p data-change="merged" data-value="{len(merged)}"><strong>{len(merged)} merged'
            "</strong> into another network" + (f":</p><ul>{merges}</ul>" if merges else ".</p>"),
            f'<p data-change="dissolved" data-value="{len(dissolved)}"><strong>{len(dissolved)} '
            "dissolved</strong> (no network holds most of their offenders now)"
            + (f": {_ids(dissolved)}" if len(dissolved) else "")
            + ".</p>",
            "</section>",
        ]
    )
