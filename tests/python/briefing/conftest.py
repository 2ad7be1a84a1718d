"""Fixtures: hand-made mart frames and the pages rendered from them."""

from __future__ import annotations

import pandas as pd
import pytest
from briefing_cases import make_frames

from briefing import render_briefing

SIZES = [12, 3, 45, 8]


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return make_frames(SIZES)


@pytest.fixture(scope="module")
def page(frames: dict[str, pd.DataFrame]) -> str:
    return render_briefing(frames, top_n=3, seed=42, with_names=False)
