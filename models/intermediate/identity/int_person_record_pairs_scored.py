"""Probabilistic person-record pairs scored by Splink (docs block `splink_resolution`).

Reads the staged person records, the addresses seen with them and the nickname seed,
trains the Splink model on these
records (default; var `splink_model_path` names a saved model to score with instead),
scores every blocked record pair on the chosen backend (var `splink_backend`: DuckDB in
the driver, or Spark in this session), and keeps pairs at or above var
`splink_min_probability`. Address words on more records than var
`identity_identifier_max_records` are not blocked on (a hub, as for identifier values).
The model used, the run info (training blocks used and skipped, counts), Splink's
match-weights and m/u charts and a waterfall chart of the borderline pairs nearest the
threshold (HTML, compared values removed) are kept under
`target/splink/<dbt invocation id>/`. Only ids, scores, weights and comparison levels are
written: never names or dates of birth.
"""

import pandas as pd


def model(dbt, session):
    dbt.config(materialized="table")
    from cse_networks.paths import REPO_ROOT
    from cse_networks.run_audit import current_run_id
    from person_resolution.pipeline import (
        RECORD_COLUMNS,
        SCORED_SCHEMA,
        empty_scored,
        resolve_pairs,
        resolve_path,
        run_artefact_dir,
        write_run_artefacts,
    )

    # Every dbt.config.get stands alone: dbt's parser only passes to the model the
    # config keys of calls it finds, and it does not look inside `a or b` expressions.
    method = dbt.config.get("resolution_method")
    backend = dbt.config.get("splink_backend")
    model_path = dbt.config.get("splink_model_path")
    min_probability = dbt.config.get("splink_min_probability")
    seed = dbt.config.get("splink_seed")
    word_max_records = dbt.config.get("identity_identifier_max_records")
    threshold = dbt.config.get("splink_threshold")
    band = dbt.config.get("splink_borderline_band")
    records = dbt.ref("stg_person_records__nominals").select(*RECORD_COLUMNS)
    addresses = (
        dbt.ref("stg_person_records__identifiers")
        .where("identifier_type = 'ADDRESS'")
        .selectExpr("record_id", "identifier_value as address", "observed_from")
    )
    nicknames = dbt.ref("name_nicknames").toPandas()
    if str(method or "splink").strip().lower() != "splink":
        # rule-only resolution: the pair table stays (lineage, tests), empty
        return session.createDataFrame(empty_scored(), schema=SCORED_SCHEMA)
    artefacts = run_artefact_dir(REPO_ROOT, current_run_id())
    pairs, info = resolve_pairs(
        records.toPandas(),
        nicknames,
        addresses=addresses.toPandas(),
        backend=str(backend or "duckdb").strip().lower(),
        model_path=resolve_path(model_path, REPO_ROOT),
        min_probability=float(min_probability),
        seed=int(seed),
        address_word_max_records=int(word_max_records),
        spark=session,
        save_to=artefacts / "person_model.json",
        charts_to=artefacts,
        borderline=(float(threshold), float(band)),
    )
    write_run_artefacts(artefacts, info)
    return session.createDataFrame(pd.DataFrame(pairs), schema=SCORED_SCHEMA)
