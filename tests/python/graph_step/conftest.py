"""Fixtures: small named graphs and the frame builder."""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import pandas as pd
import pytest
from graph_step_cases import frames_from_nx, named_graphs


@pytest.fixture
def to_frames() -> Callable[..., tuple[pd.DataFrame, pd.DataFrame]]:
    return frames_from_nx


@pytest.fixture
def graphs() -> dict[str, nx.Graph]:
    return named_graphs()
