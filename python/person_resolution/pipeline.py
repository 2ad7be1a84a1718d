"""One call from staged records to scored pairs: what the dbt model and benchmark run."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pandas as pd

from person_resolution.blocking import BLOCKING_RULE_DESCRIPTIONS
from person_resolution.comparisons import COMPARISON_NAMES
from person_resolution.features import prepare_records
from person_resolution.model import level_weights, load_model
from person_resolution.scoring import (
    BORDERLINE_CHARTS,
    MODEL_CHARTS,
    PAIR_COLUMNS,
    score_pairs,
)

__all__ = [
    "LATEST_INDEX",
    "RECORD_COLUMNS",
    "RUN_ARTEFACTS",
    "SCORED_COLUMNS",
    "SCORED_SCHEMA",
    "empty_scored",
    "middle_name_levels",
    "resolve_pairs",
    "resolve_path",
    "run_artefact_dir",
    "write_latest_index",
    "write_run_artefacts",
]

_RULE_NAMES = list(BLOCKING_RULE_DESCRIPTIONS)

# The staged person-record columns the resolution reads (the dbt model and the
# benchmark export select these; addresses come from the identifiers apart).
RECORD_COLUMNS = [
    "record_id",
    "forename",
    "middle_names",
    "surname",
    "date_of_birth",
    "pnc_id",
    "postcode",
    "gender",
]

SCORED_COLUMNS = [
    "record_id_a",
    "record_id_b",
    "match_probability",
    "match_weight",
    "blocking_rule",
    "is_record_a_near_empty",
    "is_record_b_near_empty",
    *[f"{name}_level" for name in COMPARISON_NAMES],
    *[f"{name}_label" for name in COMPARISON_NAMES],
    *[f"{name}_match_weight" for name in COMPARISON_NAMES],
    "middle_name_level",
]

SCORED_SCHEMA = ", ".join(
    [
        "record_id_a string",
        "record_id_b string",
        "match_probability double",
        "match_weight double",
        "blocking_rule string",
        "is_record_a_near_empty boolean",
        "is_record_b_near_empty boolean",
        *[f"{name}_level int" for name in COMPARISON_NAMES],
        *[f"{name}_label string" for name in COMPARISON_NAMES],
        *[f"{name}_match_weight double" for name in COMPARISON_NAMES],
        "middle_name_level int",
    ]
)


def resolve_path(path: str | None, root: str | Path) -> str | None:
    """A model path relative to the project root (empty -> None: train in the run)."""
    if path is None or str(path).strip() == "":
        return None
    candidate = Path(path)
    return str(candidate if candidate.is_absolute() else Path(root) / candidate)


def empty_scored() -> pd.DataFrame:
    """A scored-pairs frame with no rows and the right dtypes."""
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in SCORED_COLUMNS})
    for c in SCORED_COLUMNS:
        if c.endswith("_level"):
            frame[c] = pd.Series(dtype="int32")
        elif c.startswith("is_"):
            frame[c] = pd.Series(dtype="bool")
        elif "probability" in c or "weight" in c:
            frame[c] = pd.Series(dtype="float64")
    return frame


def resolve_pairs(
    records: pd.DataFrame,
    nicknames: pd.DataFrame | None,
    *,
    addresses: pd.DataFrame | None = None,
    backend: str = "duckdb",
    model_path: str | None = None,
    min_probability: float,
    seed: int,
    address_word_max_records: int | None,
    spark: Any = None,
    save_to: str | Path | None = None,
    charts_to: str | Path | None = None,
    borderline: tuple[float, float] | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Score the record pairs of staged person records.

    Parameters
    ----------
    records : pd.DataFrame
        Staged person records (see :func:`~person_resolution.features.prepare_records`).
    nicknames : pd.DataFrame or None
        The nickname seed.
    addresses : pd.DataFrame, optional
        Addresses seen with the records
        (:data:`~person_resolution.features.ADDRESS_COLUMNS`); none: addresses compare
        as missing.
    backend : {"duckdb", "spark"}
        Where Splink runs.
    model_path : str, optional
        Saved model to score with; None trains on ``records`` in this run.
    min_probability : float
        Pairs below this probability are dropped, except pairs touching a near-empty
        record (all kept: the near-empty attachment weighs every candidate). A build
        passes var ``splink_min_probability``; no default, so no caller holds a copy.
    seed : int
        Seed of u sampling when training (unused with a saved model). A build
        passes var ``splink_seed``; no default, so no caller holds a copy.
    address_word_max_records : int or None
        Address words on more records than this are not blocked on
        (:func:`~person_resolution.features.rare_words`). A build passes var
        ``identity_identifier_max_records``; None turns the address-word block off.
    spark : SparkSession, optional
        Needed for the ``spark`` backend.
    save_to : str or Path, optional
        Write the model used (trained or loaded) to this JSON file.
    charts_to : str or Path, optional
        Folder for Splink's charts of the model used
        (:func:`~person_resolution.scoring.save_model_charts`).
    borderline : tuple of float, optional
        (threshold, band in bits; a build passes vars ``splink_threshold`` and
        ``splink_borderline_band``): with ``charts_to``, Splink's waterfall chart of a
        sample of the pairs in the borderline band goes there too
        (:func:`~person_resolution.scoring.save_borderline_waterfall`).

    Returns
    -------
    tuple
        (:data:`SCORED_COLUMNS` frame sorted by ids, run info: backend, whether the model
        was trained and with which training blocks, record and pair counts, the prior
        used (rescaled to the record count), seconds).
    """
    start = time.perf_counter()
    features = prepare_records(
        records,
        nicknames,
        addresses=addresses,
        address_word_max_records=address_word_max_records,
    )
    result = score_pairs(
        features,
        model=load_model(model_path),
        backend=backend,
        spark=spark,
        min_probability=min_probability,
        seed=seed,
        keep_near_empty=True,
        save_to=None if save_to is None else str(save_to),
        charts_to=None if charts_to is None else str(charts_to),
        borderline=borderline,
    )
    pairs = result.pairs
    info = {
        "backend": backend,
        "model": "trained in run" if result.trained else str(model_path),
        "training": result.model.get("training"),
        "n_records": len(features),
        "n_near_empty": int(features["is_near_empty"].sum()),
        "n_with_address": int(features["address"].notna().sum()),
        "n_pairs": len(pairs),
        "prior": result.model.get("probability_two_random_records_match"),
    }
    if pairs.empty:
        info["seconds"] = time.perf_counter() - start
        return empty_scored(), info
    empty = set(features.loc[features["is_near_empty"], "unique_id"])
    out = pairs[PAIR_COLUMNS].copy()
    out["blocking_rule"] = out["blocking_rule_index"].map(
        lambda i: _RULE_NAMES[i] if 0 <= i < len(_RULE_NAMES) else f"rule_{i}"
    )
    out["is_record_a_near_empty"] = out["record_id_a"].isin(empty)
    out["is_record_b_near_empty"] = out["record_id_b"].isin(empty)
    labels: dict[tuple[str, int], str] = {}
    for r in level_weights(result.model):  # two neutral levels share gamma -1: join labels
        key = (r["comparison"], r["level"])
        labels[key] = f"{labels[key]} / {r['label']}" if key in labels else r["label"]
    for name in COMPARISON_NAMES:
        out[f"{name}_level"] = out[f"{name}_level"].astype("int32")
        out[f"{name}_label"] = [labels.get((name, lv)) for lv in out[f"{name}_level"]]
    out["middle_name_level"] = middle_name_levels(out, features)
    info["seconds"] = time.perf_counter() - start
    return out[SCORED_COLUMNS].reset_index(drop=True), info


