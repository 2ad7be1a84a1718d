"""A clone of the repository alone runs: no sibling folders, nothing read from outside it.

The clone sits alone in an empty temporary folder, so anything that still reached for
``../shared`` (or any path outside the clone) fails here. The clone's own ``python/``
comes first on ``PYTHONPATH``, so its code, its contract folder and its dbt project are
the ones exercised, with this checkout's installed dependencies.

What a clone must carry is checked without Spark: every product module imports from the
clone's own files, the generator writes tiny from the clone's contract, the contract
check and ``dbt parse`` pass in it. The clone's data is not loaded into Spark here: the
test command's own tiny stage generates, loads and builds from a clone (CI's), and a
load reads nothing the steps above have not already read (the contract folder and the
loader's modules), so it would cost the suite a JVM (25 s idle, 60 s in the suite)
and prove nothing more.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# dbt parse in the clone: a full-suite (`dbt`) test
pytestmark = pytest.mark.dbt

REPO = Path(__file__).resolve().parents[3]


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    # Output captured, never echoed: the generator and loader print counts only, but a
    # failure tail is shown to say what broke.
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def _tail(result: subprocess.CompletedProcess) -> str:
    return "\n".join((result.stdout + result.stderr).splitlines()[-20:])


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.fail("the clean-clone test needs git and a git checkout of the project")
    root = tmp_path_factory.mktemp("empty")
    target = root / "cse-networks"
    subprocess.run(
        ["git", "clone", "--quiet", "--no-hardlinks", str(REPO), str(target)],
        check=True,
        capture_output=True,
    )
    assert sorted(p.name for p in root.iterdir()) == ["cse-networks"]  # no siblings
    return target


def _env(clone: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CSE_", "DBT_"))}
    # the test command's short-run JVM flags (README "Tests"): no path, nothing read;
    # not the class-data archive's flag, a file of this checkout outside the clone
    flags = os.environ.get("CSE_SPARK_DRIVER_JAVA_OPTIONS")
    if flags is not None:
        kept = [f for f in flags.split() if not f.startswith("-XX:SharedArchiveFile=")]
        env["CSE_SPARK_DRIVER_JAVA_OPTIONS"] = " ".join(kept)
    local = clone / ".local"
    env.update(
        PYTHONPATH=str(clone / "python"),
        CSE_REPO_ROOT=str(clone),
        CSE_WAREHOUSE_DIR=str(local / "warehouse"),
        CSE_DATA_DIR=str(local / "data"),
        CSE_SPARK_DRIVER_MEMORY="1g",
        DBT_PROFILES_DIR=str(clone),
        DBT_TARGET_PATH=str(clone / "target"),
        DBT_LOG_PATH=str(local / "logs"),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    )
    return env


# Imports every module under the clone's python/ and prints those that came from
# anywhere else (a file left untracked in the checkout is missing in the clone: its
# import fails here).
_IMPORT_EVERY_MODULE = """
import importlib, sys
from pathlib import Path
root = Path("python").resolve()
n, elsewhere = 0, []
for path in sorted(root.rglob("*.py")):
    parts = path.relative_to(root).with_suffix("").parts
    if parts[-1] == "__main__":
        continue
    if parts[-1] == "__init__":
        parts = parts[:-1]
    module = importlib.import_module(".".join(parts))
    n += 1
    if Path(module.__file__).resolve() != path:
        elsewhere.append(module.__name__)
print(n, *elsewhere)
"""


def test_clone_imports_generates_and_parses(clone: Path) -> None:
    env = _env(clone)
    data = clone / ".local" / "data" / "tiny"
    py = sys.executable

    # the clone's own packages (and so its own contract/) are the ones imported
    where = _run([py, "-c", "import cse_contract; print(cse_contract.contract_dir())"], clone, env)
    assert where.returncode == 0, _tail(where)
    assert Path(where.stdout.strip()) == clone / "contract"
    imported = _run([py, "-c", _IMPORT_EVERY_MODULE], clone, env)
    assert imported.returncode == 0, _tail(imported)
    n_modules, *elsewhere = imported.stdout.split()
    assert int(n_modules) > 50 and elsewhere == [], elsewhere

    generated = _run(
        [py, "-m", "cse_synth.generate", "--scale", "tiny", "--out", str(data)], clone, env
    )
    assert generated.returncode == 0, _tail(generated)
    assert (data / "raw" / "nominals.parquet").exists() or (data / "raw" / "nominals").exists()

    checked = _run([py, "-m", "cse_contract.check"], clone, env)
    assert checked.returncode == 0, _tail(checked)
    assert "0 gaps" in checked.stdout

    dbt = Path(py).with_name("dbt")
    parsed = _run([str(dbt), "parse", "--no-partial-parse"], clone, env)
    assert parsed.returncode == 0, _tail(parsed)
    assert (clone / "target" / "manifest.json").exists()


def test_missing_contract_is_one_clear_line(clone: Path, tmp_path: Path) -> None:
    """A contract that is not there stops the generator and the loader with one line naming it."""
    env = {**_env(clone), "CSE_CONTRACT_DIR": str(tmp_path / "no-contract")}
    py = sys.executable
    for args in (
        [py, "-m", "cse_synth.generate", "--scale", "tiny", "--out", str(tmp_path / "out")],
        [py, "-m", "cse_ingest.load", "--data", str(tmp_path)],
        [py, "-m", "cse_contract.check"],
    ):
        result = _run(args, clone, env)
        assert result.returncode == 2, _tail(result)
        message = result.stderr.strip().splitlines()
        assert len(message) == 1, message
        assert "raw_sources.yml" in message[0] or "offence_codes.csv" in message[0]
        assert "Traceback" not in result.stderr
