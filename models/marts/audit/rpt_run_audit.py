"""Run audit: what produced this build, one row per table built in the run's schemas,
one per table of the extract load the raw tables hold, and one per analyst override.

Records the dbt invocation id, the as-of date, the vars in effect (project vars
overridden by ``--vars``), row counts of every table in the raw, reference,
staging, intermediate, graph and marts-build schemas, package versions and the
git commit, and the person-id key that keyed the ids (its source, e.g. the
PUBLIC development key, and its check value, never the key); the latest load of
the extract (stg_loader__load_log: file, SHA-256, rows read and loaded, control
totals checked, extract and load time); then every analyst override (merge,
do-not-merge, link and person exclusion) with whether it was applied and what it
did; then the last ``dbt source freshness`` check of that load
(stg_loader__freshness_log, one row per source table). It refs every other
mart so it runs last among them.
"""

import datetime
import importlib.metadata
import json
import os
import subprocess
from pathlib import Path

PACKAGES = [
    "dbt-core",
    "dbt-spark",
    "pyspark",
    "pandas",
    "numpy",
    "pyarrow",
    "networkx",
    "igraph",
    "leidenalg",
    "cdlib",
    "networkit",
    "splink",
    "cse-networks",
]
SCHEMAS = ["raw", "reference", "staging", "intermediate", "graph", "marts_build"]


def _package_versions():
    """Installed versions of the packages the build depends on ('absent' if not installed)."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def _git_commit(repo_root):
    """HEAD of the repo, else $CSE_GIT_COMMIT, else 'unknown' (e.g. an exported tarball)."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=repo_root,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return os.environ.get("CSE_GIT_COMMIT", "unknown")


def _vars_in_effect(repo_root):
    """Project vars from dbt_project.yml, overridden by the invocation's --vars."""
    import yaml

    project = yaml.safe_load((Path(repo_root) / "dbt_project.yml").read_text())
    merged = dict(project.get("vars") or {})
    try:
        from dbt.flags import get_flags

        merged.update(getattr(get_flags(), "VARS", None) or {})
    except Exception:  # outside a dbt run there are no CLI vars
        pass
    return merged


def _invocation_id():
    try:
        from dbt_common.invocation import get_invocation_id

        return get_invocation_id()
    except Exception:  # outside a dbt run
        return "outside-dbt"


