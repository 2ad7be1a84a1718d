"""The data-quality panel: the figures of ``rpt_data_quality``, shown so they add up.

Quarantine is shown per table as the distinct raw rows quarantined (the mart's
``QUARANTINED_ROWS`` check) with their share of the table; the breach reasons follow as
reasons, never summed into a total, because one row can break several rules. Excluded
intelligence is shown by scheme and grade, identifier hubs by identifier type, and any
other check type of the mart (e.g. placeholder records) as its rows. Every figure
carries ``data-dq`` / ``data-value`` so the browser test can compare it with the mart.
"""

from __future__ import annotations

import pandas as pd

from briefing.svg import esc, num

__all__ = ["BREACH_CLASSES", "data_quality_panel", "quality_figures"]

# Plain-English meaning of each breach class of the staging quarantine.
BREACH_CLASSES = {
    "NULL_REQUIRED": "a required value is missing",
    "DUPLICATE_KEY": "a second copy of a primary key (the first copy is kept)",
    "UNKNOWN_CODE": "a code not in the contract's list",
    "INVALID_VALUE": "a value outside the contract's range or format",
    "IMPOSSIBLE_DATE": "a date that cannot be true (e.g. before birth)",
    "FUTURE_DATE": "a date after the load date",
    "ORPHAN_KEY": "refers to a record that does not exist",
    "QUARANTINED_PARENT": "refers to a record that was itself quarantined",
    "PLACEHOLDER_DATE": "a placeholder date (e.g. 1900-01-01), kept and treated as unknown",
    "UNPARSEABLE_VALUE": "a value that cannot be parsed, kept and treated as unknown",
    "NULL_DEFAULTED": "a missing flag, kept and read as false",
}
_KNOWN = ("QUARANTINED_ROWS", "QUARANTINE", "INTEL_EXCLUDED", "IDENTIFIER_HUB")


def _rows(frame: pd.DataFrame, check_type: str) -> pd.DataFrame:
    chosen = frame[frame["check_type"].astype(str) == check_type].copy()
    chosen["n_rows"] = pd.to_numeric(chosen["n_rows"], errors="coerce").fillna(0).astype(int)
    return chosen.sort_values(["subject", "check_name", "check_detail"], kind="stable")


def quality_figures(frame: pd.DataFrame) -> dict[str, int]:
    """The panel's headline figures, straight from the mart's rows.

    Returns ``quarantined`` (distinct raw rows quarantined, over all tables; tables are
    disjoint so their distinct counts add), ``flagged`` (rows kept with a flag, per
    flag), ``intel_excluded`` (reports) and ``identifier_hubs`` (identifiers); a figure
    whose check type is absent is left out.
    """
    figures: dict[str, int] = {}
    types = set(frame["check_type"].astype(str))
    if "QUARANTINED_ROWS" in types:
        figures["quarantined"] = int(_rows(frame, "QUARANTINED_ROWS")["n_rows"].sum())
    if "QUARANTINE" in types:
        reasons = _rows(frame, "QUARANTINE")
        kept = reasons["check_detail"].astype(str).str.contains("kept", case=False)
        figures["flagged"] = int(reasons.loc[kept, "n_rows"].sum())
    if "INTEL_EXCLUDED" in types:
        figures["intel_excluded"] = int(_rows(frame, "INTEL_EXCLUDED")["n_rows"].sum())
    if "IDENTIFIER_HUB" in types:
        figures["identifier_hubs"] = len(_rows(frame, "IDENTIFIER_HUB"))
    return figures


def _share(value: object) -> str:
    number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    return "–" if pd.isna(number) else f"{100 * float(number):.2f}%"


def _figure(key: str, value: int, text: str) -> str:
    return (
        f'<span class="badge info" data-dq="{esc(key)}" data-value="{value}">'
        f"{num(value)} {esc(text)}</span>"
    )


