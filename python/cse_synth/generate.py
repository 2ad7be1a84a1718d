"""Generate synthetic raw source data with planted ground truth.

Usage::

    python -m cse_synth.generate --scale {tiny,default,large} --seed 42 [--profile NAME] [--out DIR]

Writes ``DIR/raw/<table>.parquet`` (``DIR/raw/<table>/part-NNNNN.parquet`` when the
scale has several blocks), ``DIR/truth/<name>.parquet`` (same layout) and
``DIR/manifest.json`` (what was generated), and the extract's control totals
``DIR/raw/_manifest.json`` (rows and SHA-256 per file, see ``cse_contract.manifest``),
which the loader checks. ``DIR`` defaults to ``$CSE_DATA_DIR/<scale>``.

A scale is a number of *blocks*: self-contained districts, each generated from
``numpy.random.default_rng([seed, block])`` and written as its own part, so
memory is bounded by one block and output is byte-identical for a seed.

``--profile`` chooses the world (``cse_synth.profiles``): ``default`` (the world the
pipeline is tuned on; the default) or ``alt`` (an independent world with other shapes,
sizes, offence mix and traps, for honest measurement; its blocks draw from
``default_rng([seed, block, *stream])``). The scale names mean the same sizes of district
in both, with each profile's own population mix.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from cse_contract import ContractError, arrow_schema, load_contract, write_manifest
from cse_synth.background import BackgroundPlan, add_background
from cse_synth.defects import DEFECT_RATES, inject_defects
from cse_synth.general_groups import add_general_groups
from cse_synth.networks import plant_networks
from cse_synth.people import MAX_BLOCKS, add_homes
from cse_synth.placeholders import add_placeholders
from cse_synth.profiles import PROFILES, Profile, profile
from cse_synth.records import build_tables
from cse_synth.traps import add_traps
from cse_synth.truth import TRUTH_SCHEMAS, build_truth, unflagged_cse
from cse_synth.world import World
from cse_synth.writer import to_arrow, write_parquet

__all__ = ["GENERATOR_VERSION", "PROFILE_SCALES", "SCALES", "Scale", "generate", "main"]

GENERATOR_VERSION = "1.0.0"
AS_OF_DATE = "2026-11-01"


@dataclass(frozen=True)
class Scale:
    """A scale: how many blocks, the background per block, and network plan repetitions."""

    blocks: int
    background: BackgroundPlan
    network_reps: int


_DEFAULT_BLOCK = BackgroundPlan(
    n_offenders=8000, n_victims=13000, n_others=6500, n_crimes=48000, n_intel=16000
)
SCALES: dict[str, Scale] = {
    "tiny": Scale(1, BackgroundPlan(110, 140, 70, 520, 150), 1),
    "default": Scale(1, _DEFAULT_BLOCK, 3),
    "large": Scale(21, _DEFAULT_BLOCK, 3),
}
# The alt world's district: more offenders and crime, fewer victims and bystanders.
_ALT_BLOCK = BackgroundPlan(
    n_offenders=9500, n_victims=10500, n_others=5000, n_crimes=60000, n_intel=12000
)
PROFILE_SCALES: dict[str, dict[str, Scale]] = {
    "default": SCALES,
    "alt": {
        "tiny": Scale(1, BackgroundPlan(140, 120, 50, 700, 120), 1),
        "default": Scale(1, _ALT_BLOCK, 3),
        "large": Scale(21, _ALT_BLOCK, 3),
    },
}


def _block(
    seed: int, block: int, scale: Scale, world_profile: Profile
) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    world = World(
        block=block,
        rng=np.random.default_rng(world_profile.seed_of(seed, block)),
        profile=world_profile,
    )
    pools = add_background(world, scale.background, seed)
    pools["ocg_ids"] = np.sort(world.frame("ocg")["ocg_id"].unique())
    planted = plant_networks(world, scale.network_reps, pools)
    add_traps(world, scale.network_reps, pools, planted)
    add_homes(world, shared_kinds=("BACKGROUND_OFFENDER", "BACKGROUND_VICTIM", "BACKGROUND_OTHER"))
    # after the homes: a placeholder record has no address
    add_placeholders(world, seed)
    add_general_groups(world, seed)
    tables, records, ids = build_tables(world)
    unflagged = unflagged_cse(world, ids["crime_id"])
    contract = load_contract()
    # one row per primary key before defects: duplicates only come from defects
    for name, frame in tables.items():
        tables[name] = frame.drop_duplicates(list(contract[name].primary_key), keep="first")
    tables, defects = inject_defects(world.rng, tables)
    for name, frame in tables.items():
        tables[name] = frame.sort_values(list(contract[name].primary_key), kind="stable")
    truth = build_truth(world, planted, records, ids["crime_id"], defects, unflagged)
    return tables, truth


def generate(scale_name: str, seed: int, out: Path, profile_name: str = "default") -> dict:
    """Generate one data set into ``out`` (replacing it) and return the manifest."""
    world_profile = profile(profile_name)
    scale = PROFILE_SCALES[profile_name][scale_name]
    if scale.blocks > MAX_BLOCKS:
        raise ValueError(f"at most {MAX_BLOCKS} blocks keep ids and home addresses distinct")
    if out.exists():
        shutil.rmtree(out)
    counts: dict[str, int] = {}
    files: dict[str, list[tuple[str, int]]] = {}
    truth_counts: dict[str, int] = {}
    defect_counts: dict[str, dict[str, int]] = {}
    parts = scale.blocks > 1
    for block in range(scale.blocks):
        tables, truth = _block(seed, block, scale, world_profile)
        for name, frame in tables.items():
            relative = f"{name}/part-{block:05d}.parquet" if parts else f"{name}.parquet"
            write_parquet(to_arrow(frame, arrow_schema(name)), out / "raw" / relative)
            counts[name] = counts.get(name, 0) + len(frame)
            files.setdefault(name, []).append((relative, len(frame)))
        for name, frame in truth.items():
            path = (
                out / "truth" / (f"{name}/part-{block:05d}.parquet" if parts else f"{name}.parquet")
            )
            write_parquet(to_arrow(frame, TRUTH_SCHEMAS[name]), path)
            truth_counts[name] = truth_counts.get(name, 0) + len(frame)
        d = truth["defects"].groupby(["table_name", "defect_class"]).size()
        for (t, c), k in d.items():
            defect_counts.setdefault(t, {})
            defect_counts[t][c] = defect_counts[t].get(c, 0) + int(k)
        del tables, truth
    # the extract's control totals, as a source system sends them (extracted as of the as-of date)
    write_manifest(
        out / "raw",
        {name: files[name] for name in load_contract()},
        extracted_at=f"{AS_OF_DATE}T00:00:00Z",
    )
    manifest = {
        "generator": "cse_synth",
        "generator_version": GENERATOR_VERSION,
        "scale": scale_name,
        "profile": profile_name,
        "seed": seed,
        "as_of_date": AS_OF_DATE,
        "time_range": ["2018-01-01T00:00:00", "2026-10-31T23:59:59"],
        "blocks": scale.blocks,
        "layout": "parts" if parts else "files",
        "scale_plan": asdict(scale),
        "row_counts": {k: counts[k] for k in load_contract()},
        "truth_row_counts": dict(sorted(truth_counts.items())),
        "defect_rates": DEFECT_RATES,
        "planted_defect_counts": {
            t: dict(sorted(v.items())) for t, v in sorted(defect_counts.items())
        },
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def _default_out(scale: str) -> Path | None:
    """``$CSE_DATA_DIR/<scale>``, or None when the variable is unset. The generator knows
    the raw contract and nothing of the pipeline: where the pipeline keeps its local
    data is the environment's to say (scripts/env.sh; ``cse_networks.paths.data_dir``
    reads the same variable)."""
    folder = os.environ.get("CSE_DATA_DIR")
    return Path(folder) / scale if folder else None


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m cse_synth.generate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--scale", choices=sorted(SCALES), default="tiny")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        default="default",
        help="world profile: default (tuning world) or alt (independent world, see profiles.py)",
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="output folder (default $CSE_DATA_DIR/<scale>)"
    )
    args = parser.parse_args(argv)
    out = args.out or _default_out(args.scale)
    if out is None:
        print(
            "cse_synth: no output folder: pass --out, or set CSE_DATA_DIR "
            "(scripts/env.sh sets it to the repository's .local/data)",
            file=sys.stderr,
        )
        return 2
    out = out.resolve()
    started = time.perf_counter()
    try:
        manifest = generate(args.scale, args.seed, out, args.profile)
    except ContractError as exc:
        print(f"cse_synth: stopped, nothing generated: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    rows = ", ".join(f"{k}={v}" for k, v in manifest["row_counts"].items())
    where = f"{args.scale} profile={args.profile} seed={args.seed} -> {out}"
    print(f"cse_synth: {where} in {elapsed:.1f}s ({rows})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
