"""Splink's charts of a run for auditors: the borderline waterfall (no compared value
in it) and the index page the docs site links.

Invented names (conftest); the tests assert on files, ids and counts only.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from person_resolution.pipeline import (
    LATEST_INDEX,
    resolve_pairs,
    write_latest_index,
    write_run_artefacts,
)
from person_resolution.scoring import BORDERLINE_CHARTS, borderline_weight_sql
from tests.python.person_resolution.conftest import MODEL_PATH

# values of the conftest records that must never reach a chart file
_VALUES = ("Whitcombe", "WHITCOMBE", "Ramanathan", "RAMANATHAN", "1990-03-07", "S1 4AB")


def _score(records, nicknames, seed, words, **kwargs) -> pd.DataFrame:
    pairs, _ = resolve_pairs(
        records.drop(columns="true_person_id"),
        nicknames,
        model_path=str(MODEL_PATH),
        min_probability=0.0,
        seed=seed,
        address_word_max_records=words,
        **kwargs,
    )
    return pairs


def test_borderline_waterfall_shows_the_pairs_nearest_the_threshold_without_values(
    records: pd.DataFrame,
    nicknames: pd.DataFrame,
    splink_seed: int,
    word_max_records: int,
    tmp_path: Path,
) -> None:
    pairs = _score(records, nicknames, splink_seed, word_max_records)
    # a threshold at one pair's own weight puts that pair at the band's centre (a
    # weight this small keeps the probability short of 1 in floating point)
    inner = pairs.loc[pairs["match_weight"].abs() < 20].sort_values(["record_id_a", "record_id_b"])
    assert len(inner), "no pair with a moderate weight to centre the band on"
    centre = inner.iloc[0]
    threshold = float(2 ** centre["match_weight"] / (1 + 2 ** centre["match_weight"]))
    charts = tmp_path / "run"
    _score(
        records,
        nicknames,
        splink_seed,
        word_max_records,
        charts_to=charts,
        borderline=(threshold, 1.0),
    )
    assert sorted(p.name for p in charts.iterdir() if p.name in BORDERLINE_CHARTS) == sorted(
        BORDERLINE_CHARTS
    )
    listed = pd.read_csv(charts / "borderline_pairs.csv")
    # numbered as the chart's slider numbers its pairs
    assert listed["record_number"].tolist() == list(range(len(listed)))
    first = listed.iloc[0]
    assert (first["record_id_a"], first["record_id_b"]) == (
        centre["record_id_a"],
        centre["record_id_b"],
    )
    # every listed pair is in the band, nearest first
    centre_weight = np.log2(threshold / (1 - threshold))
    distance = (listed["match_weight"] - centre_weight).abs()
    assert (distance <= 1.0 + 1e-3).all() and distance.is_monotonic_increasing
    html = (charts / "borderline_waterfall.html").read_text()
    assert "Final score" in html and "forename" in html
    assert not [v for v in _VALUES if v in html]


def test_the_value_check_would_see_a_chart_with_values(
    records: pd.DataFrame, nicknames: pd.DataFrame, splink_seed: int
) -> None:
    # negative control of the check above: Splink's waterfall without its
    # remove_sensitive_data does hold the compared values
    from splink import Linker

    from person_resolution.backends import make_db_api
    from person_resolution.features import FEATURE_COLUMNS, prepare_records
    from person_resolution.model import load_model, settings_for_dialect

    features = prepare_records(records.drop(columns="true_person_id"), nicknames)
    db_api = make_db_api("duckdb")
    table = db_api.register(features[FEATURE_COLUMNS])
    settings = settings_for_dialect(load_model(MODEL_PATH), "duckdb")
    linker = Linker(table, settings, log_level=None)
    rows = linker.inference.predict().as_record_list(limit=5)
    html = linker.visualisations.waterfall_chart(rows).to_html(inline=True)
    assert [v for v in _VALUES if v in html]


def test_borderline_band_is_the_reports_band() -> None:
    # the report's SQL: abs(match_weight - log2(t / (1 - t))) <= band
    sql = borderline_weight_sql(0.99, 2.0)
    assert sql == f"abs(match_weight - ({float(np.log2(0.99 / (1 - 0.99)))!r})) <= 2.0"


def test_latest_index_links_the_files_the_run_wrote(tmp_path: Path) -> None:
    run = tmp_path / "splink" / "run-7"
    run.mkdir(parents=True)
    (run / "match_weights.html").write_text("<html></html>")
    write_run_artefacts(run, {"n_records": 3})
    page = (tmp_path / "splink" / LATEST_INDEX).read_text()
    assert 'href="run-7/match_weights.html"' in page
    assert 'href="run-7/run_info.json"' in page
    assert "borderline_waterfall.html" not in page  # not written: not linked
    later = tmp_path / "splink" / "run-8"
    later.mkdir()
    (later / "borderline_waterfall.html").write_text("<html></html>")
    write_latest_index(later)
    page = (tmp_path / "splink" / LATEST_INDEX).read_text()
    assert 'href="run-8/borderline_waterfall.html"' in page and "run-7" not in page
