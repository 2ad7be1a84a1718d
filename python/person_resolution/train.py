"""Retrain the Splink person model and write its JSON and docs.

Usage::

    python -m person_resolution.train --data DIR/raw --out PATH [--docs PATH] [--seed N]

Reads ``DIR/raw/nominals`` and the addresses of ``DIR/raw/nominal_identifiers`` (parquet
files or folders, as written by ``cse_synth``), standardises them like staging does,
trains unsupervised (u by seeded random sampling, m by expectation maximisation) with
DuckDB, and writes the model JSON to ``--out``. With
``--docs`` it also writes the dbt docs blocks ``splink_model_weights`` (match weight of
every comparison level) and ``splink_blocking`` (recall of true pairs per blocking rule,
when ``DIR/truth/records.parquet`` exists). Prints counts and timings only.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

from person_resolution.backends import exact_sums, make_db_api
from person_resolution.evaluation import blocking_recall
from person_resolution.features import prepare_records
from person_resolution.model import (
    EM_SAMPLE_PAIRS,
    U_SAMPLE_PAIRS,
    save_model,
    settings_for_dialect,
    train_linker,
)
from person_resolution.report import blocking_markdown, docs_file, weights_markdown
from person_resolution.standardise import record_ids

__all__ = ["address_rows", "main", "measure_blocking", "raw_addresses", "train_model"]

REPO_ROOT = Path(__file__).resolve().parents[2]
NICKNAMES = REPO_ROOT / "seeds" / "reference" / "name_nicknames.csv"


def train_model(
    features: pd.DataFrame,
    *,
    out: Path | None,
    seed: int,
    max_pairs_u: float,
    max_pairs_em: float = EM_SAMPLE_PAIRS,
) -> dict:
    """Train on prepared features with DuckDB and save the model JSON.

    Parameters
    ----------
    features : pd.DataFrame
        From :func:`~person_resolution.features.prepare_records`.
    out : Path or None
        Model JSON path (None: not written).
    seed : int
        Seed of u sampling.
    max_pairs_u : float
        Pairs sampled for u.
    max_pairs_em : float
        Blocked pairs one EM session reads at most (default
        :data:`~person_resolution.model.EM_SAMPLE_PAIRS`).

    Returns
    -------
    dict
        The saved model, with ``training``: the training blocks used and skipped.
    """
    from splink import Linker

    db_api = make_db_api("duckdb")
    table = db_api.register(features.drop(columns=["is_near_empty"]))
    linker = Linker(table, settings_for_dialect(None, "duckdb"), log_level=None)
    with exact_sums(db_api):
        report = train_linker(
            linker, features, seed=seed, max_pairs_u=max_pairs_u, max_pairs_em=max_pairs_em
        )
    return save_model(linker, out, n_records=len(features), training=report)


def measure_blocking(
    features: pd.DataFrame, model: dict, truth: pd.DataFrame, *, seed: int
) -> tuple[dict[str, float], dict[str, int]]:
    """Recall of true pairs and candidate counts per blocking rule (every blocked pair).

    Parameters
    ----------
    features : pd.DataFrame
        Prepared records.
    model : dict
        A saved model.
    truth : pd.DataFrame
        ``record_id``, ``true_person_id``.
    seed : int
        The seed the model was trained with (scoring with a saved model samples nothing).

    Returns
    -------
    tuple of dict
        (recall per rule and overall, candidate pairs per rule).
    """
    from person_resolution.scoring import score_pairs

    result = score_pairs(features, model=model, backend="duckdb", min_probability=0.0, seed=seed)
    pairs = result.pairs
    counts = {
        f"rule_{int(k)}": int(v) for k, v in pairs.groupby("blocking_rule_index").size().items()
    }
    return blocking_recall(pairs, truth), counts


def _read_table(raw: Path, name: str) -> pd.DataFrame:
    path = raw / f"{name}.parquet"
    return pd.read_parquet(path if path.exists() else raw / name)


def address_rows(identifiers: pd.DataFrame) -> pd.DataFrame:
    """The ADDRESS rows of raw-contract ``nominal_identifiers`` as the resolution package
    reads staged addresses: ``record_id`` (as staging builds it), ``address``,
    ``observed_from``."""
    rows = identifiers[
        identifiers["identifier_type"].astype(str).str.strip().str.upper() == "ADDRESS"
    ]
    return pd.DataFrame(
        {
            "record_id": record_ids(rows["source_system"], rows["source_nominal_id"]).to_numpy(),
            "address": rows["identifier_value"].to_numpy(),
            "observed_from": rows["observed_from"].to_numpy(),
        }
    )


def raw_addresses(raw: Path) -> pd.DataFrame | None:
    """:func:`address_rows` of the raw folder's ``nominal_identifiers``, or None when the
    folder has no such table."""
    if (
        not (raw / "nominal_identifiers.parquet").exists()
        and not (raw / "nominal_identifiers").exists()
    ):
        return None
    return address_rows(_read_table(raw, "nominal_identifiers"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, type=Path, help="the raw folder (DIR/raw)")
    parser.add_argument("--out", required=True, type=Path, help="model JSON to write")
    parser.add_argument("--docs", type=Path, help="dbt docs markdown to write")
    parser.add_argument(
        "--seed", type=int, default=None, help="seed of u sampling (default: var splink_seed)"
    )
    parser.add_argument(
        "--max-pairs-u",
        type=float,
        default=U_SAMPLE_PAIRS,
        help="pairs sampled for u (default: person_resolution.model.U_SAMPLE_PAIRS)",
    )
    parser.add_argument("--label", default=None, help="data set label for the docs")
    args = parser.parse_args(argv)
    from cse_networks.project import project_vars

    if args.seed is None:  # the build's seed, as dbt_project.yml sets it
        args.seed = int(project_vars()["splink_seed"])

    start = time.perf_counter()
    records = _read_table(args.data, "nominals")
    features = prepare_records(
        records,
        pd.read_csv(NICKNAMES),
        addresses=raw_addresses(args.data),
        # the build's setting, so the blocking recall measured below is the build's
        address_word_max_records=int(project_vars()["identity_identifier_max_records"]),
    )
    model = train_model(features, out=args.out, seed=args.seed, max_pairs_u=args.max_pairs_u)
    print(
        f"trained on {len(features):,} records in {time.perf_counter() - start:.1f}s -> {args.out}"
    )
    training = model["training"]
    print(
        "EM blocks used: "
        + ", ".join(training["em_blocks"])
        + "; skipped (pairs): "
        + (", ".join(f"{k} ({v:,})" for k, v in training["em_blocks_skipped"].items()) or "none")
    )
    if args.docs:
        label = args.label or f"{args.data.parent.name} (seed {args.seed})"
        truth_path = args.data.parent / "truth" / "records.parquet"
        blocking = None
        if truth_path.exists():
            truth = pd.read_parquet(truth_path)
            truth = truth.assign(
                record_id=record_ids(truth["source_system"], truth["source_nominal_id"])
            )
            recall, counts = measure_blocking(features, model, truth, seed=args.seed)
            blocking = blocking_markdown(recall, counts, measured_on=label)
            print(f"blocking recall of true pairs: {recall['all']:.4f}")
        args.docs.parent.mkdir(parents=True, exist_ok=True)
        args.docs.write_text(docs_file(weights_markdown(model, trained_on=label), blocking))
        print(f"docs -> {args.docs}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
