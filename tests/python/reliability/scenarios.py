"""The reliability labs: whole-pipeline scenarios on disposable warehouses.

Each function drives one lab from start to end and returns what it recorded;
nothing is asserted here beyond "the step ran" where a later step needs it.
``conftest.py`` builds them in background threads (``LabQueue``) while the rest of
the suite runs, and hands each to its tests as session fixtures.
Every lab is a whole-pipeline build because nothing cheaper proves the same (each
function says why).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
from hostile import write_hostile_extract
from lab import (
    PYTHON,
    REGISTRY_TABLES,
    SEEDS_AND_MODELS,
    Lab,
    Step,
    copy_project,
    read_snapshot,
    registry_of,
    snapshot_folder,
)
from overrides import choose_overrides

from cse_networks.chain import Step as ChainStep
from cse_networks.project import project_vars
from id_registry.measure import id_persistence

# The id lab cuts the world a year before its as-of date (docs block id_rules).
CUT_DAY = "2025-11-01"
FULL_DAY = "2026-11-01"


def _publish_snapshot(lab: Lab, name: str, also: list[str] | None = None) -> Step:
    """The step that snapshots the marts readers see now, the publish log and the live
    id registry (``registry_of``; ``also``: more ``schema.table`` names, in the same
    step)."""
    tables = ["audit.publish_log", *(f"registry.{t}" for t in REGISTRY_TABLES), *(also or [])]
    return Step.snapshot("marts", snapshot_folder(lab.root, name), also=tables)


def _published(lab: Lab, name: str) -> tuple[dict[str, pd.DataFrame], int]:
    """The marts of the snapshot ``name`` (``_publish_snapshot``), and how many
    publishes the audit log held then."""
    out = snapshot_folder(lab.root, name)
    assert (out / "_counts.json").exists(), f"snapshot {name} failed (see {lab.root})"
    log = out / "_also" / "audit.publish_log.parquet"
    return read_snapshot(out), len(pd.read_parquet(log)) if log.exists() else 0


# What the hostile tests read besides the marts, taken in the first publish's snapshot.
HOSTILE_READS = {
    "intermediate": [
        "int_quarantined_rows_unioned",
        "int_intel_exclusions_counted",
        "int_intel_reports_graded",
        "int_analyst_overrides_audited",
        "int_person_records_resolved",
        "int_links_credible_intel",
    ],
    "staging": ["stg_person_records__nominals", "stg_crimes__crimes"],
}


def ids_then_hostile_then_reruns(root: Path, tiny_data: Path) -> dict:
    """Two scheduled runs of one warehouse, the second on a hostile extract; then an
    operator's reruns on it.

    Returns ``{"two_runs": ..., "hostile": ..., "reruns": ...}``: the ``two_runs``,
    ``hostile`` and ``rerun_scenario`` fixtures. One lab, because one whole build
    serves all three (they were two labs with four whole builds between them, most of
    the suite's CPU; this is three):

    1. **Run 1**: the tiny world cut a year before its as-of date
       (``python -m cse_synth.cut``), seeds and models, published.
    2. **Run 2, the hostile build**: the whole world plus every row-level breach
       (``hostile.write_hostile_extract``), loaded and built by ``dbt build`` with its
       data tests, from a project copy whose analyst feedback seeds name real records
       (``overrides.py``), published on run 1's registry (the volume guard, which the
       extract's two emptied tables rightly trip, acknowledged). The id tests measure
       run 1 against run 2 (the hostile rows are people run 1 never saw: new ids); the
       hostile tests read run 2. Whole, because nothing cheaper proves the same:
       ids persist through the live registry a real publish advances, only a second
       run on more data can merge, split, grow and number on, and quarantine,
       grading, overrides, the data tests and the marts must agree end to end on one
       hostile input.
    3. **Reruns.** Graph-step fault -> dbt retry -> run killed mid-marts -> the
       regular feed (tiny) cut short, refused by its own control totals, then sent
       without them and stopped by the volume guard -> the same run acknowledged.
       Against a real publish, because publishing is an on-run-end hook over the
       run's real results, and a fault, a retry and a kill only mean something
       against marts a real run published. The metastore syncs its log at every
       commit, as in production (a crash test).
    """
    overrides = choose_overrides(tiny_data / "raw", tiny_data / "truth")
    lab = Lab(
        root,
        project=copy_project(root / "project", overrides.seeds),
        # Every step runs as of the full extract's day unless it says otherwise (run 1
        # at the cut): a caller's own CSE_AS_OF_DATE must not change what the lab
        # compares (recency and prior-window counts move with the as-of date).
        env_overrides={"CSE_DERBY_NO_SYNC": "0", "CSE_AS_OF_DATE": FULL_DAY},
    )
    cut = root / "cut"
    made = lab.run(
        [
            PYTHON,
            "-m",
            "cse_synth.cut",
            "--data",
            str(tiny_data),
            "--at",
            CUT_DAY,
            "--out",
            str(cut),
        ],
        "cut",
    )
    assert made.returncode == 0, f"cut failed; see {root}/cut.out"
    counts = write_hostile_extract(tiny_data / "raw", lab.root / "hostile-raw")
    # The regular feed (tiny) cut short, twice: with the generator's control totals
    # (the loader itself refuses the cut file) and without them (the load passes and
    # the volume guard must stop the publish).
    truncated = {}
    for name, manifest in (("truncated-manifest-raw", True), ("truncated-raw", False)):
        truncated[name] = lab.root / name
        shutil.copytree(tiny_data / "raw", truncated[name])
        crimes = truncated[name] / "crimes.parquet"
        frame = pd.read_parquet(crimes)
        frame.head(len(frame) // 10).to_parquet(crimes, index=False)
        if not manifest:
            (truncated[name] / "_manifest.json").unlink()
    s: dict = {"root": root}
    # One process and Spark session (Lab.steps) for both runs, as two scheduled runs of
    # one warehouse (load, build, snapshot with the registry and, for run 2, everything
    # the hostile tests read), then the operator's fault and retry.
    reads = [f"{schema}.{t}" for schema, tables in HOSTILE_READS.items() for t in tables]
    members = "registry.registry_network_members"
    chain = lab.steps(
        [
            Step.load(cut / "raw", "load-run-1"),
            # run 1 also loads the seeds (seeds and models in one invocation)
            Step.dbt(*SEEDS_AND_MODELS, name="build-run-1", CSE_AS_OF_DATE=CUT_DAY),
            _publish_snapshot(lab, "run-1", also=[members]),
            Step.load(lab.root / "hostile-raw", "load"),
            # The data tests run on the hostile input; the unit tests do not read it
            # (their fixtures are in the YAML), and the test command's own build runs
            # them. The extract empties two tables on purpose, so the volume guard
            # stops its publish as it should (run 1's volumes against these); the
            # operator acknowledges it, as the guard's message says to (the guard's
            # own refusal is the reruns' test, below).
            Step.dbt(
                "build",
                "--exclude-resource-type",
                "unit_test",
                "--vars",
                "{volume_guard_acknowledged: true}",
                name="build-1",
            ),
            _publish_snapshot(lab, "run-2", also=[members, *reads]),
            # The graph step and every mart (what an operator reruns after new links):
            # the marts not downstream of the graph step build; the graph step fails.
            # Then `dbt retry`, as an operator runs it after the fault.
            Step.dbt(
                "run",
                "--select",
                "tag:graph+",
                "tag:marts",
                name="build-fault",
                CSE_FAULT_INJECT="graph_step",
            ),
            _publish_snapshot(lab, "after-fault"),
            Step.dbt("retry", name="retry"),
            _publish_snapshot(lab, "after-retry"),
        ],
        "chain-runs",
    )
    try:
        two: dict | AssertionError = _two_runs(root, chain)
    except AssertionError as failed:  # raised by the two_runs fixture; the others go on
        two = failed
    s["load"], s["build"] = chain["load"], chain["build-1"]
    assert s["load"].returncode == 0, f"hostile load failed; see {lab.root}/load.out"
    # publishes before the hostile build's: run 1's
    s["publishes_before"] = _published(lab, "run-1")[1]
    # the snapshot of the hostile build's publish: where the reruns start from
    s["snapshot_1"] = "run-2"
    s["marts_1"], s["publishes_1"] = _published(lab, s["snapshot_1"])
    out = snapshot_folder(lab.root, s["snapshot_1"]) / "_also"
    inter, staging = (
        {t: pd.read_parquet(out / f"{schema}.{t}.parquet") for t in HOSTILE_READS[schema]}
        for schema in ("intermediate", "staging")
    )
    hostile = {
        "lab": lab,
        "overrides": overrides,
        "counts": counts,
        "build": s["build"],
        "inter": inter,
        "staging": staging,
        "marts": s["marts_1"],
    }
    s["fault"], s["retry"] = chain["build-fault"], chain["retry"]
    s["fault_results"] = lab.run_results("build-fault")
    s["retry_results"] = lab.run_results("retry")
    s["marts_after_fault"], s["publishes_after_fault"] = _published(lab, "after-fault")
    s["marts_after_retry"], s["publishes_after_retry"] = _published(lab, "after-retry")
    # A crash: its own process, SIGKILLed with its JVM mid-marts.
    s["killed"] = lab.dbt_killed_when(
        "run",
        "--select",
        "tag:marts",
        marker="START sql table model marts_build.",
        name="build-killed",
    )
    guard = lab.steps(
        [
            _publish_snapshot(lab, "after-kill"),
            Step.load(truncated["truncated-manifest-raw"], "load-truncated-manifest"),
            Step.load(truncated["truncated-raw"], "load-truncated"),
            Step.dbt("run", "--select", "tag:marts", name="build-guard"),
            _publish_snapshot(lab, "after-guard"),
            # version schemas a publish stopped mid-way left (version_schemas.py): the
            # next publish drops the old one, keeps the one that could be in flight
            ChainStep("plant-versions", "version_schemas", ["--plant"]),
            Step.dbt(
                "run",
                "--select",
                "tag:marts",
                "--vars",
                "{volume_guard_acknowledged: true}",
                name="build-guard-acknowledged",
            ),
            ChainStep(
                "list-versions", "version_schemas", ["--list", str(lab.root / "versions.json")]
            ),
        ],
        "chain-guard",
    )
    s["marts_after_kill"], s["publishes_after_kill"] = _published(lab, "after-kill")
    s["load_truncated_manifest"] = guard["load-truncated-manifest"]
    s["load_truncated"] = guard["load-truncated"]
    s["guarded"] = guard["build-guard"]
    s["marts_after_guard"], s["publishes_after_guard"] = _published(lab, "after-guard")
    s["acknowledged"] = guard["build-guard-acknowledged"]
    s["planted_versions"] = guard["plant-versions"]
    listed = lab.root / "versions.json"
    s["versions_after"] = json.loads(listed.read_text()) if listed.exists() else None
    return {"two_runs": two, "hostile": hostile, "reruns": s}


def _two_runs(root: Path, done: dict) -> dict:
    """The ``two_runs`` fixture from the chain's outcomes (``ids_then_hostile_then_reruns``):
    each run's marts and live registry as published, and the id persistence measured
    between them."""
    out: dict = {"root": root}
    # each run's (load step, build step) in the chain
    for run, load, build in (("run-1", "load-run-1", "build-run-1"), ("run-2", "load", "build-1")):
        assert done[load].returncode == 0, f"load of {run} failed; see {root}/{load}.out"
        built = done[build]
        assert built.returncode == 0, f"{run} failed; see {root}/{build}.out"
        assert "publish: published" in built.output
        snap = snapshot_folder(root, run)
        assert (snap / "_counts.json").exists(), f"snapshot {run} failed; see {root}"
        out[run] = read_snapshot(snap)
        out[f"{run}-registry"] = {
            **registry_of(root, run),
            "registry_network_members": pd.read_parquet(
                snap / "_also" / "registry.registry_network_members.parquet"
            ),
        }
    r1, r2 = out["run-1-registry"], out["run-2-registry"]
    out["measures"] = id_persistence(
        r1["registry_person_ids"],
        r2["registry_person_ids"],
        r1["registry_network_members"],
        r2["registry_network_members"],
        out["run-2"]["fct_network_changes"],
        min_jaccard=float(project_vars()["network_id_min_jaccard"]),
    )
    return out
