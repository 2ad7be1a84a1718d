"""The activity timeline of one network: crimes, CSE crimes, arrests and intelligence per quarter.

The last quarter is usually partial (the run's as-of date falls inside it): it is drawn
paler with a dashed outline and a note of the days it covers, and it is left out of
the overview's line of crimes per quarter (``crimes_by_quarter``), so a steady network
does not seem to fall off a cliff.
"""

from __future__ import annotations

import math

import pandas as pd

from briefing.styles import SERIES, TOTAL_SERIES
from briefing.svg import attrs, esc, fmt, num

__all__ = [
    "PRINT_WIDTH",
    "crimes_by_quarter",
    "nice_axis_max",
    "partial_quarter",
    "quarter_label",
    "quarterly_activity",
    "sparkline_svg",
    "timeline_svg",
]

WIDTH, HEIGHT = 960, 262
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 40, 44
# The printed copy: drawn narrow so it prints at readable size in the 96 mm column
# beside the link chart (the screen chart shrunk to that column had 4 px text).
PRINT_WIDTH = 440


def quarter_label(start: pd.Timestamp) -> str:
    """``2024 Q3`` for a date in that quarter."""
    return f"{start.year} Q{(start.month - 1) // 3 + 1}"


def partial_quarter(as_of: object) -> tuple[pd.Timestamp, int, int] | None:
    """The quarter ``as_of`` falls in, days covered and days in it; None when complete.

    A quarter is complete when ``as_of`` is its last day (or ``as_of`` is unknown).
    """
    as_of_ts = pd.to_datetime(as_of, errors="coerce")
    if pd.isna(as_of_ts):
        return None
    period = as_of_ts.to_period("Q")
    start, end = period.start_time.normalize(), period.end_time.normalize()
    covered = int((as_of_ts.normalize() - start).days) + 1
    total = int((end - start).days) + 1
    return None if covered >= total else (start, covered, total)


def crimes_by_quarter(activity: pd.DataFrame, *, as_of: object, quarters: int) -> list[float]:
    """Crimes in each of the last ``quarters`` complete quarters, oldest first.

    The span is fixed and quiet quarters count 0, so a network that began a year ago
    shows the year of nothing before it, not a line that starts at its first crime.

    Parameters
    ----------
    activity : pd.DataFrame
        Output of ``quarterly_activity``.
    as_of : date-like
        The run's as-of date: the last quarter shown is the last complete one before it
        (``partial_quarter``); unknown, the latest quarter of ``activity``.
    quarters : int
        How many quarters.

    Returns
    -------
    list of float
        ``quarters`` values (all 0 when the network has no crime in them).
    """
    if len(activity) == 0:  # no charted event at all
        return [0.0] * quarters
    starts = pd.to_datetime(activity["quarter_start"])
    as_of_ts = pd.to_datetime(as_of, errors="coerce")
    if pd.isna(as_of_ts):
        last = starts.max().to_period("Q")
    else:
        last = as_of_ts.to_period("Q")
        if partial_quarter(as_of) is not None:
            last -= 1
    span = pd.period_range(end=last, periods=quarters, freq="Q").start_time
    counts = pd.Series(activity["n_crimes"].to_numpy(dtype=float), index=starts)
    return counts.groupby(level=0).sum().reindex(span, fill_value=0.0).tolist()


