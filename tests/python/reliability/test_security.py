"""Security: keyed person ids outside the local target, and no credentials in the repo."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from lab import REPO


def _dbt_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A minimal environment: nothing of the caller's leaks into dbt."""
    return {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DBT_PROFILES_DIR": str(REPO),
        "DBT_TARGET_PATH": str(tmp_path / "target"),
        "DBT_LOG_PATH": str(tmp_path / "logs"),
        **extra,
    }


def _dbt(tmp_path: Path, command: list[str], **env: str) -> subprocess.CompletedProcess:
    """``dbt COMMAND`` with the cluster target's variables set to unreachable places."""
    base = _dbt_env(
        tmp_path,
        CSE_HIVE_METASTORE_URIS="thrift://metastore.invalid:9083",
        CSE_ENV_ARCHIVE="hdfs:///invalid/cse-env.tar.gz",
    )
    return subprocess.run(
        [str(Path(sys.executable).parent / "dbt"), *command],
        cwd=REPO,
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def _parse(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    return _dbt(tmp_path, ["parse", "--no-partial-parse"], **env)


# At least 32 bytes, as the key policy requires.
TEST_KEY = "a-cluster-test-key-of-enough-bytes-0d9c"


def _key_error(result: subprocess.CompletedProcess) -> str:
    """The one line naming the key problem; no traceback around it."""
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if "person id key" in line]
    assert len(lines) == 1, output[-2000:]
    assert 'target "cluster"' in lines[0]
    return lines[0]


@pytest.mark.dbt
def test_cluster_target_without_person_id_key_is_a_clear_error(tmp_path: Path) -> None:
    line = _key_error(_parse(tmp_path, CSE_TARGET="cluster"))
    assert "DBT_ENV_SECRET_CSE_PERSON_ID_KEY" in line and "CSE_PERSON_ID_KEY_FILE" in line


@pytest.mark.dbt
def test_cluster_target_with_a_short_person_id_key_is_a_clear_error(tmp_path: Path) -> None:
    short = "31-bytes-is-one-too-few-for-it!"
    line = _key_error(
        _parse(tmp_path, CSE_TARGET="cluster", DBT_ENV_SECRET_CSE_PERSON_ID_KEY=short)
    )
    assert "is 31 bytes; at least 32 bytes are required" in line
    assert short not in line
    key_file = tmp_path / "short-key"
    key_file.write_text("short\n")
    line = _key_error(_parse(tmp_path, CSE_TARGET="cluster", CSE_PERSON_ID_KEY_FILE=str(key_file)))
    assert "CSE_PERSON_ID_KEY_FILE is 5 bytes" in line


@pytest.fixture(scope="module")
def cluster_grants(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One dbt command on the cluster target, its key from a file as a secret store
    mounts it: ``run-operation show_published_mart_grants`` parses the whole project
    (its manifest written, as ``dbt parse`` writes it), then prints the GRANTs the
    publish step runs on the cluster (nothing is executed: no connection is opened).
    One parse of the project serves the key-file test and the grants test (each
    whole-project parse is about 10 s of CPU). Returns dbt's target folder and its
    output."""
    work = tmp_path_factory.mktemp("cluster-grants")
    key_file = work / "person_id_key"
    key_file.write_text(TEST_KEY + "\n")
    result = _dbt(
        work,
        [
            "run-operation",
            "show_published_mart_grants",
            "--args",
            "{grants: {select: [cse_bi_readers, cse_auditors]}}",
        ],
        CSE_TARGET="cluster",
        CSE_PERSON_ID_KEY_FILE=str(key_file),
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-2000:]
    return work / "target", output


@pytest.mark.dbt
def test_cluster_target_with_a_person_id_key_file_parses(cluster_grants: tuple[Path, str]) -> None:
    target, output = cluster_grants
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["metadata"]["project_name"] == "cse_networks"
    assert "model.cse_networks.dim_person_identities" in manifest["nodes"]
    # the key read from the file is in nothing dbt printed or wrote
    assert TEST_KEY not in output
    for path in target.rglob("*"):
        if path.is_file():
            assert TEST_KEY not in path.read_text(errors="ignore"), path.name


def test_no_spark_conf_of_the_profile_names_the_key() -> None:
    """No Spark conf carries the key: nothing in the profile's confs names it.

    That the key given to dbt reaches no compiled SQL, manifest, dbt log or event log
    is proved on a real build, not a parse: ``test_person_id_key`` scans every file
    the tiny build (run with ``DBT_ENV_SECRET_CSE_PERSON_ID_KEY`` set, its keyed-id
    models run) left in its target, logs, Spark event log and warehouse."""
    outputs = yaml.safe_load((REPO / "profiles.yml").read_text())["cse_networks"]["outputs"]
    assert {"local", "cluster"} <= set(outputs)
    for output in outputs.values():
        params = " ".join(f"{k}={v}" for k, v in output["server_side_parameters"].items())
        assert "person_id" not in params.lower() and "PERSON_ID_KEY" not in params


SECRET_PATTERNS = [
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    re.compile(r"AKIA[0-9A-Z]{16}"),
    re.compile(r"(?i)\b(password|passwd|secret|token|api_key)\s*[:=]\s*['\"]?[A-Za-z0-9/+_-]{8,}"),
]


def test_no_credentials_in_tracked_files() -> None:
    files = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    offenders = []
    for name in files:
        path = REPO / name
        if not path.is_file() or path.stat().st_size > 2e6 or path.suffix in {".parquet", ".png"}:
            continue
        if path.resolve() == Path(__file__).resolve():  # holds a decoy key on purpose
            continue
        text = path.read_text(errors="ignore")
        if any(p.search(text) for p in SECRET_PATTERNS):
            offenders.append(name)
    assert not offenders, f"possible credentials in: {offenders}"


@pytest.mark.parametrize("target", ["local", "cluster"])
def test_profile_hosts_and_credentials_come_from_environment(target: str) -> None:
    profile = yaml.safe_load((REPO / "profiles.yml").read_text())["cse_networks"]["outputs"]
    output = profile[target]
    for key in ("password", "token", "user", "kerberos_service_name"):
        assert key not in output or "env_var(" in str(output[key])
    if target == "cluster":
        params = output["server_side_parameters"]
        assert "env_var(" in params["spark.hadoop.hive.metastore.uris"]
        assert "env_var(" in params["spark.archives"]


@pytest.mark.dbt
def test_published_marts_get_grants_and_the_identity_model_does_not(
    cluster_grants: tuple[Path, str],
) -> None:
    """The GRANTs the publish step runs on the cluster: every published view, per grantee."""
    _, output = cluster_grants
    grants = re.findall(r"grant: (grant select on marts\.(\w+) to `(\w+)`)", output)
    granted = {(view, grantee) for _, view, grantee in grants}
    for view in ("fct_networks", "fct_person_scores", "fct_network_victims", "rpt_run_audit"):
        assert (view, "cse_bi_readers") in granted and (view, "cse_auditors") in granted
    assert not any(view == "dim_person_identities" for view, _ in granted)
