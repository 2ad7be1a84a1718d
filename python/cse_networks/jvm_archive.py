"""A class-data-sharing archive of the Spark driver's classes: a faster JVM start.

Every Spark driver JVM reads, parses and verifies several thousand classes from
pyspark's jars before it runs its first query: on this 2-core machine about half
of the 10 s a local session takes to start (benchmarks/notes/42-jvm-class-archive.md).
Java's application class-data sharing (AppCDS, JDK 13+) maps the classes an
earlier run loaded from one file instead: ``-XX:ArchiveClassesAtExit`` writes the
file when a JVM exits, ``-XX:SharedArchiveFile`` uses it.

The test command starts dozens of drivers (the tiny build, every test's dbt
command and small session); ``make run`` one. Both add :func:`java_options` to
``CSE_SPARK_DRIVER_JAVA_OPTIONS``, which ``profiles.yml`` (target ``local``) and
the tests' own sessions pass to the driver.

What it changes and what not:

- Only where classes come from. Results are the same: the JVM checks the file
  against its own build and class path and, if either differs, says so in one
  warning and loads the classes from the jars as without it.
- The file's name carries a key of everything it must match (the Java runtime,
  the jars of pyspark, the extra class path), so a new Java or pyspark gets a new
  file rather than a mismatch.
- It holds class metadata from public jars only: no data, no settings, no key.
  The run that writes it works on made-up rows in a temporary folder.

Usage: ``python -m cse_networks.jvm_archive --build`` (idempotent; about 40 s the
first time, which it says on stderr), ``python -m cse_networks.jvm_archive --options``
(the JVM flags, or nothing when there is no archive or the target is not ``local``).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from cse_networks.paths import REPO_ROOT

__all__ = ["archive_key", "archive_path", "build", "java_options", "main"]

# Where archives live ($CSE_JVM_ARCHIVE_DIR): local state, never committed (.gitignore: .local/).
DEFAULT_FOLDER = REPO_ROOT / ".local" / "jvm"


def folder() -> Path:
    """The folder of the archives ($CSE_JVM_ARCHIVE_DIR, default ``.local/jvm``)."""
    return Path(os.environ.get("CSE_JVM_ARCHIVE_DIR", DEFAULT_FOLDER)).resolve()


def _java_version() -> str:
    """``java -version`` of the Java that Spark starts ($JAVA_HOME first, as spark-class)."""
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else "java"
    run = subprocess.run([java, "-version"], capture_output=True, text=True, check=True)
    return run.stderr.strip()


def _spark_jars() -> list[str]:
    """Name and size of every jar of pyspark: the driver's class path."""
    import pyspark

    jars = Path(pyspark.__file__).parent / "jars"
    return sorted(f"{p.name}:{p.stat().st_size}" for p in jars.glob("*.jar"))


def archive_key(extra_class_path: str = "") -> str:
    """A short hash of what an archive must match: Java, pyspark's jars, extra class path."""
    digest = hashlib.sha256()
    for part in (_java_version(), *_spark_jars(), f"extra:{extra_class_path}"):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def archive_path(key: str | None = None) -> Path:
    """The archive file for this Java and pyspark (``key``: :func:`archive_key`)."""
    return folder() / f"spark-driver-{key or archive_key()}.jsa"


def java_options() -> str:
    """The JVM flags that use the archive, or ``""`` when it was not built or the
    target ($CSE_TARGET) is not ``local``: the other targets' drivers have another
    class path (a conf folder, the metastore's JDBC jar), which the archive would
    not match."""
    if os.environ.get("CSE_TARGET", "local") != "local":
        return ""
    path = archive_path()
    return f"-XX:SharedArchiveFile={path}" if path.is_file() else ""


