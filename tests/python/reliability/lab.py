"""A disposable warehouse driven like an operator would: load, dbt build, retry, snapshot.

Every command runs in a subprocess (one Derby metastore per JVM), with output
captured to files under the lab folder, never printed.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pandas as pd

from cse_networks.chain import Step as ChainStep

REPO = Path(__file__).resolve().parents[3]
PYTHON = sys.executable


@dataclass
class Outcome:
    """What a command returned; ``output`` is kept for assertions, not printed."""

    returncode: int
    output: str


@dataclass
class Lab:
    """One isolated warehouse, dbt target and log folder."""

    root: Path
    env_overrides: dict[str, str] = field(default_factory=dict)
    project: Path = REPO  # the dbt project dbt runs in (a copy, to vary the seeds)

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse"

    @property
    def target(self) -> Path:
        return self.root / "target"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("CSE_FAULT_INJECT",)}
        env.update(
            {
                "DBT_PROFILES_DIR": str(REPO),
                "CSE_TARGET": "local",
                "CSE_WAREHOUSE_DIR": str(self.warehouse),
                "DBT_TARGET_PATH": str(self.target),
                "DBT_LOG_PATH": str(self.logs),
                "CSE_SCHEMA_PREFIX": "",
                # tiny data needs little heap; a lab's JVM shares the machine with the
                # rest of the suite (labs build in the background)
                "CSE_SPARK_DRIVER_MEMORY": "2g",
                "PATH": f"{Path(PYTHON).parent}:{os.environ.get('PATH', '')}",
            }
        )
        env.update(self.env_overrides)
        env.update(extra)
        return env

    # Commands running now, in any lab (labs build in a background thread): the
    # session's end kills what is left, so an interrupted suite leaves no dbt behind.
    _running: ClassVar[set[subprocess.Popen]] = set()
    _stopped: ClassVar[list[bool]] = []

    @classmethod
    def kill_running(cls) -> None:
        """SIGKILL every lab command still running, with its Spark JVM (own process
        group), and start no new one."""
        cls._stopped.append(True)
        for proc in list(cls._running):
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)

    def _start(self) -> None:
        if self._stopped:
            raise RuntimeError("the test session has ended: no new lab command")
        self.root.mkdir(parents=True, exist_ok=True)

    def run(self, args: list[str], name: str, **extra: str) -> Outcome:
        self._start()
        proc = subprocess.Popen(
            args,
            cwd=self.project,
            env=self.env(**extra),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group: kill_running reaches the JVM
        )
        self._running.add(proc)
        try:
            stdout, stderr = proc.communicate()
        finally:
            self._running.discard(proc)
        output = stdout + stderr
        (self.root / f"{name}.out").write_text(output)
        return Outcome(proc.returncode, output)

    def dbt_killed_when(
        self, *args: str, marker: str, name: str, timeout: float = 900.0
    ) -> Outcome:
        """Start dbt, and SIGKILL it and its Spark JVM once ``marker`` shows in its log.

        Simulates a crash (killed driver, lost node): no on-run-end hook runs.
        Returns code -9 when killed; the real code if dbt ended first.
        """
        self._start()
        out_path = self.root / f"{name}.out"
        log = self.logs / "dbt.log"  # shared with earlier runs: read only what this one adds
        log_start = log.stat().st_size if log.exists() else 0
        # The killed JVM cannot remove its temporary folders (spark-*, blockmgr-*, native
        # libraries): its java.io.tmpdir is in the lab's folder, not the machine's /tmp.
        jvm_tmp = self.root / f"{name}.jvm-tmp"
        jvm_tmp.mkdir(exist_ok=True)
        flags = os.environ.get("CSE_SPARK_DRIVER_JAVA_OPTIONS", "")
        with out_path.open("w") as out:
            proc = subprocess.Popen(
                [str(Path(PYTHON).parent / "dbt"), *args],
                cwd=self.project,
                env=self.env(
                    PYTHONUNBUFFERED="1",
                    CSE_SPARK_DRIVER_JAVA_OPTIONS=f"{flags} -Djava.io.tmpdir={jvm_tmp}".strip(),
                ),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: the JVM dies with it
            )
            self._running.add(proc)
            deadline = time.monotonic() + timeout
            while proc.poll() is None and time.monotonic() < deadline:
                seen = out_path.read_text(errors="ignore")
                if log.exists():
                    with log.open("rb") as handle:
                        handle.seek(log_start)
                        seen += handle.read().decode(errors="ignore")
                if marker in seen:
                    os.killpg(proc.pid, signal.SIGKILL)
                    break
                time.sleep(0.5)
            else:
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            self._running.discard(proc)
        return Outcome(proc.returncode, out_path.read_text(errors="ignore"))

    def steps(self, steps: list[ChainStep], name: str) -> dict[str, Outcome]:
        """Run ``steps`` in order in one process and one Spark session (``lab_steps.py``):
        one JVM start and one import of dbt and pyspark for the chain, not one per
        command. Returns each step's outcome by its name; every step runs whatever the
        one before returned, as the commands one after another would."""
        self._start()
        spec = self.root / f"{name}.steps.json"
        spec.write_text(json.dumps([s.as_json() for s in steps], indent=2))
        codes_file = spec.with_suffix(".codes.json")
        codes_file.unlink(missing_ok=True)
        chain = self.run([PYTHON, str(Path(__file__).with_name("lab_steps.py")), str(spec)], name)
        codes = json.loads(codes_file.read_text()) if codes_file.exists() else {}
        out = {}
        for step in steps:
            path = self.root / f"{step.name}.out"
            text = path.read_text(errors="ignore") if path.exists() else ""
            # a step the chain never reached (the process died) fails with its output
            code = codes.get(step.name, chain.returncode or 1)
            out[step.name] = Outcome(code, text if step.name in codes else chain.output)
        return out

    def run_results(self, step: str) -> dict[str, dict]:
        """Node results by name of the dbt ``step`` of a chain (``Lab.steps`` keeps each
        dbt step's copy: the next dbt step overwrites the target's own)."""
        results = json.loads((self.root / f"{step}.run_results.json").read_text())["results"]
        return {r["unique_id"].split(".")[2]: r for r in results}


class Step:
    """The lab's three kinds of chain step (``cse_networks.chain.Step``, run by
    ``Lab.steps``): a load, a dbt command and a snapshot."""

    @staticmethod
    def load(data: Path, name: str) -> ChainStep:
        return ChainStep(name, "cse_ingest.load", ["--data", str(data)])

    @staticmethod
    def dbt(*args: str, name: str, **env: str) -> ChainStep:
        return ChainStep(name, "dbt", list(args), env)

    @staticmethod
    def snapshot(schema: str, out: Path, also: list[str] | None = None) -> ChainStep:
        args = ["--schema", schema, "--out", str(out)]
        for qualified in also or []:
            args += ["--also", qualified]
        return ChainStep(f"snapshot-{out.name}", "cse_networks.snapshot", args)


# `dbt build` of the seeds and models only: what `dbt seed` then `dbt run` do, in one
# dbt and Spark start-up. It publishes under the same rules as `dbt run`.
SEEDS_AND_MODELS = ("build", "--resource-type", "seed", "--resource-type", "model")


# What a copy of the dbt project needs (Python packages stay importable from the repo).
PROJECT_PARTS = [
    "dbt_project.yml",
    ".dbtignore",
    "contract",
    "docs",
    "models",
    "macros",
    "seeds",
    "tests",
    "analyses",
]


def copy_project(out: Path, seeds: dict[str, pd.DataFrame] | None = None) -> Path:
    """A copy of the dbt project in ``out``, with seed CSVs replaced by ``seeds``
    (``{"overrides/link_exclusions": frame, ...}``, paths under ``seeds/``)."""
    out.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, out / part, ignore=shutil.ignore_patterns("python"))
        else:
            shutil.copy2(source, out / part)
    for name, frame in (seeds or {}).items():
        frame.to_csv(out / "seeds" / f"{name}.csv", index=False)
    return out


# The live id registry's tables a snapshot keeps beside the marts (docs block id_rules).
REGISTRY_TABLES = ["registry_person_ids", "registry_person_records", "registry_network_ids"]


def snapshot_folder(root: Path, name: str) -> Path:
    """Where a lab rooted at ``root`` keeps its snapshot ``name`` (its ``also`` tables
    in the ``_also`` folder inside)."""
    return root / "snapshots" / name


def registry_of(root: Path, name: str) -> dict[str, pd.DataFrame]:
    """The live id registry as the snapshot ``name`` (taken with the registry tables
    in ``also``) saw it."""
    folder = snapshot_folder(root, name) / "_also"
    return {t: pd.read_parquet(folder / f"registry.{t}.parquet") for t in REGISTRY_TABLES}


def read_snapshot(folder: Path) -> dict[str, pd.DataFrame]:
    """Every table of a snapshot folder."""
    return {p.stem: pd.read_parquet(p) for p in sorted(folder.glob("*.parquet"))}


# Columns that record *when* or *which invocation*, not *what*: excluded from
# row-for-row comparisons of two runs.
VOLATILE_COLUMNS = {
    "run_id",
    "invocation_id",
    "run_started_at",
    "built_at",
    "generated_at",
    "published_at",
    "git_commit",
}
# rpt_run_audit describes the invocation; the id-lineage marts record that another
# run happened (a rerun is CONTINUING with a previous rank, and history gains a run):
# the rerun scenario asserts what they must say instead.
VOLATILE_TABLES = {
    "rpt_run_audit",
    "fct_network_changes",
    "fct_network_history",
    "fct_person_history",
}


def comparable(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Drop volatile tables and columns, then re-sort rows canonically."""
    from cse_networks.snapshot import canonical

    out = {}
    for name, frame in frames.items():
        if name in VOLATILE_TABLES:
            continue
        keep = [c for c in frame.columns if c not in VOLATILE_COLUMNS]
        out[name] = canonical(frame[keep])
    return out