def model(dbt, session):
    dbt.config(materialized="table")
    import pandas as pd

    from cse_networks.run_audit import freshness_entries

    # Refs (literal, as dbt requires) only to order this model after every other mart.
    dbt.ref("dim_person_source_records")
    dbt.ref("fct_person_scores")
    dbt.ref("fct_person_links")
    dbt.ref("fct_networks")
    dbt.ref("fct_network_links")
    dbt.ref("fct_network_ocg_links")
    dbt.ref("fct_network_victims")
    dbt.ref("fct_network_timeline")
    dbt.ref("rpt_data_quality")
    dbt.ref("rpt_bias_audit")
    overrides = dbt.ref("int_analyst_overrides_audited").toPandas()
    # The key that keyed this build's ids (one, checked by assert_person_id_is_keyed).
    keys = (
        dbt.ref("int_person_ids_keyed")
        .select("person_id_key_source", "person_id_key_check")
        .distinct()
        .toPandas()
        .sort_values(["person_id_key_source", "person_id_key_check"])
    )
    loads = dbt.ref("stg_loader__load_log").toPandas()
    checks = dbt.ref("stg_loader__freshness_log").toPandas()
    dates = dbt.ref("int_run_dates_resolved").first()

    repo_root = os.environ.get("CSE_REPO_ROOT", os.getcwd())
    prefix = os.environ.get("CSE_SCHEMA_PREFIX", "")
    raw_schema = os.environ.get("CSE_RAW_SCHEMA", "raw")
    run_vars = _vars_in_effect(repo_root)
    started_at = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)

    rows = []
    for schema in SCHEMAS:
        database = raw_schema if schema == "raw" else prefix + schema
        if not session.catalog.databaseExists(database):
            continue
        for table in sorted(t.name for t in session.catalog.listTables(database)):
            if table.startswith("rpt_run_audit"):
                continue
            n_rows = session.table(f"{database}.{table}").count()
            rows.append({"schema_name": database, "table_name": table, "n_rows": n_rows})
    tables = pd.DataFrame(rows, columns=["schema_name", "table_name", "n_rows"])
    tables["entry_type"] = "TABLE"

    # The load the raw tables hold: the latest one in the loader's log.
    latest = loads.sort_values(["loaded_at", "load_id"], kind="stable").tail(1)
    load = loads[loads["load_id"].isin(latest["load_id"])].sort_values("table_name")
    load_rows = pd.DataFrame(
        {
            "entry_type": "RAW_LOAD",
            "schema_name": raw_schema,
            "table_name": load["table_name"].to_numpy(),
            "n_rows": load["rows_loaded"].to_numpy(),
            "load_id": load["load_id"].to_numpy(),
            "file_name": load["file_name"].to_numpy(),
            "file_sha256": load["file_sha256"].to_numpy(),
            "rows_read": load["rows_read"].to_numpy(),
            "is_manifest_checked": load["is_manifest_checked"].astype(bool).to_numpy(),
            "extracted_at": load["extracted_at"].to_numpy(),
            "loaded_at": load["loaded_at"].to_numpy(),
        }
    )

    # The last freshness check of that load, one row per source table.
    load_id = None if latest.empty else str(latest["load_id"].iloc[0])
    freshness_rows = freshness_entries(checks, load_id, raw_schema)

    # One row per analyst override, in a stable order.
    overrides = overrides.sort_values(["seed_name", "override_id"], kind="stable")
    override_rows = pd.DataFrame(
        {
            "entry_type": "ANALYST_OVERRIDE",
            "schema_name": prefix + "reference",
            "table_name": overrides["seed_name"].to_numpy(),
            "override_id": overrides["override_id"].to_numpy(),
            "override_kind": overrides["override_kind"].to_numpy(),
            "is_override_applied": overrides["is_applied"].astype(bool).to_numpy(),
            "override_effect": overrides["effect"].to_numpy(),
        }
    )
    frame = pd.concat([tables, load_rows, freshness_rows, override_rows], ignore_index=True)
    frame["run_id"] = _invocation_id()
    frame["run_started_at"] = pd.Timestamp(started_at)
    frame["as_of_date"] = dates["as_of_date"]
    frame["as_of_date_source"] = dates["as_of_date_source"]
    frame["target_name"] = os.environ.get("CSE_TARGET", "local")
    frame["vars_json"] = json.dumps(run_vars, sort_keys=True, default=str)
    frame["package_versions_json"] = json.dumps(_package_versions(), sort_keys=True)
    frame["git_commit"] = _git_commit(repo_root)
    frame["person_id_key_source"] = ",".join(keys["person_id_key_source"].unique()) or None
    frame["person_id_key_check"] = ",".join(keys["person_id_key_check"].unique()) or None
    # An explicit schema: columns that are null on every row (no overrides, or no
    # tables) still get their types.
    from pyspark.sql import types

    schema = types.StructType(
        [
            types.StructField("run_id", types.StringType()),
            types.StructField("run_started_at", types.TimestampType()),
            types.StructField("as_of_date", types.DateType()),
            types.StructField("as_of_date_source", types.StringType()),
            types.StructField("target_name", types.StringType()),
            types.StructField("entry_type", types.StringType()),
            types.StructField("schema_name", types.StringType()),
            types.StructField("table_name", types.StringType()),
            types.StructField("n_rows", types.LongType()),
            types.StructField("override_id", types.StringType()),
            types.StructField("override_kind", types.StringType()),
            types.StructField("is_override_applied", types.BooleanType()),
            types.StructField("override_effect", types.StringType()),
            types.StructField("load_id", types.StringType()),
            types.StructField("file_name", types.StringType()),
            types.StructField("file_sha256", types.StringType()),
            types.StructField("rows_read", types.LongType()),
            types.StructField("is_manifest_checked", types.BooleanType()),
            types.StructField("extracted_at", types.TimestampType()),
            types.StructField("loaded_at", types.TimestampType()),
            types.StructField("freshness_status", types.StringType()),
            types.StructField("freshness_checked_at", types.TimestampType()),
            types.StructField("max_loaded_at", types.TimestampType()),
            types.StructField("freshness_age_seconds", types.DoubleType()),
            types.StructField("freshness_warn_after", types.StringType()),
            types.StructField("freshness_error_after", types.StringType()),
            types.StructField("vars_json", types.StringType()),
            types.StructField("package_versions_json", types.StringType()),
            types.StructField("git_commit", types.StringType()),
            types.StructField("person_id_key_source", types.StringType()),
            types.StructField("person_id_key_check", types.StringType()),
        ]
    )
    # Plain Python values (numpy scalars fail Spark's type checks); missing -> None.
    plain = {
        "n_rows": int,
        "rows_read": int,
        "is_override_applied": bool,
        "is_manifest_checked": bool,
        "run_started_at": lambda v: pd.Timestamp(v).to_pydatetime(),
        "extracted_at": lambda v: pd.Timestamp(v).to_pydatetime(),
        "loaded_at": lambda v: pd.Timestamp(v).to_pydatetime(),
        "freshness_checked_at": lambda v: pd.Timestamp(v).to_pydatetime(),
        "max_loaded_at": lambda v: pd.Timestamp(v).to_pydatetime(),
        "freshness_age_seconds": float,
    }
    records = [
        tuple(
            None
            if pd.isna(row[field.name])
            else plain.get(field.name, lambda v: v)(row[field.name])
            for field in schema.fields
        )
        for row in frame.to_dict("records")
    ]
    return session.createDataFrame(records, schema=schema)