def _reason_text(reason: str) -> str:
    klass, _, column = reason.partition(":")
    meaning = BREACH_CLASSES.get(klass, "")
    where = f" ({column})" if column else ""
    return f"{klass}{where}" + (f": {meaning}" if meaning else "")


def _quarantine(frame: pd.DataFrame) -> str:
    totals = _rows(frame, "QUARANTINED_ROWS")
    reasons = _rows(frame, "QUARANTINE")
    kept = reasons["check_detail"].astype(str).str.contains("kept", case=False)
    breaches, flags = reasons[~kept], reasons[kept]
    tables = sorted(set(totals["subject"].astype(str)) | set(breaches["subject"].astype(str)))
    body = []
    for table in tables:
        total = totals[totals["subject"].astype(str) == table]
        why = breaches[breaches["subject"].astype(str) == table]
        why_text = "<br>".join(
            f"{esc(_reason_text(str(r.check_name)))}: {num(r.n_rows)}"
            for r in why.itertuples(index=False)
        )
        if len(total):
            row = total.iloc[0]
            cells = (
                f'<td class="num" data-dq="quarantined:{esc(table)}" '
                f'data-value="{int(row["n_rows"])}">{num(row["n_rows"])}</td>'
                f'<td class="num">{_share(row["share_of_subject"])}</td>'
            )
        else:
            cells = '<td class="num">–</td><td class="num">–</td>'
        body.append(f"<tr><td>{esc(table)}</td>{cells}<td>{why_text or 'none'}</td></tr>")
    note = (
        "One row can break several rules, so the reason counts can add up to more than the "
        "distinct rows."
        if len(totals)
        else "This run's rpt_data_quality has no distinct quarantine counts "
        "(QUARANTINED_ROWS); reason counts are shown but not added up."
    )
    out = [
        "<h3>Quarantined raw rows, by table</h3>",
        f'<p class="note">Rows breaking the raw contract are kept out of every model. {note}</p>',
        '<table class="dq" data-dq-table="quarantine"><thead><tr><th>Raw table</th>'
        '<th class="num">Distinct rows quarantined</th><th class="num">Share of table</th>'
        f"<th>Reasons (rows per reason)</th></tr></thead><tbody>{''.join(body)}</tbody></table>",
    ]
    if len(flags):
        flag_rows = "".join(
            f"<tr><td>{esc(r.subject)}</td><td>{esc(_reason_text(str(r.check_name)))}</td>"
            f'<td class="num" data-dq="flagged:{esc(r.subject)}:{esc(r.check_name)}" '
            f'data-value="{int(r.n_rows)}">{num(r.n_rows)}</td></tr>'
            for r in flags.itertuples(index=False)
        )
        out.append(
            "<h3>Rows kept with a flag</h3>"
            '<table class="dq" data-dq-table="flagged"><thead><tr><th>Raw table</th>'
            '<th>Flag and how it is treated</th><th class="num">Rows</th></tr></thead>'
            f"<tbody>{flag_rows}</tbody></table>"
        )
    return "".join(out)


def _intel(frame: pd.DataFrame) -> str:
    rows = _rows(frame, "INTEL_EXCLUDED")
    body = "".join(
        f"<tr><td>{esc(r.subject)}</td><td>{esc(r.check_detail)}</td><td>{esc(r.check_name)}</td>"
        f'<td class="num" data-dq="intel:{esc(r.subject)}:{esc(r.check_detail)}" '
        f'data-value="{int(r.n_rows)}">{num(r.n_rows)}</td>'
        f'<td class="num">{_share(r.share_of_subject)}</td></tr>'
        for r in rows.itertuples(index=False)
    )
    return (
        "<h3>Intelligence excluded as not credible, by grade</h3>"
        '<p class="note">Reports whose grade the credibility rule does not accept give no '
        "links and no seed status.</p>"
        '<table class="dq" data-dq-table="intel"><thead><tr><th>Grading scheme</th>'
        '<th>Grade</th><th>Reason</th><th class="num">Reports excluded</th>'
        f'<th class="num">Share of scheme</th></tr></thead><tbody>{body}</tbody></table>'
    )