# The run that writes the archive: the kinds of work a driver of this project
# does (Hive tables in a Derby metastore, Parquet, joins, windows, aggregates,
# statistics, views, Arrow to and from pandas, a pandas UDF on a Python worker),
# so that the classes they load are in the archive. Made-up rows only.
_WORKLOAD = """
import os, sys
from pathlib import Path
from dbt.adapters.sparksession.connections import build_session

scratch = Path(sys.argv[1])
session = build_session({
    "spark.master": "local[2]",
    "spark.app.name": "cse-networks-jvm-archive",
    "spark.ui.enabled": "false",
    "spark.sql.shuffle.partitions": "2",
    "spark.sql.adaptive.enabled": "true",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.sql.warehouse.dir": str(scratch / "warehouse"),
    "spark.hadoop.javax.jdo.option.ConnectionURL":
        f"jdbc:derby:;databaseName={scratch}/metastore_db;create=true",
    "spark.hadoop.datanucleus.schema.autoCreateAll": "true",
    "spark.hadoop.hive.metastore.schema.verification": "false",
    "spark.hadoop.hive.downloaded.resources.dir":
        str(scratch / "tmp" / "${hive.session.id}_resources"),
    "spark.driver.extraJavaOptions": sys.argv[2],
})
sql = session.sql
sql("create database if not exists probe")
sql("create table probe.a using parquet as select id, cast(id % 7 as string) as k, "
    "date_add(date'2020-01-01', cast(id as int)) as d, id * 1.5 as x from range(200)")
sql("create or replace view probe.v as "
    "select k, count(*) as n, sum(x) as s from probe.a group by k")
sql("create table probe.b (id bigint, k string, d date, x double) using parquet")
sql("insert overwrite table probe.b select id, upper(k), d, x from probe.a")
sql("analyze table probe.b compute statistics")
sql("describe table extended probe.a").collect()
sql("show tables in probe").collect()
sql(\"\"\"
    with ranked as (
        select a.id, a.k, b.n, row_number() over (partition by a.k order by a.id desc) as r,
               lag(a.d) over (partition by a.k order by a.d) as previous_d,
               regexp_replace(lower(a.k), '[^a-z]', '') as clean,
               sha2(concat_ws('|', a.k, cast(a.id as string)), 256) as h
        from probe.a as a
        left join probe.v as b on a.k = b.k
    )
    select k, max(r), collect_list(h)[0], count(distinct clean), min(previous_d)
    from ranked where r <= 3 group by k
    union all
    select 'x', 0, 'y', 0, null
\"\"\").collect()
frame = sql("select * from probe.a").toPandas()
back = session.createDataFrame(frame)
back.groupBy("k").applyInPandas(lambda df: df.head(1), back.schema).collect()
sql("drop view probe.v")
sql("drop table probe.a")
sql("drop table probe.b")
session.stop()
# The JVM writes the archive as it exits: end it (its stdin closing is its signal
# to exit, as when Python ends) and wait, so the file is whole when this ends.
from pyspark import SparkContext
jvm = SparkContext._gateway.proc
jvm.stdin.close()
sys.exit(jvm.wait(timeout=300))
"""


def build(*, quiet: bool = True) -> Path:
    """Write the archive if this Java and pyspark have none yet; return its path.

    The workload runs in a child process (a fresh JVM: the archive holds what
    that JVM loaded), which waits for its JVM to exit; the file is renamed into
    place only then, so a reader never maps half a file.
    """
    path = archive_path()
    if path.is_file():
        return path
    print(f"jvm_archive: writing {path} (once per Java and pyspark, about 40 s)", file=sys.stderr)
    path.parent.mkdir(parents=True, exist_ok=True)
    # what a failed earlier run's JVM wrote after its Python had given up
    for stale in path.parent.glob(f"{path.stem}.*.partial"):
        stale.unlink(missing_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    # The signed jars' classes (janino) cannot be archived: a warning each, not wanted.
    flags = f"-XX:ArchiveClassesAtExit={partial} -Xlog:cds=error -Xlog:cds+dynamic=error"
    with tempfile.TemporaryDirectory(prefix="cse-jvm-archive-") as scratch:
        workload = Path(scratch) / "workload.py"
        workload.write_text(_WORKLOAD)
        env = {**os.environ, "PYSPARK_PYTHON": sys.executable}
        env.pop("PYSPARK_SUBMIT_ARGS", None)
        run = subprocess.run(
            [sys.executable, str(workload), scratch, flags],
            env=env,
            capture_output=quiet,
            text=True,
            check=False,
            cwd=scratch,
        )
    if run.returncode != 0:
        tail = "\n".join((run.stderr or "").splitlines()[-15:])
        partial.unlink(missing_ok=True)
        raise RuntimeError(
            f"the run that writes the JVM class archive failed (exit {run.returncode}):\n{tail}"
        )
    if not partial.is_file():
        raise RuntimeError(f"the JVM exited without writing its class archive {partial}")
    partial.replace(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cse_networks.jvm_archive", description=__doc__.split("\n")[0]
    )
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--build", action="store_true", help="write the archive if missing; print its path"
    )
    what.add_argument(
        "--options", action="store_true", help="print the JVM flags that use it (nothing if none)"
    )
    args = parser.parse_args(argv)
    if args.build:
        print(build())
    else:
        print(java_options())
    return 0


if __name__ == "__main__":
    sys.exit(main())
