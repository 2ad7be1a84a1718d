"""Benchmark of the graph step (a command, not a test).

Generates seeded co-offending-like graphs (many small components, a few large ones built
from communities of 5-50 people, about 3 links per person), then, each in a fresh child
process, times the whole graph step per phase, a direct-igraph implementation of the
same core metrics, and a plain-networkx one (capped in time), records peak memory
(``ru_maxrss`` of the child; per phase, the peak when the phase ended), reports the
ratios step / direct igraph and networkx / step of the same run, and compares sampled
with exact betweenness on the 10k graph.

The graph step runs with the parameters a build uses (the dbt vars of
``dbt_project.yml``, :func:`step_params`); the direct-igraph and networkx comparisons use
the same resolution, seed, iteration count and sampling limits.

Usage::

    python benchmarks/graph_bench.py --sizes 10000,100000,1000000 [--nx-cap 120] \
        [--nx-max 100000]

The committed ``benchmarks/results/graph_step.json`` holds all three sizes from one run
(``--nx-cap 60``: networkx algorithms over 60 CPU s are extrapolated, marked ``~``).
Writes that file and prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import platform
import resource
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from graph_step import GraphParams

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "graph_step.json"
# generated graphs are cached per checkout (git-ignored), never in a fixed machine path
DATA_DIR = REPO / ".local" / "bench" / "graph_data"


# --------------------------------------------------------------------------- graphs


def generate(n_nodes: int, *, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Seeded co-offending-like graph with about ``n_nodes`` persons and 3 links each.

    Persons fall into groups of 2-50 (mostly 5-50); each group is a random tree plus extra
    links. About 40 % of groups are chained into one large component, 10 % into a few
    mid-size ones, the rest stay apart; 3 % of persons are isolated.
    """
    rng = np.random.default_rng(seed)
    n_isolated = int(0.03 * n_nodes)
    sizes: list[int] = []
    total = 0
    while total < n_nodes - n_isolated:
        size = int(np.clip(rng.lognormal(2.6, 0.6), 2, 50))
        sizes.append(size)
        total += size
    sizes_arr = np.array(sizes)
    sizes_arr[-1] -= total - (n_nodes - n_isolated)
    sizes_arr = sizes_arr[sizes_arr > 0]
    starts = np.concatenate([[0], np.cumsum(sizes_arr)[:-1]])
    group_of = np.repeat(np.arange(len(sizes_arr)), sizes_arr)
    local = np.arange(len(group_of)) - starts[group_of]
    # Random tree inside each group, then extra links to ~3 per person overall.
    child = np.flatnonzero(local > 0)
    parent = starts[group_of[child]] + (rng.random(len(child)) * local[child]).astype(np.int64)
    extra_per_group = np.minimum(
        (2.9 * sizes_arr).astype(np.int64), sizes_arr * (sizes_arr - 1) // 2
    )
    eg = np.repeat(np.arange(len(sizes_arr)), extra_per_group)
    eu = starts[eg] + (rng.random(len(eg)) * sizes_arr[eg]).astype(np.int64)
    ev = starts[eg] + (rng.random(len(eg)) * sizes_arr[eg]).astype(np.int64)
    # Clusters of groups: one large, a few mid-size, the rest alone.
    n_groups = len(sizes_arr)
    order = rng.permutation(n_groups)
    cluster = np.full(n_groups, -1)
    giant_end = int(0.40 * n_groups)
    cluster[order[:giant_end]] = 0
    mid = order[giant_end : giant_end + int(0.10 * n_groups)]
    cluster[mid] = 1 + rng.integers(0, max(1, n_groups // 400), len(mid))
    bu, bv = [], []
    for c in np.unique(cluster[cluster >= 0]):
        members = np.flatnonzero(cluster == c)
        members = members[rng.permutation(len(members))]
        if len(members) < 2:
            continue
        # Chain each group to a random earlier group, plus 30 % extra random links.
        later = members[1:]
        earlier = members[(rng.random(len(later)) * np.arange(1, len(members))).astype(int)]
        extra = rng.choice(members, size=(int(0.3 * len(members)), 2))
        ga = np.concatenate([later, extra[:, 0]])
        gb = np.concatenate([earlier, extra[:, 1]])
        bu.append(starts[ga] + (rng.random(len(ga)) * sizes_arr[ga]).astype(np.int64))
        bv.append(starts[gb] + (rng.random(len(gb)) * sizes_arr[gb]).astype(np.int64))
    src = np.concatenate([child, eu, *bu])
    dst = np.concatenate([parent, ev, *bv])
    keep = src != dst
    lo = np.minimum(src[keep], dst[keep])
    hi = np.maximum(src[keep], dst[keep])
    pairs = np.unique(np.column_stack([lo, hi]), axis=0)
    n_total = len(group_of) + n_isolated
    ids = np.array([f"P{i:08d}" for i in rng.permutation(n_total)], dtype=object)
    weights = np.round(rng.gamma(2.0, 1.0, len(pairs)) + 0.1, 3)
    a, b = ids[pairs[:, 0]], ids[pairs[:, 1]]
    edges = pd.DataFrame(
        {
            "person_id_a": np.where(a < b, a, b),
            "person_id_b": np.where(a < b, b, a),
            "weight": weights,
        }
    )
    harm = np.where(rng.random(n_total) < 0.2, rng.gamma(1.5, 200.0, n_total), 0.0)
    nodes = pd.DataFrame({"person_id": ids, "harm_days": np.round(harm, 1)})
    return nodes, edges


def data_paths(n_nodes: int) -> tuple[Path, Path]:
    return DATA_DIR / f"nodes_{n_nodes}.parquet", DATA_DIR / f"edges_{n_nodes}.parquet"


def ensure_data(n_nodes: int) -> dict[str, Any]:
    nodes_path, edges_path = data_paths(n_nodes)
    if not nodes_path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        nodes, edges = generate(n_nodes)
        nodes.to_parquet(nodes_path)
        edges.to_parquet(edges_path)
    nodes = pd.read_parquet(nodes_path)
    edges = pd.read_parquet(edges_path)
    return {"nodes": len(nodes), "edges": len(edges)}


def load(n_nodes: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    nodes_path, edges_path = data_paths(n_nodes)
    return pd.read_parquet(nodes_path), pd.read_parquet(edges_path)


def maxrss_mib() -> float:
    """Peak RSS of this process in MiB.

    ``VmHWM`` first: Linux carries ``ru_maxrss`` over fork and exec, so a spawned child
    would report at least the parent's peak (the parent holds the generated graph).
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# --------------------------------------------------------------------------- engines

# Names shared by the three implementations, so the table lines up.
STEP_PHASES = {
    "clean": "build/clean",
    "components": "components",
    "degree_strength_clustering_kcore_articulation": "degree/strength/clustering/kcore/AP",
    "betweenness_harmonic": "betweenness+harmonic",
    "eigenvector": "eigenvector",
    "pagerank": "pagerank",
    "harm_pagerank": "harm pagerank",
    "leiden": "communities",
    "leiden_stability_runs": "stability runs",
    "stability_network_stats_brokerage": "brokerage/network stats",
    "key_players": "key players",
    "assemble": "output tables",
    "network_bridge_key_player_tables": "output tables",
}


class Timer:
    """Per-algorithm wall time and the process peak RSS after each algorithm."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu_seconds: dict[str, float] = {}
        self.peak_mib: dict[str, float] = {}

    def run(self, name: str, func: Callable[[], Any]) -> Any:
        start, start_cpu = time.perf_counter(), time.process_time()
        out = func()
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start
        self.cpu_seconds[name] = self.cpu_seconds.get(name, 0.0) + time.process_time() - start_cpu
        self.peak_mib[name] = maxrss_mib()
        return out


def step_params() -> GraphParams:
    """The graph step's parameters as a build uses them (the dbt vars of dbt_project.yml)."""
    from cse_networks.project import project_vars
    from graph_step import GraphParams

    return GraphParams.from_vars(project_vars())


def child_step(n_nodes: int) -> dict[str, Any]:
    """The whole graph step, timed per phase."""
    from graph_step import analyse_graph
    from graph_step.profiling import record_phases

    nodes, edges = load(n_nodes)
    base = maxrss_mib()
    start, start_cpu = time.perf_counter(), time.process_time()
    with record_phases() as phases:
        result = analyse_graph(nodes, edges, params=step_params(), run_id="bench")
    total, total_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    seconds: dict[str, float] = {}
    cpu: dict[str, float] = {}
    peak: dict[str, float] = {}
    for key, value in phases.wall.items():
        name = STEP_PHASES.get(key, key)
        seconds[name] = seconds.get(name, 0.0) + value
        cpu[name] = cpu.get(name, 0.0) + phases.cpu[key]
        peak[name] = max(peak.get(name, 0.0), phases.peak_mib[key])
    sampled = result.persons["betweenness_sample_size"].notna()
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_after_mib": peak,
        "total_seconds": total,
        "total_cpu_seconds": total_cpu,
        "peak_rss_mib": maxrss_mib(),
        "input_rss_mib": base,
        "n_networks": len(result.networks),
        "largest_network": int(result.networks["n_members"].max()),
        "persons_sampled_betweenness": int(sampled.sum()),
        "n_bridges": len(result.bridges),
    }


def _index(nodes: pd.DataFrame, edges: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    index = pd.Index(nodes["person_id"])
    return index.get_indexer(edges["person_id_a"]), index.get_indexer(edges["person_id_b"])


def child_igraph(n_nodes: int) -> dict[str, Any]:
    """The same core metrics by calling igraph directly (one Leiden run, no stability,
    brokerage or key players)."""
    import random

    import igraph as ig

    from graph_step.centrality import serial_openmp

    params = step_params()
    exact_max, samples = params.exact_betweenness_max_nodes, params.betweenness_samples
    nodes, edges = load(n_nodes)
    # Same OpenMP setting as the graph step (PRPACK spin-waits on a busy machine).
    limit = serial_openmp()
    limit.__enter__()
    t = Timer()
    start = time.perf_counter()

    def build() -> ig.Graph:
        src, dst = _index(nodes, edges)
        graph = ig.Graph(n=len(nodes), edges=np.column_stack([src, dst]).tolist())
        graph.es["weight"] = edges["weight"].tolist()
        graph.es["length"] = (1.0 / edges["weight"]).tolist()
        return graph

    start_cpu = time.process_time()
    g = t.run("build/clean", build)
    comps = t.run("components", g.connected_components)
    membership = np.asarray(comps.membership)
    sizes = np.asarray(comps.sizes())
    harm = nodes["harm_days"].to_numpy()

    def local() -> None:
        g.degree()
        g.strength(weights="weight")
        g.transitivity_local_undirected(mode="zero")
        g.coreness()
        g.articulation_points()

    t.run("degree/strength/clustering/kcore/AP", local)

    def paths() -> None:
        small = np.flatnonzero(sizes[membership] <= exact_max)
        sub = g.induced_subgraph(small.tolist())
        sub.betweenness(weights="length")
        sub.harmonic_centrality(weights="length", normalized=False)
        rng = np.random.default_rng(params.seed)
        for c in np.flatnonzero(sizes > exact_max):
            big = g.induced_subgraph(np.flatnonzero(membership == c).tolist())
            pivots = rng.choice(big.vcount(), size=samples, replace=False).tolist()
            big.betweenness(weights="length", sources=pivots)
            for i in range(0, samples, 16):
                big.distances(source=pivots[i : i + 16], weights="length")

    t.run("betweenness+harmonic", paths)

    def eigen() -> None:
        for members in comps:
            if len(members) > 2:
                g.induced_subgraph(members).eigenvector_centrality(weights="weight")

    t.run("eigenvector", eigen)
    t.run("pagerank", lambda: g.personalized_pagerank(weights="weight"))
    t.run("harm pagerank", lambda: g.personalized_pagerank(weights="weight", reset=harm.tolist()))

    def leiden() -> None:
        ig.set_random_number_generator(random.Random(params.seed))
        g.community_leiden(
            objective_function="modularity",
            weights="weight",
            resolution=params.leiden_resolution,
            n_iterations=params.leiden_iterations,
        )

    t.run("communities", leiden)
    return {
        "seconds": t.seconds,
        "cpu_seconds": t.cpu_seconds,
        "peak_after_mib": t.peak_mib,
        "total_seconds": time.perf_counter() - start,
        "total_cpu_seconds": time.process_time() - start_cpu,
        "peak_rss_mib": maxrss_mib(),
        "not_included": ["stability runs", "brokerage/network stats", "key players"],
        "openmp_threads": 1,
    }


class CapReachedError(Exception):
    """Raised by the alarm when one networkx algorithm exceeds its time cap."""


def _alarm(signum: int, frame: Any) -> None:
    raise CapReachedError


def child_networkx(n_nodes: int, cap: float) -> dict[str, Any]:
    """The same outputs with plain networkx, each algorithm capped at ``cap`` seconds.

    Component-wise algorithms run smallest component first; when capped, the estimate
    scales the elapsed time by total / finished work (work = n*m for path algorithms,
    n+m otherwise), marked as extrapolated.
    """
    import networkx as nx

    params = step_params()
    exact_max, samples = params.exact_betweenness_max_nodes, params.betweenness_samples
    nodes, edges = load(n_nodes)
    # The cap counts CPU time (SIGPROF), so other load on the machine does not shrink it.
    signal.signal(signal.SIGPROF, _alarm)
    seconds: dict[str, float] = {}
    cpu: dict[str, float] = {}
    capped: dict[str, bool] = {}
    errors: dict[str, str] = {}
    start_all = time.perf_counter()

    def timed(name: str, func: Callable[[], Any], work: Callable[[], tuple[float, float]] | None):
        start, start_cpu = time.perf_counter(), time.process_time()
        signal.setitimer(signal.ITIMER_PROF, cap)
        try:
            out = func()
            capped[name] = False
        except CapReachedError:
            out = None
            capped[name] = True
        except Exception as error:  # keep the other algorithms' figures
            out = None
            capped[name] = False
            errors[name] = repr(error)
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
        elapsed = time.perf_counter() - start
        elapsed_cpu = time.process_time() - start_cpu
        if capped[name]:
            done, total = work() if work is not None else (0.0, 1.0)
            scale = total / done if done > 0 else float("nan")
            elapsed, elapsed_cpu = elapsed * scale, elapsed_cpu * scale
        seconds[name] = elapsed
        cpu[name] = elapsed_cpu
        return out

    def build() -> nx.Graph:
        frame = edges.assign(distance=1.0 / edges["weight"])
        graph = nx.from_pandas_edgelist(frame, "person_id_a", "person_id_b", ["weight", "distance"])
        graph.add_nodes_from(nodes["person_id"])
        return graph

    g = timed("build/clean", build, None)
    comps = timed("components", lambda: sorted(nx.connected_components(g), key=len), None)
    subgraphs = [g.subgraph(c) for c in comps]
    harm = dict(zip(nodes["person_id"], nodes["harm_days"], strict=True))

    def loop(name: str, per_component: Callable[[nx.Graph], Any], path_work: bool) -> None:
        state = {"done": 0.0}

        def cost(sub: nx.Graph) -> float:
            n, m = sub.number_of_nodes(), sub.number_of_edges()
            if not path_work:
                return n + m
            return min(n, samples if n > exact_max else n) * (n + m)

        def run() -> None:
            for sub in subgraphs:
                per_component(sub)
                state["done"] += cost(sub)

        timed(name, run, lambda: (state["done"], sum(cost(s) for s in subgraphs)))

    def local() -> None:
        dict(g.degree(weight="weight"))
        nx.clustering(g)
        nx.core_number(g)
        list(nx.articulation_points(g))

    timed("degree/strength/clustering/kcore/AP", local, None)

    def paths(sub: nx.Graph) -> None:
        if sub.number_of_edges() == 0:
            return
        if sub.number_of_nodes() > exact_max:
            nx.betweenness_centrality(sub, k=samples, weight="distance", seed=params.seed)
            pivots = list(sub.nodes)[:samples]
            nx.harmonic_centrality(sub, distance="distance", sources=pivots)
        else:
            nx.betweenness_centrality(sub, weight="distance", normalized=False)
            nx.harmonic_centrality(sub, distance="distance")

    loop("betweenness+harmonic", paths, True)

    def eigen(sub: nx.Graph) -> None:
        if sub.number_of_nodes() > 2:
            nx.eigenvector_centrality(sub, weight="weight", max_iter=10_000, tol=1e-10)

    loop("eigenvector", eigen, False)
    timed("pagerank", lambda: nx.pagerank(g, weight="weight", tol=1e-12, max_iter=10_000), None)
    timed(
        "harm pagerank",
        lambda: nx.pagerank(g, weight="weight", tol=1e-12, max_iter=10_000, personalization=harm),
        None,
    )

    def louvain(sub: nx.Graph) -> None:
        if sub.number_of_nodes() > 3:
            nx.community.louvain_communities(
                sub, weight="weight", resolution=params.leiden_resolution, seed=params.seed
            )

    loop("communities", louvain, False)
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "total_seconds": sum(seconds.values()),
        "total_cpu_seconds": sum(cpu.values()),
        "capped": capped,
        "errors": errors,
        "cap_cpu_seconds": cap,
        "measured_seconds": time.perf_counter() - start_all,
        "peak_rss_mib": maxrss_mib(),
        "not_included": ["stability runs", "brokerage/network stats", "key players"],
        "communities_algorithm": "louvain (networkx has no Leiden)",
    }


def child_quality(n_nodes: int) -> dict[str, Any]:
    """Sampled against exact betweenness and harmonic closeness on the largest component."""
    from scipy.stats import spearmanr

    from graph_step.analyse import _parts
    from graph_step.centrality import exact_paths, sampled_paths
    from graph_step.components import component_index, edge_index
    from graph_step.inputs import clean_edges, clean_nodes

    params = step_params()
    nodes, edges = load(n_nodes)
    node_frame = clean_nodes(nodes)
    edge_frame = clean_edges(edges, node_frame["person_id"])
    src, dst = edge_index(node_frame["person_id"], edge_frame)
    comp = component_index(len(node_frame), src, dst)
    weights = edge_frame["weight"].to_numpy()
    giant = max(_parts(comp, src, dst, weights), key=lambda part: part.graph.vcount())
    sub, lengths = giant.graph, 1.0 / giant.weights
    start = time.perf_counter()
    exact_b, exact_h = exact_paths(sub, lengths)
    exact_s = time.perf_counter() - start
    start = time.perf_counter()
    approx_b, approx_h, k = sampled_paths(
        sub, lengths, samples=params.betweenness_samples, seed=params.seed
    )
    approx_s = time.perf_counter() - start
    top = 50
    exact_top = set(np.argsort(-exact_b, kind="stable")[:top])
    approx_top = set(np.argsort(-approx_b, kind="stable")[:top])
    return {
        "component_nodes": sub.vcount(),
        "component_edges": sub.ecount(),
        "samples": k,
        "exact_seconds": exact_s,
        "sampled_seconds": approx_s,
        "betweenness_spearman": float(spearmanr(exact_b, approx_b).statistic),
        "betweenness_top50_overlap": len(exact_top & approx_top) / top,
        "harmonic_spearman": float(spearmanr(exact_h, approx_h).statistic),
        "harmonic_mean_abs_rel_error": float(np.mean(np.abs(approx_h - exact_h) / exact_h)),
    }


def _child_main(queue: Any, func_name: str, args: tuple) -> None:
    import warnings

    warnings.simplefilter("ignore")
    try:
        queue.put(("ok", globals()[func_name](*args)))
    except BaseException as error:  # report, do not hang the parent
        queue.put(("error", repr(error)))


def in_child(func_name: str, *args: Any, timeout: float = 3600) -> dict[str, Any]:
    """Run one measurement in a fresh process (so ``ru_maxrss`` is that run's peak)."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child_main, args=(queue, func_name, args))
    start = time.perf_counter()
    proc.start()
    try:
        status, payload = queue.get(timeout=timeout)
    except Exception:
        proc.kill()
        status, payload = "error", f"no result within {timeout} s"
    proc.join()
    if status != "ok":
        return {"error": payload, "wall_seconds": time.perf_counter() - start}
    return payload


# --------------------------------------------------------------------------- report

ROWS = [
    "build/clean",
    "components",
    "degree/strength/clustering/kcore/AP",
    "betweenness+harmonic",
    "eigenvector",
    "pagerank",
    "harm pagerank",
    "communities",
    "stability runs",
    "brokerage/network stats",
    "key players",
    "output tables",
]


def _ok(run: dict[str, Any] | None) -> bool:
    return bool(run) and "error" not in run


def _cell(run: dict[str, Any] | None, row: str) -> str:
    if not _ok(run):
        return "-"
    value = run.get("cpu_seconds", {}).get(row)
    if value is None:
        return "-"
    mark = "~" if run.get("capped", {}).get(row) else ""
    return f"{mark}{value:.2f}"


def _total(run: dict[str, Any] | None, key: str = "total_cpu_seconds") -> str:
    if not run:
        return "-"
    return "error" if "error" in run else f"{run[key]:.2f}"


def markdown(report: dict[str, Any]) -> str:
    """The report as markdown: one table per size, then targets and quality."""
    lines = []
    for size in report["sizes"]:
        runs = [size.get("step"), size.get("igraph"), size.get("networkx")]
        lines.append(
            f"\n### {size['nodes']:,} nodes / {size['edges']:,} edges "
            f"(load average {size['load_average'][0]:.1f} at start, "
            f"{size['load_average_end'][0]:.1f} at end)\n"
        )
        if "params" in size:
            lines.append(f"Graph-step parameters (the build's dbt vars): `{size['params']}`\n")
        lines.append("| algorithm (CPU s) | graph step | direct igraph | networkx |")
        lines.append("|---|---:|---:|---:|")
        for row in ROWS:
            lines.append(f"| {row} | " + " | ".join(_cell(r, row) for r in runs) + " |")
        lines.append("| **total CPU s** | " + " | ".join(_total(r) for r in runs) + " |")
        lines.append(
            "| total wall s | " + " | ".join(_total(r, "total_seconds") for r in runs) + " |"
        )
        peaks = [f"{r['peak_rss_mib']:,.0f}" if _ok(r) else "-" for r in runs]
        lines.append("| peak RSS MiB | " + " | ".join(peaks) + " |")
        rat = size.get("ratios") or ratios(size)
        parts = []
        if "step_over_igraph_cpu" in rat:
            parts.append(
                f"step / direct igraph {rat['step_over_igraph_cpu']:.2f}x CPU "
                f"({rat['step_over_igraph_wall']:.2f}x wall; core metrics only "
                f"{rat['core_step_over_igraph_cpu']:.2f}x CPU)"
            )
        if "networkx_over_step_cpu" in rat:
            parts.append(
                f"networkx / step {rat['networkx_over_step_cpu']:.1f}x CPU "
                f"({rat['networkx_over_step_wall']:.1f}x wall)"
            )
        if parts:
            lines.append("\nRatios, same run: " + "; ".join(parts) + ".")
    lines.append(
        "\n~ = capped (CPU-time cap) and extrapolated by remaining work. "
        "direct igraph and networkx leave out stability runs, brokerage and key players; "
        "networkx uses Louvain (it has no Leiden).\n\nTargets (CPU seconds; wall time "
        "depends on other load on the machine):\n"
    )
    for target in report["targets"]:
        lines.append(f"- {target['name']}: {target['value']} -> **{target['status']}**")
    for note in report.get("notes", []):
        lines.append(f"- Note: {note}")
    quality = report.get("quality")
    if _ok(quality):
        lines.append(
            f"\nSampled vs exact on the largest component of the 10k graph "
            f"({quality['component_nodes']:,} nodes, {quality['samples']} pivots): "
            f"betweenness Spearman {quality['betweenness_spearman']:.3f}, top-50 overlap "
            f"{quality['betweenness_top50_overlap']:.2f}; harmonic Spearman "
            f"{quality['harmonic_spearman']:.3f}; exact {quality['exact_seconds']:.1f} s vs "
            f"sampled {quality['sampled_seconds']:.1f} s wall."
        )
    return "\n".join(lines)


def ratios(size: dict[str, Any]) -> dict[str, float]:
    """Whole step / direct igraph and networkx / whole step, CPU and wall, same run.

    The core-metrics ratio compares only the phases direct igraph also runs (no stability
    runs, brokerage or key players), i.e. like for like.
    """
    out: dict[str, float] = {}
    step, direct, nx_run = size.get("step"), size.get("igraph"), size.get("networkx")
    if not _ok(step):
        return out
    extra = ("stability runs", "brokerage/network stats", "key players")
    core_cpu = step["total_cpu_seconds"] - sum(step["cpu_seconds"].get(k, 0.0) for k in extra)
    if _ok(direct):
        out["step_over_igraph_cpu"] = step["total_cpu_seconds"] / direct["total_cpu_seconds"]
        out["step_over_igraph_wall"] = step["total_seconds"] / direct["total_seconds"]
        out["core_step_over_igraph_cpu"] = core_cpu / direct["total_cpu_seconds"]
    if _ok(nx_run):
        out["networkx_over_step_cpu"] = nx_run["total_cpu_seconds"] / step["total_cpu_seconds"]
        out["networkx_over_step_wall"] = nx_run["total_seconds"] / step["total_seconds"]
        out["networkx_over_core_step_cpu"] = nx_run["total_cpu_seconds"] / core_cpu
    return {k: round(v, 3) for k, v in out.items()}


def _status(flag: bool) -> str:
    return "met" if flag else "not met"


def targets(sizes: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Evaluate the issue's performance targets on what was measured."""
    out = []
    by_n = {s["nodes_requested"]: s for s in sizes}
    s100 = by_n.get(100_000)
    if s100 and _ok(s100.get("step")):
        step = s100["step"]["total_cpu_seconds"]
        wall = s100["step"]["total_seconds"]
        out.append(
            {
                "name": "100k whole step < 60 s",
                "value": f"{step:.1f} CPU s ({wall:.1f} s wall)",
                "status": _status(step < 60),
            }
        )
        if _ok(s100.get("igraph")):
            ratio = step / s100["igraph"]["total_cpu_seconds"]
            out.append(
                {
                    "name": "100k within 2x of direct igraph",
                    "value": f"{ratio:.2f}x",
                    "status": _status(ratio <= 2),
                }
            )
        if _ok(s100.get("networkx")):
            speed = s100["networkx"]["total_cpu_seconds"] / step
            out.append(
                {
                    "name": "100k >= 10x faster than networkx",
                    "value": f"{speed:.1f}x",
                    "status": _status(speed >= 10),
                }
            )
    s1m = by_n.get(1_000_000)
    if s1m and "step" in s1m:
        step = s1m["step"]
        if _ok(step):
            value = (
                f"{step['total_cpu_seconds']:.0f} CPU s ({step['total_seconds']:.0f} s wall), "
                f"peak {step['peak_rss_mib'] / 1024:.2f} GiB"
            )
            flag = step["peak_rss_mib"] < 16 * 1024
        else:
            value, flag = step["error"], False
        out.append(
            {
                "name": "1M completes with peak memory < 16 GiB",
                "value": value,
                "status": _status(flag),
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated node counts")
    parser.add_argument("--nx-cap", type=float, default=120.0, help="networkx cap per algorithm, s")
    parser.add_argument("--nx-max", type=int, default=100_000, help="largest size run in networkx")
    parser.add_argument("--no-igraph", action="store_true")
    parser.add_argument("--no-quality", action="store_true")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--keep-other-sizes",
        action="store_true",
        help="keep the sizes of the existing output that this run does not measure "
        "(each size's entry records its own time and machine load)",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    report: dict[str, Any] = {
        "machine": {
            "cpus": mp.cpu_count(),
            "python": sys.version.split()[0],
            "platform": platform.platform(),
        },
        "generator": "graph_bench.generate(seed=7)",
        "sizes": [],
    }
    if args.keep_other_sizes and args.output.exists():
        previous = json.loads(args.output.read_text())
        report["sizes"] = [e for e in previous["sizes"] if e["nodes_requested"] not in sizes]
        report["notes"] = previous.get("notes", [])  # hand-written remarks on kept sizes
        if args.no_quality and "quality" in previous:
            report["quality"] = previous["quality"]
    for n in sizes:
        shape = ensure_data(n)
        entry: dict[str, Any] = {
            "nodes_requested": n,
            **shape,
            "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "load_average": list(os_load()),
            "params": step_params().to_dict(),
        }
        print(f"[{n}] graph step ...", file=sys.stderr, flush=True)
        entry["step"] = in_child("child_step", n)
        if not args.no_igraph:
            print(f"[{n}] direct igraph ...", file=sys.stderr, flush=True)
            entry["igraph"] = in_child("child_igraph", n)
        if n <= args.nx_max:
            print(
                f"[{n}] networkx (cap {args.nx_cap:.0f} s per algorithm) ...",
                file=sys.stderr,
                flush=True,
            )
            entry["networkx"] = in_child("child_networkx", n, args.nx_cap)
        entry["load_average_end"] = list(os_load())
        entry["ratios"] = ratios(entry)
        report["sizes"].append(entry)
        report["sizes"].sort(key=lambda size: size["nodes_requested"])
        _write(args.output, report)
    if not args.no_quality:
        ensure_data(10_000)
        print("[10000] sampled vs exact betweenness ...", file=sys.stderr, flush=True)
        report["quality"] = in_child("child_quality", 10_000)
    report["targets"] = targets(report["sizes"])
    _write(args.output, report)
    print(markdown(report))
    return 0


def os_load() -> tuple[float, float, float]:
    import os

    return os.getloadavg()


def _write(path: Path, report: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    sys.exit(main())
