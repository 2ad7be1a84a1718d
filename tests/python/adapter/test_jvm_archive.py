"""The Spark drivers' class-data archive (``cse_networks.jvm_archive``).

A driver started the way dbt and the loader start one (``build_session``: the
bundled quiet logging, Hive support) maps the archive: with ``-Xshare:on`` a JVM
that cannot use it does not start at all, so a class path that drifts from the
archive's (a conf folder on it, another jar) fails here rather than slowing
every Spark start of the suite unseen.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cse_networks import jvm_archive

REPO = Path(__file__).resolve().parents[3]


def test_the_key_follows_what_the_archive_must_match(monkeypatch, tmp_path):
    monkeypatch.setenv("CSE_JVM_ARCHIVE_DIR", str(tmp_path))
    key = jvm_archive.archive_key()
    assert key == jvm_archive.archive_key()
    assert key != jvm_archive.archive_key(extra_class_path="/usr/share/java/postgresql.jar")
    assert jvm_archive.archive_path().parent == tmp_path
    # no archive yet: no flags, and Spark starts as without it
    assert jvm_archive.java_options() == ""
    jvm_archive.archive_path().write_bytes(b"")
    assert jvm_archive.java_options() == f"-XX:SharedArchiveFile={jvm_archive.archive_path()}"
    # another target's driver has another class path: no flags for it
    monkeypatch.setenv("CSE_TARGET", "standalone")
    assert jvm_archive.java_options() == ""


_SESSION = """
import sys
from dbt.adapters.sparksession.connections import build_session

folder = sys.argv[1]
session = build_session({
    "spark.master": "local[1]",
    "spark.ui.enabled": "false",
    "spark.sql.warehouse.dir": f"{folder}/warehouse",
    "spark.driver.extraJavaOptions": sys.argv[2],
})
# one query, no table: the metastore (Derby) is never opened, and the JVM's start
# is what this test is about
assert session.sql("select count(*) from range(5)").collect()[0][0] == 5
session.stop()
"""


@pytest.mark.spark
def test_a_driver_started_as_dbt_starts_it_maps_the_archive(tmp_path):
    archive = jvm_archive.build()  # written by the test command already: then a lookup
    classes = tmp_path / "classes.log"
    # the JVM flags the test command gives every driver, dbt's included (scripts/test.sh:
    # C1 only, the serial collector), but its own archive flag: this test names the archive
    given = os.environ.get("CSE_SPARK_DRIVER_JAVA_OPTIONS", "").split()
    short_run = [f for f in given if not f.startswith("-XX:SharedArchiveFile=")]
    flags = " ".join(
        [
            *short_run,
            "-Xshare:on",
            f"-XX:SharedArchiveFile={archive}",
            f"-Xlog:class+load=info:file={classes}",
        ]
    )
    env = {
        k: v for k, v in os.environ.items() if k not in ("SPARK_CONF_DIR", "PYSPARK_SUBMIT_ARGS")
    }
    run = subprocess.run(
        [sys.executable, "-c", _SESSION, str(tmp_path), flags],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    loaded = classes.read_text()
    # Spark's own classes came from the archive ("shared objects file (top)": the
    # dynamic archive), not from the jars
    session_class = [
        line for line in loaded.splitlines() if " org.apache.spark.sql.SparkSession " in line
    ]
    assert session_class and "shared objects file (top)" in session_class[0], session_class
    from_archive = loaded.count("shared objects file (top)")
    assert from_archive > 5000, from_archive
    # the bundled quiet logging still holds (now as log4j2's own setting): Spark's
    # warnings at start-up (native Hadoop library, loopback address) are not printed
    assert " WARN " not in run.stderr, run.stderr[-2000:]
