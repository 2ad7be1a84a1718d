"""The community-choice sweep: how the Leiden resolution is chosen, reproducibly.

Usage (from the repo root, after ``source scripts/env.sh``)::

    python -m benchmarks.community_sweep --profile default [--scale default]
    python -m benchmarks.community_sweep --profile default --from-bench   # reuse make bench's build

It builds the world (generate, load, one ``dbt build``, in ``<work>/<label>``) unless
``--from-bench`` points it at the warehouse ``benchmarks.run`` left for the same world, then
exports the graph step's inputs (``graph_nodes``, ``graph_edges``, the offender graph of
``graph_step.spark_io.offender_graph_spark``) and the record-to-person map, and finds the
networks at every resolution of the grid with every seed (``graph_step.network_partition``:
the graph step's own cleaning, components and Leiden, without centralities). It writes
``benchmarks/results/community_sweep.json``.

**Criterion** (docs block ``community_choice``): the chosen resolution maximises the mean,
over the seeds, of the adjusted Rand index between planted offender groups and found
networks (planted offenders only; victims are never members) on the *tuning* world
(profile ``default``). Resolutions within ``TIE_TOLERANCE`` of the best are ties, broken
by the higher seed stability (mean pairwise ARI between the seeds' partitions), then by
the smaller resolution (fewer, larger networks: an analyst splits a network more easily
than joins two). The alt world is never swept for choosing; ``--profile alt`` only
reports the same table, marked ``used_for_choice = false``.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from benchmarks.measure import git_commit
from benchmarks.quality import _majority, _person_of_true_person, _read_truth, _shared_pairs
from cse_networks.paths import REPO_ROOT
from cse_networks.project import project_vars
from cse_synth.profiles import PROFILES

__all__ = ["RESOLUTIONS", "TIE_TOLERANCE", "choose", "main", "sweep"]

RESULTS = REPO_ROOT / "benchmarks" / "results"
RESOLUTIONS = (0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0)
N_SEEDS = 5
# ARI differences this small are within what another seed or another world changes.
TIE_TOLERANCE = 0.005
CRITERION = (
    "maximise the mean over seeds of the offender-group ARI on the tuning world (profile "
    f"default); ties within {TIE_TOLERANCE} go to the higher seed stability, then the "
    "smaller resolution"
)


def graph_vars() -> dict:
    """The graph step's vars as dbt_project.yml sets them (the values a build uses)."""
    return {k: v for k, v in project_vars().items() if k.startswith("graph_")}


def _params(resolution: float | None = None):
    """The build's graph parameters without stability runs: at one other resolution and no
    finer level (the base sweep), or as the build runs them (``None``: the base level and
    the per-component finer levels)."""
    from graph_step import GraphParams

    build = dataclasses.replace(GraphParams.from_vars(graph_vars()), stability_runs=0)
    if resolution is None:
        return build
    return dataclasses.replace(build, leiden_resolution=resolution, leiden_finer_resolutions=())


def _planted_labels(
    truth: dict[str, pd.DataFrame], assigned: pd.DataFrame
) -> tuple[pd.DataFrame, set[tuple[str, str]]]:
    """Planted offenders with their person id, and the planted pairs kept apart by design."""
    person_of = _person_of_true_person(truth["records"], assigned)
    members = truth["network_members"][["network_key", "true_person_id"]].copy()
    members["person_id"] = members["true_person_id"].map(person_of)
    pairs = _shared_pairs(truth["network_victims"]) | _shared_pairs(truth["network_members"])
    return members, pairs


def partition_measures(
    members: pd.DataFrame, pairs: set[tuple[str, str]], network: pd.Series
) -> dict:
    """ARI, NMI, whole recovery and kept-apart share of one partition (pure; testable).

    ``network``: network code per person id. A planted offender absent from the graph is a
    network of their own (a miss), as in ``benchmarks.quality``.
    """
    found = members["person_id"].map(network)
    labels = found.astype("string").fillna("absent:" + members["true_person_id"].astype(str))
    frame = members.assign(found=labels)
    majority = _majority(frame, "network_key", "found")
    apart = [majority.get(a) != majority.get(b) for a, b in sorted(pairs)]
    return {
        "offender_ari": float(adjusted_rand_score(frame["network_key"], frame["found"])),
        "offender_nmi": float(normalized_mutual_info_score(frame["network_key"], frame["found"])),
        "recovered_whole": float(frame.groupby("network_key")["found"].nunique().eq(1).mean()),
        "separate_groups_apart": float(np.mean(apart)) if apart else None,
    }


