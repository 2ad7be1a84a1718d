"""Unsupervised training and the retrain command, on the generator's tiny data set."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from cse_networks.project import project_vars
from person_resolution import train
from person_resolution.model import level_weights
from person_resolution.standardise import record_ids


@pytest.fixture(scope="module")
def tiny_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny synthetic data set (from the test command, else generated here)."""
    given = os.environ.get("CSE_TINY_DATA")
    if given and (Path(given) / "raw").exists():
        return Path(given) / "raw"
    out = tmp_path_factory.mktemp("tiny")
    command = [sys.executable, "-m", "cse_synth.generate", "--scale", "tiny", "--seed", "42"]
    subprocess.run(
        [*command, "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return out / "raw"


def test_retrain_command_writes_model_and_docs(tiny_raw: Path, tmp_path: Path) -> None:
    out, docs = tmp_path / "model.json", tmp_path / "docs.md"
    args = ["--data", str(tiny_raw), "--out", str(out), "--docs", str(docs), "--seed", "7"]
    assert train.main(args) == 0
    model = json.loads(out.read_text())
    rows = level_weights(model)
    trained = [r for r in rows if r["level"] >= 0]
    # every level has a u, but a level the random sample never met (no two tiny
    # records share address words beyond the postcode)
    sampled = [r for r in trained if "words in common" not in str(r["label"])]
    assert sampled and all(r["u_probability"] is not None for r in sampled)
    weight = {(r["comparison"], r["label"]): r["match_weight"] for r in rows}
    assert weight[("date_of_birth", "exact")] > weight[("date_of_birth", "different")]
    text = docs.read_text()
    assert "{% docs splink_model_weights %}" in text and "{% docs splink_blocking %}" in text
    assert "**all rules**" in text  # truth exists beside raw: blocking recall measured

    # same data, same seed: the same model
    again = tmp_path / "again.json"
    assert train.main(["--data", str(tiny_raw), "--out", str(again), "--seed", "7"]) == 0
    assert json.loads(again.read_text()) == model


def _tiny_features(tiny_raw: Path):
    import pandas as pd

    from person_resolution.features import prepare_records

    records = pd.read_parquet(
        tiny_raw / "nominals.parquet"
        if (tiny_raw / "nominals.parquet").exists()
        else tiny_raw / "nominals"
    )
    return prepare_records(records, pd.read_csv(train.NICKNAMES))


def test_training_skips_blocks_without_pairs_and_says_so(tiny_raw: Path) -> None:
    # no PNC ids at all (FEBRL, or a force whose extract carries none): the PNC block
    # has no pairs, training runs on the others and records which it used
    features = _tiny_features(tiny_raw).assign(pnc_id=None)
    model = train.train_model(features, out=None, seed=7, max_pairs_u=2e5)
    report = model["training"]
    assert "pnc_id" not in report["em_blocks"]
    assert report["em_blocks_skipped"]["pnc_id"] == 0
    assert {"dob", "forename_canonical+surname"} <= set(report["em_blocks"])
    assert report["prior_blocks"] == ["forename+surname+dob"]

    # no dates of birth either: the postcode blocks stand in, every comparison learnt
    bare = features.assign(dob=None, dob_transposed=None, dob_days=None, birth_year=None)
    report = train.train_model(bare, out=None, seed=7, max_pairs_u=2e5)["training"]
    assert report["em_blocks"] == [
        "forename_canonical+surname",
        "surname+postcode",
        "forename_canonical+postcode",
    ]
    assert report["prior_blocks"] == []


def test_a_block_with_more_pairs_than_em_reads_is_trained_on_a_sample(tiny_raw: Path) -> None:
    # At `large` the date-of-birth block holds 18 million pairs; EM reads at most
    # max_pairs_em of a block. Tiny's blocks hold hundreds, so a cap of 150 samples them.
    from person_resolution.features import sample_keys

    features = _tiny_features(tiny_raw)
    whole_model = train.train_model(features, out=None, seed=7, max_pairs_u=2e5)
    # under the default cap: every pair read
    assert whole_model["training"]["em_blocks_sampled"] == {}

    cap = 150
    model = train.train_model(features, out=None, seed=7, max_pairs_u=2e5, max_pairs_em=cap)
    report, counts = model["training"], model["training"]["pair_counts"]
    over = [name for name in report["em_blocks"] if counts[name] > cap]
    assert over, counts  # the test samples at least one block
    assert report["em_blocks_sampled"] == {
        name: pytest.approx(cap / counts[name], rel=1e-5) for name in over
    }
    assert report["max_pairs_em"] == cap

    # the sample is the pairs whose first record's key is below the share: about
    # share x pairs of the block (date of birth, counted here from the features)
    share = report["em_blocks_sampled"]["dob"]
    born = features.dropna(subset=["dob"]).sort_values("unique_id")
    pairs = born.merge(born, on="dob", suffixes=("_l", "_r"))
    pairs = pairs.loc[pairs["unique_id_l"] < pairs["unique_id_r"]]
    assert len(pairs) == counts["dob"]
    kept = int((pairs["sample_key_l"] < share).sum())
    assert 0.5 * cap < kept < 1.5 * cap

    # keys are a fixed function of the id, in [0, 1): the same sample on every run
    keys = sample_keys(features["unique_id"])
    assert ((keys >= 0) & (keys < 1)).all() and 0.4 < keys.mean() < 0.6
    assert (keys == sample_keys(features["unique_id"].copy())).all()
    # pinned: BLAKE2b of the id, so a library upgrade cannot move the sample unnoticed
    pinned = sample_keys(pd.Series(["CRIMES:C1", "INTEL:I2"])).tolist()
    assert pinned == [0.9008278431618687, 0.21433793000714296]
    again = train.train_model(features, out=None, seed=7, max_pairs_u=2e5, max_pairs_em=cap)
    assert again == model

    # a quarter of each block's pairs still teaches about what all of them do: the
    # exact levels' weights within half a bit of the model that read every pair
    def weights(trained: dict) -> dict:
        return {(r["comparison"], r["label"]): r["match_weight"] for r in level_weights(trained)}

    sampled, read_all = weights(model), weights(whole_model)
    for comparison in ("forename", "surname", "date_of_birth"):
        key = (comparison, "exact")
        assert sampled[key] == pytest.approx(read_all[key], abs=0.5)


def test_training_with_no_usable_block_stops_with_one_line(tiny_raw: Path) -> None:
    features = _tiny_features(tiny_raw).head(3)
    with pytest.raises(ValueError, match="no Splink training block") as error:
        train.train_model(features, out=None, seed=7, max_pairs_u=1e3)
    assert "\n" not in str(error.value)


def test_run_keeps_its_model_info_and_charts(
    tiny_raw: Path, tmp_path: Path, word_max_records: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pandas as pd

    from person_resolution.pipeline import resolve_pairs, run_artefact_dir, write_run_artefacts
    from person_resolution.scoring import MODEL_CHARTS

    records = pd.read_parquet(
        tiny_raw / "nominals.parquet"
        if (tiny_raw / "nominals.parquet").exists()
        else tiny_raw / "nominals"
    )
    records = records.assign(
        record_id=record_ids(records["source_system"], records["source_nominal_id"])
    )
    # a target folder of its own: the test command's DBT_TARGET_PATH is the tiny build's,
    # whose splink/latest.html names the build's own run (test_build_charts.py)
    monkeypatch.setenv("DBT_TARGET_PATH", "target")
    folder = run_artefact_dir(tmp_path, "run-1")
    assert folder == tmp_path / "target" / "splink" / "run-1"
    _, info = resolve_pairs(
        records,
        pd.read_csv(train.NICKNAMES),
        model_path=None,
        min_probability=float(project_vars()["splink_min_probability"]),
        seed=7,
        save_to=folder / "person_model.json",
        charts_to=folder,
        address_word_max_records=word_max_records,
    )
    write_run_artefacts(folder, info)
    saved = json.loads((folder / "person_model.json").read_text())
    assert saved["training"]["em_blocks"] == info["training"]["em_blocks"]
    assert json.loads((folder / "run_info.json").read_text())["model"] == "trained in run"
    for name in MODEL_CHARTS:
        page = (folder / name).read_text()
        assert page.startswith("<!DOCTYPE html>") or "<html" in page[:200]
        assert "cdn.jsdelivr" not in page  # libraries inlined: opens offline
    # the charts hold model parameters only: no record id reaches them
    assert not any(rid in page for rid in records["record_id"].head(50))


def test_prior_rule_recall_comes_from_m_values_and_coverage() -> None:
    from person_resolution.model import PRIOR_RECALL_RANGE, prior_rule_recall

    features = pd.DataFrame(
        {
            "forename": ["A", "B", "C", "D"],
            "surname": ["A", "B", "C", "D"],
            "dob": ["x", "y", None, "z"],  # three in four records carry a date of birth
            "pnc_id": [None, None, None, "p"],
        }
    )
    m = {"forename": 0.5, "surname": 0.8, "date_of_birth": 0.9}
    names = prior_rule_recall(["forename+surname+dob"], m, features)
    assert names == pytest.approx(0.5 * 0.8 * 0.9 * 0.75**2)
    # a second rule only adds the pairs the first misses
    both = prior_rule_recall(["pnc_id", "forename+surname+dob"], {**m, "pnc_id": 1.0}, features)
    assert both == pytest.approx(1 - (1 - 0.25**2) * (1 - names))
    # an m value that did not converge cannot push the prior past the stated range
    assert prior_rule_recall(["pnc_id"], {"pnc_id": 0.0}, features) == PRIOR_RECALL_RANGE[0]


def test_a_level_em_drove_below_different_is_capped_there(saved_model: dict) -> None:
    import math

    from splink import Linker

    from person_resolution.backends import make_db_api
    from person_resolution.model import cap_below_different, settings_for_dialect

    model = json.loads(json.dumps(saved_model))
    by_label: dict[str, dict] = {}
    for comparison in model["comparisons"]:
        if comparison["output_column_name"] == "forename":
            by_label = {lv["label_for_charts"]: lv for lv in comparison["comparison_levels"]}
    # EM with no true pair in a level: m near zero, weight near minus infinity
    by_label["edit distance 2"]["m_probability"] = 1e-21
    frame = pd.DataFrame({"unique_id": ["a", "b"], "forename": ["X", "Y"]})
    db_api = make_db_api("duckdb")
    linker = Linker(db_api.register(frame), settings_for_dialect(model, "duckdb"), log_level=None)
    capped = cap_below_different(linker)
    assert "forename: edit distance 2" in capped
    weights = {
        r["label"]: r["match_weight"]
        for r in level_weights(linker.misc.save_model_to_json(out_path=None))
        if r["comparison"] == "forename" and r["match_weight"] is not None
    }
    assert weights["edit distance 2"] == pytest.approx(weights["different"])
    assert all(w >= weights["different"] - 1e-9 for w in weights.values())
    forename = [c for c in linker._settings_obj.comparisons if c.output_column_name == "forename"]
    levels = [lv for lv in forename[0].comparison_levels if not lv.is_null_level]
    m_sum = sum(lv.m_probability for lv in levels if lv._m_is_trained)
    assert m_sum == pytest.approx(1.0)
    assert math.isfinite(weights["edit distance 2"])
    # a second pass finds nothing left to cap
    assert cap_below_different(linker) == []


def test_training_sums_on_one_duckdb_thread_then_scoring_gets_them_back() -> None:
    """EM's floating-point sums in one order (backends.exact_sums): with DuckDB's threads
    the same records and seed saved m values differing in the last bit, about one
    training in ten on tiny (test_retrain_command_writes_model_and_docs, flaky before)."""
    from person_resolution.backends import exact_sums, make_db_api

    db_api = make_db_api("duckdb", threads=2)
    con = db_api.duckdb_con

    def threads() -> int:
        return int(con.execute("select current_setting('threads')").fetchone()[0])

    with exact_sums(db_api):
        assert threads() == 1
    assert threads() == 2
    with pytest.raises(RuntimeError), exact_sums(db_api):
        raise RuntimeError("training failed")
    assert threads() == 2  # restored on failure too
