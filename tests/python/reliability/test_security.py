"""Security: keyed person ids outside the local target, and no credentials in the repo."""

from __future__ import annotations

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


def _parse(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    base = _dbt_env(tmp_path, CSE_HIVE_METASTORE_URIS="thrift://metastore.invalid:9083")
    return subprocess.run(
        [
            str(Path(sys.executable).parent / "dbt"),
            "parse",
            "--no-partial-parse",
            *env.pop("args", []),
        ],
        cwd=REPO,
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.dbt
def test_cluster_target_without_person_id_key_is_a_clear_error(tmp_path: Path) -> None:
    result = _parse(tmp_path, CSE_TARGET="cluster")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "DBT_ENV_SECRET_CSE_PERSON_ID_KEY" in output
    assert "Env var required but not provided" in output


@pytest.mark.dbt
def test_cluster_target_with_person_id_key_parses(tmp_path: Path) -> None:
    result = _parse(tmp_path, CSE_TARGET="cluster", DBT_ENV_SECRET_CSE_PERSON_ID_KEY="a-test-key")
    assert result.returncode == 0, (result.stdout + result.stderr)[-2000:]


@pytest.mark.dbt
def test_the_key_never_appears_in_compiled_sql(tmp_path: Path) -> None:
    secret = "do-not-leak-this-key-7f3a"
    result = _parse(tmp_path, CSE_TARGET="local", DBT_ENV_SECRET_CSE_PERSON_ID_KEY=secret)
    assert result.returncode == 0
    for path in (tmp_path / "target").rglob("*"):
        if path.is_file():
            assert secret not in path.read_text(errors="ignore"), path.name


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


@pytest.mark.dbt
def test_published_marts_get_grants_and_the_identity_model_does_not(tmp_path: Path) -> None:
    """The GRANTs the publish step runs on the cluster: every published view, per grantee."""
    operation = subprocess.run(
        [
            str(Path(sys.executable).parent / "dbt"),
            "run-operation",
            "show_published_mart_grants",
            "--args",
            "{grants: {select: [cse_bi_readers, cse_auditors]}}",
        ],
        cwd=REPO,
        env=_dbt_env(tmp_path, CSE_TARGET="local", CSE_WAREHOUSE_DIR=str(tmp_path / "warehouse")),
        capture_output=True,
        text=True,
        check=False,
    )
    assert operation.returncode == 0, operation.stdout[-2000:]
    grants = re.findall(r"grant: (grant select on marts\.(\w+) to `(\w+)`)", operation.stdout)
    granted = {(view, grantee) for _, view, grantee in grants}
    for view in ("fct_networks", "fct_person_scores", "fct_network_victims", "rpt_run_audit"):
        assert (view, "cse_bi_readers") in granted and (view, "cse_auditors") in granted
    assert not any(view == "dim_person_identities" for view, _ in granted)