def sweep(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    members: pd.DataFrame,
    pairs: set[tuple[str, str]],
    *,
    resolutions: tuple[float, ...] = RESOLUTIONS,
    n_seeds: int = N_SEEDS,
) -> list[dict]:
    """One row per resolution: measures averaged over seeds, and seed stability.

    The last row (``resolution`` "per component") is the build's own parameters: the base
    level and, per component, the finer levels chosen by CSE mixing (docs block
    ``community_choice``). It is reported, never a candidate of :func:`choose`.
    """
    from graph_step import network_partition

    rows = []
    for resolution in (*resolutions, None):
        params = _params(resolution)
        parts = [
            network_partition(nodes, edges, params=params, seed=params.seed + i)
            for i in range(n_seeds)
        ]
        measured = [partition_measures(members, pairs, p) for p in parts]
        # seed stability: agreement of the seeds' partitions over every offender-graph person
        stability = [adjusted_rand_score(a, b) for a, b in itertools.combinations(parts, 2)]
        counts = parts[0].value_counts()
        row = {"resolution": "per component" if resolution is None else resolution}
        for key in measured[0]:
            values = [m[key] for m in measured if m[key] is not None]
            row[key] = round(float(np.mean(values)), 4) if values else None
        row["offender_ari_min_seed"] = round(min(m["offender_ari"] for m in measured), 4)
        row["seed_stability_ari"] = round(float(np.mean(stability)), 4) if stability else None
        row["n_networks_2plus"] = int((counts >= 2).sum())
        row["largest_network"] = int(counts.max()) if len(counts) else 0
        row["cse_mixing"] = _mixing(nodes, parts[0])
        rows.append(row)
        print(f"[sweep] resolution {resolution}: {row}", flush=True)
    return rows


def _mixing(nodes: pd.DataFrame, network: pd.Series) -> int | None:
    """Persons on the minority side of CSE evidence in their network (graph_step's measure)."""
    from graph_step.communities import cse_mixing
    from graph_step.inputs import clean_nodes

    if "is_cse_nominal" not in nodes.columns:
        return None
    # the graph step's own node cleaning: a person with several rows is a CSE nominal if any is
    cse = clean_nodes(nodes).set_index("person_id")["is_cse_nominal"]
    codes = pd.factorize(network.to_numpy())[0]
    return cse_mixing(codes, cse.reindex(network.index).fillna(False).to_numpy(dtype=bool))


def choose(rows: list[dict], tolerance: float = TIE_TOLERANCE) -> dict:
    """The row the criterion chooses (see the module docstring); pure, testable."""
    rows = [r for r in rows if isinstance(r["resolution"], float)]
    best = max(r["offender_ari"] for r in rows)
    ties = [r for r in rows if r["offender_ari"] >= best - tolerance]
    return min(ties, key=lambda r: (-(r["seed_stability_ari"] or 0.0), r["resolution"]))


def export(out: Path) -> None:
    """Spark: the offender graph and the record-to-person map of the built warehouse."""
    from cse_networks.spark import get_spark
    from graph_step.spark_io import offender_graph_spark

    spark = get_spark()
    prefix = os.environ.get("CSE_SCHEMA_PREFIX", "")
    nodes, edges = offender_graph_spark(
        spark.table(f"{prefix}graph.graph_nodes"), spark.table(f"{prefix}graph.graph_edges")
    )
    out.mkdir(parents=True, exist_ok=True)
    nodes.select("person_id", "harm_days", "is_cse_nominal").toPandas().to_parquet(
        out / "nodes.parquet"
    )
    edges.select("person_id_a", "person_id_b", "weight").toPandas().to_parquet(
        out / "edges.parquet"
    )
    spark.table(f"{prefix}marts.dim_person_source_records").select(
        "source_system", "source_nominal_id", "person_id"
    ).toPandas().to_parquet(out / "assigned.parquet")
    spark.stop()


def _build(scale: str, profile: str, seed: int, work: Path) -> tuple[dict, Path]:
    """Generate, load and build one world in a fresh warehouse (as benchmarks.run does)."""
    from benchmarks.run import DBT, _fresh_env, _run_stages, _stages
    from benchmarks.worlds import world_label

    root = work / world_label(scale, profile)
    env = _fresh_env(root, scale)
    generate, load, *_ = _stages(scale, root / "data", seed, profile)
    stages = [generate, load, ("dbt_build", [*DBT, "build"])]
    _, done = _run_stages(f"sweep {root.name}", scale, stages, env=env, log_dir=root / "logs")
    if not done:
        raise SystemExit(f"community_sweep: the build failed; see {root / 'logs'}")
    return env, root / "data"


