"""Person-resolution benchmark: rule-only vs Splink at three thresholds, against truth.

Usage (from the repo root, after ``source scripts/env.sh``)::

    python -m benchmarks.resolution_bench --scales tiny,default [--profile alt] [--work DIR]
        [--spark-parity] [--saved-model] [--raw-scales large] [--merge]

For each scale: generate the data (seed 42, world ``--profile``: ``default`` is the world
the rules and comparisons were chosen on, ``alt`` an independent one), load it into a
fresh warehouse and build the staged records and the rule pairs with dbt; export both
(ids and standardised fields stay on disk in the work folder, never in the report).
Then, from the same run:

- the resolution stage (as dbt runs it by default: Splink trained on the run's own
  records, then scoring, DuckDB backend) runs as a subprocess whose wall time and peak
  RSS are measured; ``--saved-model`` also scores with the shipped model;
- clustering (``person_resolution.clustering.cluster_with_splink``, what the dbt model
  ``int_person_records_clustered`` calls) runs on the rule pairs
  alone and on rule plus Splink pairs at each threshold, with the near-empty attachment
  (and once without it, at the default threshold);
- pairwise precision, recall and F1 are scored on the generator's truth;
- optionally the Spark backend scores the same records, and its clusters are compared.

Writes ``benchmarks/results/resolution.json`` with a ``markdown`` table and ``targets``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import pandas as pd

from benchmarks.measure import git_commit, run_stage
from cse_networks.paths import REPO_ROOT
from cse_networks.project import project_vars
from person_resolution.clustering import (
    CLUSTER_RECORD_COLUMNS,
    RULE_PAIR_COLUMNS,
    cluster_with_rules,
    cluster_with_splink,
    near_empty_record_ids,
    no_rule_pairs,
    uncorroborated_rule_pairs,
)
from person_resolution.evaluation import exact_scores, pairwise_scores
from person_resolution.standardise import record_ids

__all__ = ["main"]

RESULTS = REPO_ROOT / "benchmarks" / "results"
THRESHOLDS = (0.9, 0.99, 0.999)
DEFAULT_THRESHOLD = 0.99
MODEL = REPO_ROOT / "models" / "intermediate" / "identity" / "splink" / "person_model.json"
NICKNAMES = REPO_ROOT / "seeds" / "reference" / "name_nicknames.csv"
DBT = str(Path(sys.executable).parent / "dbt")


def _env(work: Path, scale: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CSE_WAREHOUSE_DIR=str(work / f"wh_{scale}"),
        DBT_TARGET_PATH=str(work / f"target_{scale}"),
        DBT_LOG_PATH=str(work / f"logs_{scale}"),
        DBT_PROFILES_DIR=str(REPO_ROOT),
    )
    return env


def _key(scale: str, profile: str) -> str:
    """Folder and label of a scale in a world profile (``default`` keeps the bare scale)."""
    return scale if profile == "default" else f"{scale}-{profile}"


def _prepare(scale: str, work: Path, seed: int, profile: str = "default") -> dict:
    """Generate, load and build staged records and rule pairs; export them to parquet."""
    key = _key(scale, profile)
    data = work / "data" / key
    export = work / "export" / key
    env = _env(work, key)
    stages = []
    if not (export / "rules.parquet").exists():
        py = sys.executable
        generate = [py, "-m", "cse_synth.generate", "--scale", scale, "--seed", str(seed)]
        generate += ["--profile", profile]
        steps = [
            ("generate", [*generate, "--out", str(data)]),
            ("load", [py, "-m", "cse_ingest.load", "--data", str(data / "raw")]),
            (
                "dbt_identity",
                [
                    DBT,
                    "build",
                    "-s",
                    "+int_person_record_pairs_matched",
                    "--exclude",
                    "test_type:unit",
                    "test_type:data",
                    "--quiet",
                ],
            ),
            ("export", [py, "-m", "benchmarks.resolution_bench", "export", "--out", str(export)]),
        ]
        for name, command in steps:
            result = run_stage(name, key, command, cwd=REPO_ROOT, env=env, log_dir=work / "logs")
            stages.append(result.as_dict())
            if result.returncode != 0:
                raise RuntimeError(f"{key}: stage {name} failed (log {result.log})")
    return {"stages": stages, "data": data, "export": export}


def _export(out: Path) -> int:
    """Write the staged records and rule pairs of the current warehouse to parquet."""
    from cse_networks.spark import get_spark
    from person_resolution.pipeline import RECORD_COLUMNS

    spark = get_spark()
    out.mkdir(parents=True, exist_ok=True)
    spark.table("staging.stg_person_records__nominals").select(
        *RECORD_COLUMNS
    ).toPandas().to_parquet(out / "records.parquet")
    spark.table("staging.stg_person_records__identifiers").where(
        "identifier_type = 'ADDRESS'"
    ).selectExpr("record_id", "identifier_value as address", "observed_from").toPandas().to_parquet(
        out / "addresses.parquet"
    )
    spark.table("intermediate.int_person_record_pairs_matched").select(
        *RULE_PAIR_COLUMNS
    ).toPandas().to_parquet(out / "rules.parquet")
    return 0


def _score(records: Path, out: Path, backend: str, model: str, addresses: Path | None) -> int:
    """The resolution stage alone (what the dbt model runs), for time and memory."""
    from person_resolution.pipeline import resolve_pairs

    spark = None
    if backend == "spark":
        from cse_networks.spark import get_spark

        spark = get_spark()
    load_start = [round(x, 1) for x in os.getloadavg()]
    start, cpu_start = time.perf_counter(), time.process_time()
    pairs, info = resolve_pairs(
        pd.read_parquet(records),
        pd.read_csv(NICKNAMES),
        addresses=pd.read_parquet(addresses) if addresses else None,
        backend=backend,
        model_path=model or None,
        # the build's settings (dbt_project.yml vars, each with its reason)
        min_probability=float(project_vars()["splink_min_probability"]),
        seed=int(project_vars()["splink_seed"]),
        address_word_max_records=int(project_vars()["identity_identifier_max_records"]),
        spark=spark,
    )
    info["seconds_in_process"] = round(time.perf_counter() - start, 2)
    # CPU seconds of every thread of the process (DuckDB's too), and the machine's load
    # average around the stage: on a shared machine the wall seconds mostly say how busy
    # it was, the CPU seconds what the stage costs
    info["cpu_seconds_in_process"] = round(time.process_time() - cpu_start, 2)
    info["load_average"] = {
        "start": load_start,
        "end": [round(x, 1) for x in os.getloadavg()],
    }
    pairs.to_parquet(out)
    out.with_suffix(".json").write_text(json.dumps(info))
    return 0


def _truth(data: Path) -> pd.DataFrame:
    path = data / "truth" / "records.parquet"
    truth = pd.read_parquet(path if path.exists() else path.with_suffix(""))
    truth["record_id"] = record_ids(truth["source_system"], truth["source_nominal_id"])
    return truth[["record_id", "true_person_id"]]


def _cluster_and_score(records: pd.DataFrame, pairs: pd.DataFrame, truth: pd.DataFrame) -> dict:
    """The rule-only path, clustered as the dbt model does with ``resolution_method: rules``."""
    none = pd.DataFrame({"record_id_a": [], "record_id_b": []})
    clusters = cluster_with_rules(records[CLUSTER_RECORD_COLUMNS], pairs, none)
    scores = pairwise_scores(clusters.rename(columns={"anchor_record_id": "person_id"}), truth)
    return {k: round(v, 5) if isinstance(v, float) else v for k, v in scores.items()}


def _splink_clusters(
    records: pd.DataFrame,
    rules: pd.DataFrame,
    scored: pd.DataFrame,
    threshold: float = DEFAULT_THRESHOLD,
    *,
    attach_near_empty: bool = True,
) -> pd.DataFrame:
    """Rule pairs plus Splink pairs, clustered exactly as the dbt model does (the
    project's var ``splink_merge_min_share``)."""
    none = pd.DataFrame({"record_id_a": [], "record_id_b": []})
    columns = [c for c in CLUSTER_RECORD_COLUMNS if c in records.columns]
    return cluster_with_splink(
        records[columns],
        rules,
        scored,
        none,
        threshold=threshold,
        min_merge_share=float(project_vars()["splink_merge_min_share"]),
        attach_near_empty=attach_near_empty,
    )


def _corroboration(
    rules: pd.DataFrame, scored: pd.DataFrame, truth: pd.DataFrame, threshold: float
) -> dict:
    """Wrong pairs of the name-and-date-of-birth rules, corroborated or not, and what
    Splink's score does with the uncorroborated ones (counts only)."""
    if "is_corroborated" not in rules.columns:
        return {}
    person = truth.set_index("record_id")["true_person_id"]
    named = rules.loc[rules["resolution_rule"].str.startswith("NAME_DOB")].copy()
    named["is_wrong"] = named["record_id_a"].map(person) != named["record_id_b"].map(person)
    out: dict = {}
    for (rule, corroborated), group in named.groupby(["resolution_rule", "is_corroborated"]):
        label = "corroborated" if corroborated else "uncorroborated"
        out[f"{rule} {label}"] = {"pairs": len(group), "wrong_pairs": int(group["is_wrong"].sum())}
    kept, dropped = uncorroborated_rule_pairs(named, scored, threshold=threshold)
    asked = named.loc[~named["is_corroborated"].astype(bool)]
    key = ["record_id_a", "record_id_b"]
    kept_asked = asked.merge(kept[key], on=key)
    out[f"uncorroborated, Splink >= {threshold}"] = {
        "pairs": len(kept_asked),
        "wrong_pairs": int(kept_asked["is_wrong"].sum()),
    }
    out[f"uncorroborated, Splink < {threshold} (dropped)"] = {
        "pairs": len(dropped),
        "wrong_pairs": int(dropped["is_wrong"].sum()),
    }
    return out


def _scores(clusters: pd.DataFrame, truth: pd.DataFrame) -> dict:
    scores = pairwise_scores(clusters.rename(columns={"anchor_record_id": "person_id"}), truth)
    return {k: round(v, 5) if isinstance(v, float) else v for k, v in scores.items()}


def run_scale(
    scale: str,
    *,
    work: Path,
    seed: int,
    spark_parity: bool,
    saved_model: bool,
    profile: str = "default",
) -> dict:
    """Benchmark one scale of one world profile; returns its result dict."""
    key = _key(scale, profile)
    prepared = _prepare(scale, work, seed, profile)
    export: Path = prepared["export"]
    records = pd.read_parquet(export / "records.parquet")
    rules = pd.read_parquet(export / "rules.parquet")
    truth = _truth(prepared["data"])
    env = _env(work, key)
    py = sys.executable

    def score(backend: str, model: str, tag: str) -> tuple[pd.DataFrame, dict, dict]:
        out = export / f"scored_{tag}.parquet"
        command = [py, "-m", "benchmarks.resolution_bench", "score", "--records"]
        command += [str(export / "records.parquet"), "--out", str(out), "--backend", backend]
        command += ["--model", model, "--addresses", str(export / "addresses.parquet")]
        stage = run_stage(
            f"resolve_{tag}", key, command, cwd=REPO_ROOT, env=env, log_dir=work / "logs"
        )
        if stage.returncode != 0:
            raise RuntimeError(f"{key}: resolution stage {tag} failed (log {stage.log})")
        info = json.loads(out.with_suffix(".json").read_text())
        return pd.read_parquet(out), info, stage.as_dict()

    scored, info, stage = score("duckdb", "", "duckdb")
    result: dict = {
        "scale": key,
        "profile": profile,
        "n_records": len(records),
        "n_rule_pairs": len(rules),
        "n_scored_pairs": len(scored),
        "n_near_empty_records": info["n_near_empty"],
        "model": info["model"],
        "training": info.get("training"),
        "preparation": prepared["stages"],
        "resolution_stage": {
            **stage,
            "seconds_in_process": info["seconds_in_process"],
            "cpu_seconds_in_process": info.get("cpu_seconds_in_process"),
            "load_average": info.get("load_average"),
        },
        "rules_only": _cluster_and_score(records, rules, truth),
        "splink": {},
    }
    result["prior"] = info.get("prior")
    result["name_dob_corroboration"] = _corroboration(rules, scored, truth, DEFAULT_THRESHOLD)
    clusters = {t: _splink_clusters(records, rules, scored, t) for t in THRESHOLDS}
    for threshold, clustered in clusters.items():
        result["splink"][str(threshold)] = _scores(clustered, truth)
    # The same clusters scored on the records that are not near-empty only (a name and
    # little else: held back on purpose, docs block splink_resolution): how much of the
    # recall the near-empty records' pairs cost, per run.
    at_default = clusters[DEFAULT_THRESHOLD]
    linkable = ~at_default["record_id"].isin(near_empty_record_ids(records))
    result["splink_records_not_near_empty"] = {
        str(DEFAULT_THRESHOLD): _scores(at_default.loc[linkable], truth)
    }
    # the same run without the near-empty attachment (threshold pairs only)
    result["splink_without_near_empty_attachment"] = {
        str(DEFAULT_THRESHOLD): _scores(
            _splink_clusters(records, rules, scored, attach_near_empty=False), truth
        )
    }
    if saved_model:
        shipped, _, t_stage = score("duckdb", str(MODEL), "saved")
        result["splink_saved_model"] = {
            "stage": t_stage,
            str(DEFAULT_THRESHOLD): _scores(_splink_clusters(records, rules, shipped), truth),
        }
    if spark_parity:
        on_spark, _, s_stage = score("spark", "", "spark")
        a = _splink_clusters(records, rules, scored).set_index("record_id")
        a = a["anchor_record_id"]
        b = _splink_clusters(records, rules, on_spark).set_index("record_id")
        b = b["anchor_record_id"]
        result["spark_backend"] = {
            "stage": s_stage,
            "n_scored_pairs": len(on_spark),
            "max_probability_difference": float(
                scored.merge(on_spark, on=["record_id_a", "record_id_b"])
                .eval("match_probability_x - match_probability_y")
                .abs()
                .max()
            ),
            "same_clusters": bool(a.sort_index().equals(b.sort_index())),
        }
    return result


def run_raw_scale(scale: str, *, work: Path, seed: int, model: str = "") -> dict:
    """Splink alone on raw records standardised in Python (no dbt, no rule pairs).

    For scales too large to build here in time: measures the resolution stage's time and
    peak memory, and Splink-only quality, on the generator's raw output (records and
    their ADDRESS identifiers). ``model`` empty trains Splink on the records, as dbt does
    by default; a path scores with that saved model.
    """
    data = work / "data" / scale
    env = _env(work, scale)
    py = sys.executable
    stages = []
    if not (data / "truth").exists():
        command = [py, "-m", "cse_synth.generate", "--scale", scale, "--seed", str(seed)]
        stage = run_stage(
            "generate",
            scale,
            [*command, "--out", str(data)],
            cwd=REPO_ROOT,
            env=env,
            log_dir=work / "logs",
        )
        stages.append(stage.as_dict())
    raw = data / "raw" / "nominals"
    raw = raw if raw.exists() else raw.with_suffix(".parquet")
    out = work / "export" / scale / "scored_raw.parquet"
    out.parent.mkdir(parents=True, exist_ok=True)
    addresses = out.with_name("addresses_raw.parquet")
    from person_resolution.train import raw_addresses

    found = raw_addresses(raw.parent)
    if found is not None:
        found.to_parquet(addresses)
    command = [py, "-m", "benchmarks.resolution_bench", "score", "--records", str(raw)]
    command += ["--out", str(out), "--backend", "duckdb", "--model", model]
    if found is not None:
        command += ["--addresses", str(addresses)]
    stage = run_stage("resolve_raw", scale, command, cwd=REPO_ROOT, env=env, log_dir=work / "logs")
    if stage.returncode != 0:
        raise RuntimeError(f"{scale}: resolution stage failed (log {stage.log})")
    info = json.loads(out.with_suffix(".json").read_text())
    scored = pd.read_parquet(out)
    records = pd.read_parquet(raw, columns=["source_system", "source_nominal_id", "pnc_id"])
    records["record_id"] = record_ids(records["source_system"], records["source_nominal_id"])
    records = records.drop_duplicates("record_id")
    from person_resolution.standardise import canonical_pnc

    records["pnc_id"] = canonical_pnc(records["pnc_id"])
    truth = _truth(data)
    no_rules = no_rule_pairs()
    splink = {}
    for threshold in THRESHOLDS:
        clusters = _splink_clusters(records, no_rules, scored, threshold)
        splink[str(threshold)] = _scores(clusters, truth)
    return {
        "scale": scale,
        "mode": "raw records, Splink only (no dbt, no rule pairs)",
        "model": info["model"],
        "training": info.get("training"),
        "n_records": info["n_records"],
        "n_scored_pairs": len(scored),
        "n_near_empty_records": info["n_near_empty"],
        "preparation": stages,
        "resolution_stage": {**stage.as_dict(), "seconds_in_process": info["seconds_in_process"]},
        "splink_only": splink,
    }


def _markdown(results: list[dict]) -> str:
    lines = [
        "| scale | path | threshold | precision | recall | F1 | predicted pairs | true pairs |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        if "splink_only" in r:
            rows = [
                ("Splink only, raw records", t, exact_scores(s))
                for t, s in r["splink_only"].items()
            ]
            for path, t, s in rows:
                lines.append(
                    f"| {r['scale']} | {path} | {t} | {s['precision']:.4f} | {s['recall']:.4f} | "
                    f"{s['f1']:.4f} | {s['predicted_pairs']:,} | {s['true_pairs']:,} |"
                )
            continue
        rows = [("rules only", "-", r["rules_only"])]
        # results from before issue 19 scored with the saved model and name no model
        label = "rules + Splink (trained in run)"
        if r.get("model") != "trained in run":
            label = "rules + Splink (saved model)"
        rows += [(label, t, s) for t, s in r["splink"].items()]
        for t, s in r.get("splink_without_near_empty_attachment", {}).items():
            rows.append(("rules + Splink, no near-empty attachment", t, s))
        for t, s in r.get("splink_records_not_near_empty", {}).items():
            rows.append(("rules + Splink, pairs of records not near-empty", t, s))
        if "splink_saved_model" in r:
            rows.append(
                (
                    "rules + Splink, shipped model",
                    str(DEFAULT_THRESHOLD),
                    r["splink_saved_model"][str(DEFAULT_THRESHOLD)],
                )
            )
        for path, t, s in ((path, t, exact_scores(s)) for path, t, s in rows):
            lines.append(
                f"| {r['scale']} | {path} | {t} | {s['precision']:.4f} | {s['recall']:.4f} | "
                f"{s['f1']:.4f} | {s['predicted_pairs']:,} | {s['true_pairs']:,} |"
            )
    corroboration = [r for r in results if r.get("name_dob_corroboration")]
    if corroboration:
        lines += ["", "| scale | name and date of birth pairs | pairs | wrong pairs |"]
        lines += ["|---|---|---|---|"]
        for r in corroboration:
            for label, c in r["name_dob_corroboration"].items():
                lines.append(f"| {r['scale']} | {label} | {c['pairs']:,} | {c['wrong_pairs']:,} |")
    lines += [
        "",
        "| scale | records | resolution stage (s) | peak PSS (MiB) | Spark same clusters |",
    ]
    lines += ["|---|---|---|---|---|"]
    for r in results:
        st = r["resolution_stage"]
        parity = r.get("spark_backend", {}).get("same_clusters", "not run")
        cpu = st.get("cpu_seconds_in_process")
        load = (st.get("load_average") or {}).get("start")
        extra = "" if cpu is None else f", CPU {cpu:.1f}, load average {load[0]:.1f}"
        lines.append(
            f"| {r['scale']} | {r['n_records']:,} | {st['seconds']:.1f} "
            f"(in process {st['seconds_in_process']:.1f}{extra}) | "
            f"{st['peak_pss_mib']:.0f} | {parity} |"
        )
    return "\n".join(lines)


def _quality_targets(key: str, scores: dict, *, min_recall: float) -> list[dict]:
    """Issue 19's precision (>= 0.999) and recall targets of one scale's Splink clusters,
    judged on the figures from the pair counts (``exact_scores``), not the rounded ones."""
    exact = exact_scores(scores)
    return [
        {
            "name": f"{name} >= {floor} at {key} (threshold {DEFAULT_THRESHOLD})",
            "met": exact[name] >= floor,
            "value": scores[name],
        }
        for name, floor in (("precision", 0.999), ("recall", min_recall))
    ]


def _targets(results: list[dict]) -> list[dict]:
    by_scale = {r["scale"]: r for r in results}
    targets = []
    for key in ("default", "default-alt"):  # the tuning world and the independent one
        if key in by_scale:
            s = by_scale[key]["splink"][str(DEFAULT_THRESHOLD)]
            targets += _quality_targets(key, s, min_recall=0.99)
    if "default" in by_scale:
        d = by_scale["default"]
        targets += [
            {
                "name": "resolution stage < 60 s at default",
                "met": d["resolution_stage"]["seconds"] < 60,
                "value": d["resolution_stage"]["seconds"],
            },
        ]
    if "large" in by_scale and "splink" in by_scale["large"]:  # issue 19's bar at scale
        g = by_scale["large"]
        s = g["splink"][str(DEFAULT_THRESHOLD)]
        stage = g["resolution_stage"]
        peak = stage.get("peak_pss_mib") or stage.get("peak_rss_mib")
        targets += _quality_targets("large", s, min_recall=0.98)
        targets.append(
            {
                "name": "resolution stage < 300 s at large",
                "met": stage["seconds"] < 300,
                "value": stage["seconds"],
            }
        )
        if peak is not None:
            targets.append(
                {
                    "name": "resolution stage peak memory (PSS) < 8 GiB at large",
                    "met": peak < 8 * 1024,
                    "value": f"{peak} MiB",
                }
            )
    for r in results:
        if "spark_backend" in r:
            targets.append(
                {
                    "name": f"DuckDB and Spark backends give the same clusters ({r['scale']})",
                    "met": r["spark_backend"]["same_clusters"],
                    "value": r["spark_backend"]["same_clusters"],
                }
            )
    return targets


def _stamp() -> dict:
    """The commit and time of this run, kept with each scale's result (a merged file may
    hold scales from two runs, and the report says when they differ from the pipeline's)."""
    return {
        "git_commit": git_commit(REPO_ROOT),
        "measured_at": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command")
    exp = sub.add_parser("export", help="(internal) export the built warehouse tables")
    exp.add_argument("--out", type=Path, required=True)
    sc = sub.add_parser("score", help="(internal) run the resolution stage")
    sc.add_argument("--records", type=Path, required=True)
    sc.add_argument("--out", type=Path, required=True)
    sc.add_argument("--backend", default="duckdb")
    sc.add_argument("--model", default=str(MODEL))
    sc.add_argument("--addresses", type=Path, default=None, help="ADDRESS rows (parquet)")
    parser.add_argument("--scales", default="tiny,default")
    parser.add_argument("--work", type=Path, default=REPO_ROOT / ".local" / "resolution_bench")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--profile", default="default", help="world profile of the --scales runs (default, alt)"
    )
    parser.add_argument("--raw-scales", default="", help="scales run on raw records only")
    parser.add_argument("--merge", action="store_true", help="keep other scales' results")
    parser.add_argument("--spark-parity", action="store_true", help="also score with Spark")
    parser.add_argument(
        "--saved-model", action="store_true", help="also score with the shipped saved model"
    )
    args = parser.parse_args(argv)
    if args.command == "export":
        return _export(args.out)
    if args.command == "score":
        return _score(args.records, args.out, args.backend, args.model, args.addresses)
    results = []
    for scale in [s.strip() for s in args.scales.split(",") if s.strip()]:
        print(f"[resolution_bench] {scale} ...", flush=True)
        results.append(
            run_scale(
                scale,
                work=args.work,
                seed=args.seed,
                spark_parity=args.spark_parity,
                saved_model=args.saved_model,
                profile=args.profile,
            )
        )
    for scale in [s.strip() for s in args.raw_scales.split(",") if s.strip()]:
        print(f"[resolution_bench] {scale} (raw records, Splink only) ...", flush=True)
        results.append(run_raw_scale(scale, work=args.work, seed=args.seed))
    stamp = _stamp()
    for result in results:
        result.update(stamp)
    target = RESULTS / "resolution.json"
    if args.merge and target.exists():
        done = {r["scale"] for r in results}
        kept = [r for r in json.loads(target.read_text())["results"] if r["scale"] not in done]
        results = kept + results
    report = {"thresholds": list(THRESHOLDS), "results": results}
    if target.exists():  # the FEBRL benchmark's entry (benchmarks.febrl_bench) stays
        previous = json.loads(target.read_text())
        if "febrl" in previous:
            report["febrl"] = previous["febrl"]
    report["markdown"] = _markdown(results)
    report["targets"] = _targets(results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(report["markdown"])
    for t in report["targets"]:
        print(f"[target] {'MET ' if t['met'] else 'MISS'} {t['name']}: {t['value']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
