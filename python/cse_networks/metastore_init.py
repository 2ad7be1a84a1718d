"""Prove a freshly created Hive metastore schema serves Spark's Hive client.

Run once by ``scripts/cluster.sh up``, after DataNucleus' SchemaTool has created
every metastore table from Hive's own ``package.jdo`` and before any other
metastore client starts:

    python -m cse_networks.metastore_init --conf-file FILE

``FILE`` holds one ``key=value`` Spark setting a line (the metastore's JDBC URL,
driver, user, warehouse). Why the schema is made up front: DataNucleus'
``datanucleus.schema.autoCreateAll`` creates tables lazily, inside the
transaction of the first statement that needs them; on PostgreSQL (transactional
DDL) its ``ALTER TABLE ... ADD CONSTRAINT`` then waits for a lock held by another
of its own connections, and the first ``create table`` hangs forever. Every
client therefore runs with ``autoCreateAll`` off; this probe runs the statement
kinds dbt uses (database, partitioned table, insert, statistics, view, table
properties, drop) and fails, rather than hangs, when a table is missing.
"""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["main", "read_confs"]

PROBE_DB = "cse_metastore_schema_probe"


def read_confs(path: Path) -> dict[str, str]:
    """``key=value`` lines (blank lines ignored) as a dict; a line without ``=`` is an error."""
    confs = {}
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        key, sep, value = line.partition("=")
        if not sep:
            raise SystemExit(f"metastore_init: not a key=value line in {path}: {line!r}")
        confs[key.strip()] = value.strip()
    return confs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conf-file", type=Path, required=True)
    args = parser.parse_args(argv)
    from dbt.adapters.sparksession.connections import build_session

    conf = {"spark.master": "local[1]", "spark.app.name": "cse-metastore-init"}
    conf.update(read_confs(args.conf_file))
    conf["spark.hadoop.datanucleus.schema.autoCreateAll"] = "false"
    conf["spark.ui.enabled"] = "false"
    spark = build_session(conf)
    statements = [
        f"drop database if exists {PROBE_DB} cascade",
        f"create database {PROBE_DB}",
        f"create table {PROBE_DB}.t (id int, v string) using parquet partitioned by (v)",
        f"insert into {PROBE_DB}.t values (1, 'a')",
        f"analyze table {PROBE_DB}.t compute statistics for all columns",
        f"create view {PROBE_DB}.w as select id from {PROBE_DB}.t",
        f"alter table {PROBE_DB}.t set tblproperties ('cse.probe' = '1')",
        f"show tables in {PROBE_DB}",
        f"drop database {PROBE_DB} cascade",
    ]
    for statement in statements:
        print(f"metastore_init: {statement}", flush=True)
        spark.sql(statement).collect()
    spark.stop()
    print("metastore_init: ok", flush=True)


if __name__ == "__main__":
    main()
