"""Shared fixtures of the reliability tests: the tiny data set and the two labs.

The labs are session fixtures so that every test requesting one (the privacy
scan requests both) gets it built on demand, whatever order the tests run in.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hostile import write_hostile_extract
from lab import REGISTRY_TABLES, Lab, copy_project, read_snapshot
from overrides import choose_overrides

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def tiny_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny data set (raw/ and truth/): the test command's, or generated here."""
    if os.environ.get("CSE_TINY_DATA"):
        return Path(os.environ["CSE_TINY_DATA"])
    out = tmp_path_factory.mktemp("tiny-data")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "cse_synth.generate",
            "--scale",
            "tiny",
            "--seed",
            "42",
            "--out",
            str(out),
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    return out


def _published(lab: Lab, name: str) -> tuple[dict[str, pd.DataFrame], int]:
    """The marts readers see now, and how many publishes the audit log holds (the live
    id registry is kept beside them: ``registry_of``)."""
    also = ["audit.publish_log", *(f"registry.{t}" for t in REGISTRY_TABLES)]
    out = lab.snapshot("marts", name, also=also)
    log = out / "_also" / "audit.publish_log.parquet"
    return read_snapshot(out), len(pd.read_parquet(log)) if log.exists() else 0


@pytest.fixture(scope="session")
def rerun_scenario(tmp_path_factory: pytest.TempPathFactory, tiny_data: Path) -> dict:
    """An operator's sequence on one warehouse, run once in this order, outcomes recorded.

    full run -> graph-step fault -> dbt retry -> run killed mid-marts -> truncated
    extract stopped by the volume guard -> the same run acknowledged. Nothing is
    asserted here: each test of test_reruns_and_faults.py asserts its own step.
    """
    lab = Lab(tmp_path_factory.mktemp("rerun-lab"))
    s: dict = {"root": lab.root}
    s["load"] = lab.load(tiny_data / "raw")
    s["seed"] = lab.dbt("seed", name="seed")
    s["build"] = lab.dbt("run", name="build-1")
    s["marts_1"], s["publishes_1"] = _published(lab, "run-1")
    # The graph step and every mart (what an operator reruns after new links):
    # the marts not downstream of the graph step build; the graph step fails.
    s["fault"] = lab.dbt(
        "run",
        "--select",
        "tag:graph+",
        "tag:marts",
        name="build-fault",
        CSE_FAULT_INJECT="graph_step",
    )
    s["fault_results"] = lab.run_results()
    s["marts_after_fault"], s["publishes_after_fault"] = _published(lab, "after-fault")
    s["retry"] = lab.dbt("retry", name="retry")
    s["retry_results"] = lab.run_results()
    s["marts_after_retry"], s["publishes_after_retry"] = _published(lab, "after-retry")
    s["killed"] = lab.dbt_killed_when(
        "run",
        "--select",
        "tag:marts",
        marker="START sql table model marts_build.",
        name="build-killed",
    )
    s["marts_after_kill"], s["publishes_after_kill"] = _published(lab, "after-kill")
    truncated = lab.root / "truncated-raw"
    shutil.copytree(tiny_data / "raw", truncated)
    crimes = truncated / "crimes.parquet"
    frame = pd.read_parquet(crimes)
    frame.head(len(frame) // 10).to_parquet(crimes, index=False)
    # With the generator's control totals the loader itself refuses the cut file;
    # sent without them, the load passes and the volume guard must stop the publish.
    s["load_truncated_manifest"] = lab.load(truncated, name="load-truncated-manifest")
    (truncated / "_manifest.json").unlink()
    s["load_truncated"] = lab.load(truncated, name="load-truncated")
    s["guarded"] = lab.dbt("run", "--select", "tag:marts", name="build-guard")
    s["marts_after_guard"], s["publishes_after_guard"] = _published(lab, "after-guard")
    s["acknowledged"] = lab.dbt(
        "run",
        "--select",
        "tag:marts",
        "--vars",
        "{volume_guard_acknowledged: true}",
        name="build-guard-acknowledged",
    )
    return s


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory, tiny_data: Path) -> dict:
    """The hostile extract, built once from a project copy whose override seeds name real records.

    A whole-pipeline build, because nothing cheaper proves the same: quarantine,
    grading, overrides and the marts must agree end to end on one hostile input.
    """
    root = tmp_path_factory.mktemp("hostile-lab")
    overrides = choose_overrides(tiny_data / "raw", tiny_data / "truth")
    lab = Lab(root, project=copy_project(root / "project", overrides.seeds))
    counts = write_hostile_extract(tiny_data / "raw", lab.root / "hostile-raw")
    load = lab.load(lab.root / "hostile-raw")
    assert load.returncode == 0, f"hostile load failed; see {lab.root}/load.out"
    build = lab.dbt("build", name="build")
    others = {
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
    # One Spark start-up for everything the tests read.
    out = lab.snapshot(
        "marts", "marts", also=[f"{schema}.{t}" for schema, ts in others.items() for t in ts]
    )
    marts = read_snapshot(out)
    inter, staging = (
        {t: pd.read_parquet(out / "_also" / f"{schema}.{t}.parquet") for t in others[schema]}
        for schema in ("intermediate", "staging")
    )
    return {
        "lab": lab,
        "overrides": overrides,
        "counts": counts,
        "build": build,
        "inter": inter,
        "staging": staging,
        "marts": marts,
    }