def quarterly_activity(rows: pd.DataFrame, *, last_quarter: pd.Timestamp | None) -> pd.DataFrame:
    """Counts per quarter with no gaps, from the first charted event to ``last_quarter``.

    Parameters
    ----------
    rows : pd.DataFrame
        Timeline rows of one network (``quarter_start`` and the ``SERIES`` columns).
    last_quarter : pd.Timestamp or None
        Quarter the axis ends on (the data's latest), so quiet recent quarters show.

    Returns
    -------
    pd.DataFrame
        ``quarter_start`` and one column per series, sorted, zero-filled.
    """
    columns = [c for c, _, _ in SERIES]
    if len(rows) == 0:
        return pd.DataFrame(columns=["quarter_start", *columns])
    rows = rows.assign(**{c: 0 for c in columns if c not in rows.columns})
    frame = rows.assign(
        quarter_start=pd.to_datetime(rows["quarter_start"]).dt.to_period("Q").dt.start_time
    )
    counts = frame.groupby("quarter_start", sort=True)[columns].sum(min_count=1).fillna(0)
    # Quarters with none of the charted events (e.g. only links active) do not start the axis.
    counts = counts[counts[list(TOTAL_SERIES)].sum(axis=1) > 0]
    if len(counts) == 0:
        return pd.DataFrame(columns=["quarter_start", *columns])
    end = counts.index.max() if last_quarter is None else max(counts.index.max(), last_quarter)
    full = pd.date_range(counts.index.min(), end, freq="QS")
    counts = counts.reindex(full, fill_value=0).astype(float)
    counts.index.name = "quarter_start"
    return counts.reset_index()


def nice_axis_max(value: float) -> float:
    """Axis top with four whole-number steps (counts never read 2.5)."""
    step = max(1, math.ceil(value / 4))
    if step > 5:
        power = 10 ** math.floor(math.log10(step))
        step = next(f * power for f in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if f * power >= step)
    return 4.0 * step


