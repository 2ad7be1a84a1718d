"""Analyst briefing pack: link charts and timelines of the top networks in one HTML page."""

from briefing.columns import BriefingDataError
from briefing.page import ADVISORY, render_briefing

__all__ = ["ADVISORY", "BriefingDataError", "render_briefing"]