def middle_name_levels(pairs: pd.DataFrame, features: pd.DataFrame) -> pd.Series:
    """Middle names of each pair: 1 both recorded and equal, 0 both and different, -1
    either missing. Not a Splink comparison: only the near-empty attachment uses it
    (:func:`person_resolution.clustering.near_empty_pairs`).
    """
    middle = features.set_index("unique_id")["middle_name"]
    a = pairs["record_id_a"].map(middle)
    b = pairs["record_id_b"].map(middle)
    both = a.notna() & b.notna()
    level = pd.Series(-1, index=pairs.index, dtype="int32")
    level[both] = (a[both] == b[both]).astype("int32")
    return level


def run_artefact_dir(root: str | Path, run_id: str) -> Path:
    """Folder of one run's resolution artefacts: ``<target>/splink/<run_id>``.

    ``<target>`` is ``$DBT_TARGET_PATH`` (relative to ``root`` when relative), else
    ``root/target``: the same place as dbt's own artefacts of that run.
    """
    target = Path(os.environ.get("DBT_TARGET_PATH") or "target")
    if not target.is_absolute():
        target = Path(root) / target
    return target / "splink" / str(run_id)


# file of a run's folder -> what it holds, as the index page lists it
RUN_ARTEFACTS: dict[str, str] = {
    **MODEL_CHARTS,
    **BORDERLINE_CHARTS,
    "person_model.json": "the model used (Splink settings with m and u)",
    "run_info.json": "training blocks used and skipped, record and pair counts, prior",
}
LATEST_INDEX = "latest.html"


def write_run_artefacts(folder: str | Path, info: dict[str, Any]) -> Path:
    """Write the run info (counts, backend, training blocks; no record values) as
    ``run_info.json`` beside the run's model, and the index page of the latest run
    (:func:`write_latest_index`); returns the folder."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    (out / "run_info.json").write_text(json.dumps(info, indent=2, sort_keys=True, default=str))
    write_latest_index(out)
    return out


def write_latest_index(folder: str | Path) -> Path:
    """``<target>/splink/latest.html``: links to the files of the run in ``folder``.

    The docs site links this page (docs block ``splink_resolution``): ``dbt docs serve``
    serves ``<target>``, so an auditor reading the person-resolution method opens the
    charts of the model the last build used. Lists only the files the run wrote.
    """
    from html import escape

    run = Path(folder)
    rows = "".join(
        f'<li><a href="{escape(run.name)}/{escape(name)}">{escape(name)}</a>: {escape(what)}</li>'
        for name, what in RUN_ARTEFACTS.items()
        if (run / name).exists()
    )
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>Person resolution: the last run's model</title></head><body>"
        "<h1>Person resolution: the model of the last build</h1>"
        f"<p>Run <code>{escape(run.name)}</code> (the dbt invocation id). Splink's own "
        "charts of the model it used; the borderline chart leaves the compared values "
        "out. Earlier runs keep their folders beside this page.</p>"
        f"<ul>{rows}</ul></body></html>"
    )
    index = run.parent / LATEST_INDEX
    index.write_text(page)
    return index