def timeline_svg(
    network_id: str, activity: pd.DataFrame, *, as_of: object = None, width: int = WIDTH
) -> str:
    """SVG grouped-bar chart of ``quarterly_activity`` output.

    Parameters
    ----------
    network_id : str
        Network shown (the chart's ``data-network-id``).
    activity : pd.DataFrame
        Output of ``quarterly_activity``.
    as_of : date-like, optional
        The run's as-of date; its quarter is marked partial when it is not complete.
    width : int
        ``WIDTH`` for the screen; below 700 (``PRINT_WIDTH``) the compact copy for
        print: class ``timeline-print``, legend under the title, fewer quarter labels.

    Returns
    -------
    str
        An ``<svg class="timeline">`` element.
    """
    compact = width < 700
    top_y = TOP + 18 if compact else TOP
    height = HEIGHT + 18 if compact else HEIGHT
    out = [
        f'<svg class="{"timeline-print" if compact else "timeline"}" '
        f"{attrs(data_network_id=network_id)} "
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="Activity timeline of network {esc(network_id)}">',
        f'<text x="16" y="20" font-size="13" font-weight="600">Activity by quarter · '
        f"network {esc(network_id)}</text>",
    ]
    plot_w, plot_h = width - LEFT - RIGHT, height - top_y - BOTTOM
    if len(activity) == 0:
        out.append(
            f'<text x="{width / 2}" y="{top_y + plot_h / 2}" text-anchor="middle" '
            'font-size="13" fill="#5f6368">No dated crimes, arrests or intelligence recorded</text>'
        )
        out.append("</svg>")
        return "\n".join(out)
    columns = [c for c, _, _ in SERIES]
    top = nice_axis_max(float(activity[columns].to_numpy().max()))
    base = top_y + plot_h
    for i in range(5):  # gridlines and y ticks
        value = top * i / 4
        y = base - plot_h * i / 4
        out.append(
            f'<line x1="{LEFT}" y1="{fmt(y)}" x2="{width - RIGHT}" y2="{fmt(y)}" '
            f'stroke="{"#999" if i == 0 else "#e3e5e8"}" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{fmt(y + 4)}" font-size="11" text-anchor="end" '
            f'fill="#5f6368">{value:g}</text>'
        )
    n = len(activity)
    slot = plot_w / n
    bar = max(slot * 0.8 / len(SERIES), 0.6)
    every = max(1, math.ceil(n / (6 if compact else 16)))  # quarter labels that fit
    partial = partial_quarter(as_of)
    out.append('<g class="bars">')
    for q, row in enumerate(activity.itertuples(index=False)):
        start = pd.Timestamp(row.quarter_start)
        x0 = LEFT + q * slot + slot * 0.1
        is_partial = partial is not None and start == partial[0]
        label = quarter_label(start) + ("*" if is_partial else "")
        note = f" (partial: {partial[1]} of {partial[2]} days)" if is_partial else ""
        look = (
            ' fill-opacity="0.4" stroke="#333" stroke-width="0.8" stroke-dasharray="2 1.5"'
            if is_partial
            else ""
        )
        css = "bar partial" if is_partial else "bar"
        for s, (column, name, colour) in enumerate(SERIES):
            value = float(getattr(row, column))
            if value <= 0:
                continue
            h = plot_h * value / top
            out.append(
                f'<rect class="{css}" {attrs(data_series=column)} x="{fmt(x0 + s * bar)}" '
                f'y="{fmt(base - h)}" width="{fmt(bar)}" height="{fmt(h)}" fill="{colour}"'
                f"{look}><title>{esc(label)}: {value:g} {esc(name.lower())}{note}</title></rect>"
            )
        if (q % every == 0 and not (partial and n - 1 - q < every and q != n - 1)) or (
            q == n - 1 and is_partial
        ):
            out.append(
                f'<text x="{fmt(LEFT + q * slot + slot / 2)}" y="{base + 16}" font-size="11" '
                f'text-anchor="middle" fill="#5f6368">{esc(label)}</text>'
            )
    out.append("</g>")
    if (
        partial is not None
        and len(activity)
        and pd.Timestamp(activity["quarter_start"].iloc[-1]) == partial[0]
    ):
        why = (
            "paler bars; not in the trend"
            if compact
            else "data to the as-of date, {0} of {1} days (paler bars; left out of the trend)"
        )
        days = f"{partial[1]} of {partial[2]} days, " if compact else ""
        out.append(
            f'<text class="partial-note" x="{16 if compact else LEFT}" y="{height - 8}" '
            f'font-size="11" fill="#5f6368">* {esc(quarter_label(partial[0]))} is partial: '
            f"{days}{why.format(partial[1], partial[2])}</text>"
        )
    # Legend: top right on the screen, its own row under the title in print.
    widths = [(26 + 6.4 * len(name)) if compact else (40 + 7 * len(name)) for _, name, _ in SERIES]
    x = 16.0 if compact else float(width - RIGHT - sum(widths))
    y = 28 if compact else 10
    for (_, name, colour), step in zip(SERIES, widths, strict=True):
        out.append(
            f'<rect x="{fmt(x)}" y="{y}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{fmt(x + 16)}" y="{y + 10}" font-size="12">{esc(name)}</text>'
        )
        x += step
    out.append("</svg>")
    return "\n".join(out)


def sparkline_svg(values: list[float], *, what: str = "activity") -> str:
    """A small inline line of ``what`` per quarter (for the overview table); its title
    (the tooltip) says what is drawn and the value of each quarter."""
    width, height = 96, 22
    if not values or max(values) <= 0:  # a flat line, not a blank: nothing recorded
        return (
            f'<svg class="spark" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}"><title>No recorded {esc(what)} in these '
            f"{len(values)} quarters</title>"
            f'<line x1="0" y1="{height - 2}" x2="{width}" y2="{height - 2}" stroke="#9aa0a6" '
            'stroke-width="1.4" stroke-dasharray="3 2"/></svg>'
        )
    top = max(values)
    step = width / max(len(values) - 1, 1)
    points = " ".join(
        f"{fmt(i * step)},{fmt(height - 2 - (height - 4) * v / top)}" for i, v in enumerate(values)
    )
    title = (
        f"{what.capitalize()} per quarter, the last {len(values)} complete quarters: "
        + ", ".join(num(v) for v in values)
    )
    return (
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f"<title>{esc(title)}</title>"
        f'<polyline points="{points}" fill="none" stroke="#20262e" stroke-width="1.4"/></svg>'
    )