# Two first builds of the same inputs and vars (the local tiny build and the
# mini-cluster's, each in a fresh warehouse) must agree on every table, history
# and audit included, except in the columns that name the build itself or the
# moment it ran: its invocation id, its wall-clock times, the load it read and
# the target it ran on. Those are compared by their pattern, not their value
# (value_pattern): which rows share a value and which have none must agree.
BUILD_IDENTITY_COLUMNS = (VOLATILE_COLUMNS - {"git_commit"}) | {
    "load_id",  # the loader's id of the load the build read (one per load)
    "loaded_at",  # when that load ran
    "target_name",  # local or standalone
}


def value_pattern(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``frame`` with each of ``columns`` replaced by the order in which its values
    first appear (``#0``, ``#1``, ...; nulls stay null), rows read in the canonical
    order of the other columns: which rows share a value, and which have none, is
    kept; the value itself (a run id, a time) is not."""
    from cse_networks.snapshot import canonical_order

    if not columns or frame.empty:
        return frame
    order = canonical_order(frame[[c for c in frame.columns if c not in columns]])
    out = frame.copy()
    for col in columns:
        values = frame[col].loc[order]
        codes: dict = {}
        for value in values:
            if not pd.isna(value) and value not in codes:
                codes[value] = f"#{len(codes)}"
        out[col] = frame[col].map(lambda v, codes=codes: None if pd.isna(v) else codes[v])
    return out


def comparable_builds(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every table, the build-identity columns as their pattern, rows re-sorted canonically."""
    from cse_networks.snapshot import canonical

    out = {}
    for name, frame in frames.items():
        identity = [c for c in frame.columns if c in BUILD_IDENTITY_COLUMNS]
        out[name] = canonical(value_pattern(frame, identity))
    return out


def row_key(frame: pd.DataFrame) -> list[str]:
    """The shortest run of leading ``*_id`` columns that identifies a row (or all columns)."""
    ids = [c for c in frame.columns if c.endswith("_id") and c not in VOLATILE_COLUMNS]
    for end in range(1, len(ids) + 1):
        if not frame.duplicated(ids[:end]).any():
            return ids[:end]
    return list(frame.columns)


def differences(
    left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame], *, same_inputs: bool = False
) -> list[str]:
    """What differs between two snapshots, table by table, rows aligned on their key.

    Aligning on the key (not on a sort of every column) names the column that moved:
    a last-bit change in one float otherwise reorders the rows and looks like every
    column of those rows changed. Returns aggregate lines only (no values: privacy).
    By default a rerun's rules (``comparable``); ``same_inputs``: two first builds
    of the same inputs (``comparable_builds``).
    """
    prepare = comparable_builds if same_inputs else comparable
    a, b = prepare(left), prepare(right)
    lines = [f"table only in one run: {name}" for name in sorted(set(a) ^ set(b))]
    for name in sorted(set(a) & set(b)):
        fa, fb = a[name], b[name]
        if list(fa.columns) != list(fb.columns):
            lines.append(f"{name}: columns differ")
            continue
        key = row_key(fa)
        ka = fa.set_index(key).sort_index() if key != list(fa.columns) else fa
        kb = fb.set_index(key).sort_index() if key != list(fb.columns) else fb
        if len(ka) != len(kb) or not ka.index.equals(kb.index):
            lines.append(f"{name}: rows differ ({len(ka)} vs {len(kb)} rows, key {key})")
            continue
        for col in ka.columns:
            x, y = ka[col], kb[col]
            same = (x == y) | (x.isna() & y.isna())
            if not same.all():
                detail = ""
                if x.dtype.kind == "f" and y.dtype.kind == "f":
                    detail = f", max abs difference {float((x - y).abs().max()):.3g}"
                lines.append(f"{name}.{col}: {int((~same).sum())} of {len(ka)} rows{detail}")
    return lines
