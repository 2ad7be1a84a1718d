"""Run audit: what produced this build (dbt Python model: I/O and one package call).

Reads, through ``source()`` and ``ref()`` so lineage shows them: every raw
source table and every mart (TABLE row counts), the loader's log
(stg_loader__load_log), the logged ``dbt source freshness`` checks
(stg_loader__freshness_log), the analyst overrides, the person-id key's check
value and the resolved as-of date. The git commit comes from meta
``git_commit`` (var git_commit, else CSE_GIT_COMMIT, which scripts/env.sh
sets); a build without one stops with a clear error. The entries are built by
``cse_networks.run_audit.build_run_audit``. It refs every other mart so it
runs last among them.
"""

import datetime
import os
from pathlib import Path


def model(dbt, session):
    dbt.config(materialized="table")
    import yaml
    from dbt.flags import get_flags

    from cse_networks.run_audit import (
        RUN_AUDIT_COLUMNS,
        RunContext,
        build_run_audit,
        current_run_id,
        package_versions,
        vars_in_effect,
    )

    counted = {
        "crimes": dbt.source("crimes", "crimes"),
        "crime_nominals": dbt.source("crimes", "crime_nominals"),
        "custody_records": dbt.source("custody", "custody_records"),
        "intel_reports": dbt.source("intel", "intel_reports"),
        "intel_nominals": dbt.source("intel", "intel_nominals"),
        "ocg_nominals": dbt.source("ocgm", "ocg_nominals"),
        "nominals": dbt.source("person_records", "nominals"),
        "nominal_identifiers": dbt.source("person_records", "nominal_identifiers"),
        "safeguarding_flags": dbt.source("safeguarding", "safeguarding_flags"),
        "load_log": dbt.source("loader", "load_log"),
        "freshness_log": dbt.source("loader", "freshness_log"),
    }
    marts = {
        "dim_person_source_records": dbt.ref("dim_person_source_records"),
        "fct_person_scores": dbt.ref("fct_person_scores"),
        "fct_person_links": dbt.ref("fct_person_links"),
        "fct_networks": dbt.ref("fct_networks"),
        "fct_network_links": dbt.ref("fct_network_links"),
        "fct_network_ocg_links": dbt.ref("fct_network_ocg_links"),
        "fct_network_victims": dbt.ref("fct_network_victims"),
        "fct_network_victim_links": dbt.ref("fct_network_victim_links"),
        "fct_network_timeline": dbt.ref("fct_network_timeline"),
        "rpt_data_quality": dbt.ref("rpt_data_quality"),
        "rpt_bias_audit": dbt.ref("rpt_bias_audit"),
    }
    raw_schema = os.environ.get("CSE_RAW_SCHEMA", "raw")
    prefix = os.environ.get("CSE_SCHEMA_PREFIX", "")
    counts = [(raw_schema, name, frame.count()) for name, frame in counted.items()]
    counts += [(prefix + "marts_build", name, frame.count()) for name, frame in marts.items()]

    repo_root = Path(os.environ.get("CSE_REPO_ROOT", os.getcwd()))
    project = yaml.safe_load((repo_root / "dbt_project.yml").read_text())
    context = RunContext(
        run_id=current_run_id(),
        run_started_at=datetime.datetime.now(datetime.UTC).replace(tzinfo=None),
        target_name=os.environ.get("CSE_TARGET", "local"),
        git_commit=dbt.config.meta_get("git_commit"),
        run_vars=vars_in_effect(project.get("vars") or {}, get_flags().VARS or {}),
        package_versions=package_versions(),
        raw_schema=raw_schema,
        reference_schema=prefix + "reference",
    )
    keys = (
        dbt.ref("int_person_ids_keyed")
        .select("person_id_key_source", "person_id_key_check")
        .distinct()
        .toPandas()
    )
    import pandas as pd

    rows = build_run_audit(
        table_counts=pd.DataFrame(counts, columns=["schema_name", "table_name", "n_rows"]),
        loads=dbt.ref("stg_loader__load_log").toPandas(),
        checks=dbt.ref("stg_loader__freshness_log").toPandas(),
        overrides=dbt.ref("int_analyst_overrides_audited").toPandas(),
        keys=keys,
        dates=dbt.ref("int_run_dates_resolved").first().asDict(),
        context=context,
    )
    schema = ", ".join(f"{name} {kind}" for name, kind in RUN_AUDIT_COLUMNS)
    return session.createDataFrame(rows, schema=schema)