def _hubs(frame: pd.DataFrame) -> str:
    rows = _rows(frame, "IDENTIFIER_HUB")
    grouped = rows.groupby(rows["subject"].astype(str), sort=True)["n_rows"].agg(["size", "max"])
    body = "".join(
        f'<tr><td>{esc(kind)}</td><td class="num" data-dq="hubs:{esc(kind)}" '
        f'data-value="{int(r["size"])}">{num(r["size"])}</td>'
        f'<td class="num">{num(r["max"])}</td></tr>'
        for kind, r in grouped.iterrows()
    )
    return (
        "<h3>Identifier hubs</h3>"
        '<p class="note">Identifiers (addresses, phones, vehicles, e-mail, handles) shared by '
        "so many people that sharing one is no evidence of a relationship (hostels, "
        "switchboards, hire vehicles): they give no shared-identifier links. Listed in "
        "rpt_data_quality by pseudonymous identifier id.</p>"
        '<table class="dq" data-dq-table="hubs"><thead><tr><th>Identifier type</th>'
        '<th class="num">Hub identifiers</th><th class="num">Most people on one</th></tr>'
        f"</thead><tbody>{body}</tbody></table>"
    )


def _other(frame: pd.DataFrame) -> str:
    other = frame[~frame["check_type"].astype(str).isin(_KNOWN)]
    out = []
    for check_type in sorted(set(other["check_type"].astype(str))):
        rows = _rows(other, check_type)
        body = "".join(
            f"<tr><td>{esc(r.subject)}</td><td>{esc(r.check_name)}</td>"
            f"<td>{esc(r.check_detail)}</td>"
            f'<td class="num" data-dq="{esc(check_type.lower())}:{esc(r.subject)}:'
            f'{esc(r.check_name)}" data-value="{int(r.n_rows)}">{num(r.n_rows)}</td>'
            f'<td class="num">{_share(r.share_of_subject)}</td></tr>'
            for r in rows.head(40).itertuples(index=False)
        )
        more = len(rows) - 40
        out.append(
            f"<h3>{esc(check_type.replace('_', ' ').capitalize())}</h3>"
            f'<table class="dq" data-dq-table="{esc(check_type.lower())}"><thead><tr>'
            "<th>Subject</th><th>Check</th><th>Reason / detail</th>"
            '<th class="num">Rows</th><th class="num">Share</th></tr></thead>'
            f"<tbody>{body}</tbody></table>"
            + (f'<p class="note">{more} more rows in rpt_data_quality.</p>' if more > 0 else "")
        )
    return "".join(out)


def data_quality_panel(frame: pd.DataFrame | None) -> str:
    """HTML of the data-quality panel from ``rpt_data_quality`` rows (or a note)."""
    if frame is None:
        return '<p class="note">Data-quality report (rpt_data_quality) not available.</p>'
    if len(frame) == 0:
        return '<p class="note">Data-quality report has no rows.</p>'
    figures = quality_figures(frame)
    labels = {
        "quarantined": "distinct raw rows quarantined",
        "flagged": "rows kept with a flag",
        "intel_excluded": "intelligence reports excluded as not credible",
        "identifier_hubs": "identifier hubs excluded from linking",
    }
    badges = "".join(_figure(k, v, labels[k]) for k, v in figures.items())
    types = set(frame["check_type"].astype(str))
    parts = [f'<div class="dq-summary">{badges}</div>', '<div class="dq-detail">']
    if types & {"QUARANTINED_ROWS", "QUARANTINE"}:
        parts.append(_quarantine(frame))
    if "INTEL_EXCLUDED" in types:
        parts.append(_intel(frame))
    if "IDENTIFIER_HUB" in types:
        parts.append(_hubs(frame))
    parts.append(_other(frame))
    parts.append("</div>")
    return "".join(parts)
