"""Which applications ship the executors' environment archive (no Spark needed)."""

from __future__ import annotations

import pytest

from cse_networks.spark import EXECUTOR_PYTHON_CONFS, session_conf

STANDALONE_ENV = {
    "CSE_SPARK_MASTER": "spark://127.0.0.1:57077",
    "CSE_ENV_ARCHIVE": "/tmp/cse-env.tar.gz",
    "CSE_JDBC_DRIVER_JAR": "/usr/share/java/postgresql.jar",
    "CSE_METASTORE_JDBC_URL": "jdbc:postgresql://127.0.0.1:55432/cse_metastore",
    "CSE_METASTORE_USER": "cse_metastore",
}


@pytest.fixture
def standalone_env(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    for key, value in STANDALONE_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("CSE_WAREHOUSE_DIR", str(tmp_path))


def test_python_running_applications_ship_the_archive(standalone_env) -> None:
    conf = session_conf("standalone")
    assert conf["spark.archives"] == "/tmp/cse-env.tar.gz#environment"
    assert conf["spark.pyspark.python"] == "./environment/bin/python"


def test_jvm_only_applications_ship_nothing_else_changes(standalone_env) -> None:
    full = session_conf("standalone")
    lean = session_conf("standalone", executor_python=False)
    assert not set(EXECUTOR_PYTHON_CONFS) & set(lean)
    assert {k: v for k, v in full.items() if k not in EXECUTOR_PYTHON_CONFS} == lean
    assert lean["spark.master"] == "spark://127.0.0.1:57077"


def test_the_cluster_target_ships_it_too(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("CSE_ENV_ARCHIVE", "hdfs:///apps/cse-networks/cse-env.tar.gz")
    monkeypatch.setenv("CSE_HIVE_METASTORE_URIS", "thrift://metastore.invalid:9083")
    monkeypatch.setenv("CSE_WAREHOUSE_DIR", str(tmp_path))
    conf = session_conf("cluster")
    assert conf["spark.archives"].endswith("#environment")
    assert "spark.archives" not in session_conf("cluster", executor_python=False)