def _bench_env(scale: str, profile: str, work: Path) -> tuple[dict, Path]:
    """The warehouse benchmarks.run left for this world (``--from-bench``)."""
    from benchmarks.worlds import world_label

    root = work / world_label(scale, profile)
    if not (root / "warehouse").exists():
        raise SystemExit(f"community_sweep: no benchmark build at {root}; run without --from-bench")
    env = {
        **os.environ,
        "CSE_WAREHOUSE_DIR": str(root / "warehouse"),
        "DBT_TARGET_PATH": str(root / "target"),
        "CSE_SCHEMA_PREFIX": "",
    }
    return env, root / "data"


def run(args: argparse.Namespace) -> dict:
    """Build or reuse the world, export its graph, sweep, choose; returns the result."""
    from benchmarks.worlds import world_label

    label = world_label(args.scale, args.profile)
    if args.from_bench:
        env, data = _bench_env(args.scale, args.profile, args.bench_work)
    else:
        env, data = _build(args.scale, args.profile, args.seed, args.work)
    exported = args.work / label / "export"
    command = [sys.executable, "-m", "benchmarks.community_sweep", "export", "--out"]
    subprocess.run([*command, str(exported)], cwd=REPO_ROOT, env=env, check=True)
    names = ("records", "networks", "network_members", "network_victims")
    truth = {t: _read_truth(data / "truth", t) for t in names}
    members, pairs = _planted_labels(truth, pd.read_parquet(exported / "assigned.parquet"))
    nodes = pd.read_parquet(exported / "nodes.parquet")
    edges = pd.read_parquet(exported / "edges.parquet")
    started = time.perf_counter()
    rows = sweep(nodes, edges, members, pairs, resolutions=args.resolutions, n_seeds=args.seeds)
    chosen = choose(rows)
    current = graph_vars()
    return {
        "profile": args.profile,
        "scale": args.scale,
        "seed": args.seed,
        "used_for_choice": args.profile == "default",
        "criterion": CRITERION,
        "n_seeds": args.seeds,
        "graph_min_community_size": current["graph_min_community_size"],
        "graph_leiden_resolution_in_project": current["graph_leiden_resolution"],
        "graph_leiden_finer_resolutions_in_project": current["graph_leiden_finer_resolutions"],
        "chosen_resolution": chosen["resolution"],
        "n_offender_graph_persons": len(nodes),
        "n_offender_graph_links": len(edges),
        "n_planted_networks": int(members["network_key"].nunique()),
        "n_separate_group_pairs": len(pairs),
        "rows": rows,
        "sweep_seconds": round(time.perf_counter() - started, 1),
        "git_commit": git_commit(REPO_ROOT),
        "measured_at": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["export"]:
        parser = argparse.ArgumentParser(prog="python -m benchmarks.community_sweep export")
        parser.add_argument("--out", type=Path, required=True)
        export(parser.parse_args(argv[1:]).out)
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=sorted(PROFILES), default="default")
    parser.add_argument("--scale", default="default")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--seeds", type=int, default=N_SEEDS, help="Leiden seeds per resolution")
    parser.add_argument(
        "--resolutions",
        type=lambda s: tuple(float(x) for x in s.split(",")),
        default=RESOLUTIONS,
    )
    parser.add_argument("--work", type=Path, default=REPO_ROOT / ".local" / "sweep")
    parser.add_argument("--from-bench", action="store_true", help="reuse benchmarks.run's build")
    parser.add_argument("--bench-work", type=Path, default=REPO_ROOT / ".local" / "bench")
    args = parser.parse_args(argv)
    result = run(args)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "community_sweep.json"
    kept = json.loads(path.read_text()) if path.exists() else {}
    kept[f"{args.profile}/{args.scale}"] = result
    path.write_text(json.dumps(dict(sorted(kept.items())), indent=2) + "\n")
    print(
        f"[sweep] {args.profile}/{args.scale}: chosen resolution {result['chosen_resolution']} "
        f"(project uses {result['graph_leiden_resolution_in_project']}); wrote {path}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
