"""Tiny helpers for writing SVG and HTML text safely (escaped, stable number format)."""

from __future__ import annotations

import html
import math
from typing import Any

__all__ = ["attrs", "esc", "fmt", "num", "short_id"]


def esc(value: Any) -> str:
    """HTML/SVG-escaped text of ``value`` (``None`` and NaN become empty)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


def fmt(value: float) -> str:
    """A coordinate with at most one decimal, without a trailing ``.0``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def num(value: Any, digits: int = 0) -> str:
    """A human number (thousands separators), or an en dash when missing."""
    if value is None:
        return "–"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "–"
    if math.isnan(number):
        return "–"
    return f"{number:,.{digits}f}"


def attrs(**values: Any) -> str:
    """Attribute text ``k="v"`` for the non-empty values; ``_`` in names becomes ``-``."""
    parts = []
    for key, value in values.items():
        if value is None or value == "":
            continue
        name = key.rstrip("_").replace("_", "-")
        parts.append(f'{name}="{esc(value)}"')
    return " ".join(parts)


def short_id(person_id: str, limit: int = 14) -> str:
    """A chart label for a long id: head and tail kept, the middle elided."""
    if len(person_id) <= limit:
        return person_id
    return f"{person_id[:6]}…{person_id[-5:]}"
