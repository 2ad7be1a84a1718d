"""Persons from matched record pairs: the constrained union-find of
``person_resolution.union_find`` (cannot-link pairs: analyst DO_NOT_MERGE and differing
PNC ids) with the near-empty hold-backs of ``person_resolution.clustering``.

This model only reads its inputs and writes the result; the method is in the package
(docs block ``person_resolution``).
"""


def model(dbt, session):
    dbt.config(materialized="table")
    from person_resolution import clustering

    records = dbt.ref("int_person_records_prepared")
    records = records.select(*clustering.CLUSTER_RECORD_COLUMNS).toPandas()
    pairs = dbt.ref("int_person_record_pairs_matched")
    pairs = pairs.select(*clustering.RULE_PAIR_COLUMNS).toPandas()
    overrides = dbt.ref("person_merge_overrides").toPandas()
    apart = overrides.loc[
        overrides["decision"].astype(str).str.upper() == "DO_NOT_MERGE",
        ["record_id_a", "record_id_b"],
    ]
    # Every dbt.config.get stands alone: dbt's parser only passes to the model the
    # config keys of calls it finds, and it does not look inside `a or b` expressions.
    method = dbt.config.get("resolution_method")
    threshold = dbt.config.get("splink_threshold")
    min_merge_share = dbt.config.get("splink_merge_min_share")
    # Splink pairs (issue 10) after the rules: at or above var splink_threshold, never
    # through a near-empty record, and joining two multi-record persons only with the
    # support of var splink_merge_min_share of the scored pairs between them; then a
    # near-empty record may join one person when nobody else is a candidate, and a
    # near-empty record's rule pairs count only when they point into one person
    # (person_resolution.clustering). Rules only: no Splink.
    if str(method or "splink").strip().lower() == "splink":
        scored = dbt.ref("int_person_record_pairs_scored").toPandas()
        result = clustering.cluster_with_splink(
            records,
            pairs,
            scored,
            apart,
            threshold=float(threshold),
            min_merge_share=float(min_merge_share),
        )
    else:
        result = clustering.cluster_with_rules(records, pairs, apart)
    result["match_probability"] = result["match_probability"].astype("float64")
    schema = (
        "record_id string, anchor_record_id string, resolution_rule string, "
        "match_probability double, n_pairs_refused bigint"
    )
    return session.createDataFrame(result, schema=schema)
