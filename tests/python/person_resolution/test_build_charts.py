"""The tiny build leaves Splink's charts of its model where the docs site links them."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from cse_networks.project import project_vars
from person_resolution.pipeline import LATEST_INDEX
from person_resolution.scoring import BORDERLINE_CHARTS, BORDERLINE_SAMPLE, MODEL_CHARTS


def test_the_build_links_its_model_charts_and_borderline_waterfall(tiny_build) -> None:
    assert tiny_build.target is not None
    index = tiny_build.target / "splink" / LATEST_INDEX
    page = index.read_text()
    runs = set(re.findall(r'href="([^"/]+)/', page))
    assert len(runs) == 1, "the index names one run"
    run = index.parent / runs.pop()
    for name in (*MODEL_CHARTS, *BORDERLINE_CHARTS, "run_info.json", "person_model.json"):
        assert (run / name).is_file(), name
        assert f'href="{run.name}/{name}"' in page
    listed = pd.read_csv(run / "borderline_pairs.csv")
    threshold = float(project_vars()["splink_threshold"])
    band = float(project_vars()["splink_borderline_band"])
    distance = (listed["match_weight"] - np.log2(threshold / (1 - threshold))).abs()
    assert 0 < len(listed) <= BORDERLINE_SAMPLE
    assert (distance <= band + 1e-3).all() and distance.is_monotonic_increasing
