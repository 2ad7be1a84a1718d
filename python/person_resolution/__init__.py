"""Probabilistic person resolution with Splink: pandas in, pandas out.

Prepares matching features from (staged or raw) person records, trains or loads a
Splink model, scores blocked record pairs with DuckDB or Spark, selects the pairs
that clustering may union (never through a near-empty record by threshold; a
near-empty record joins one person only when no one else is a candidate) and clusters
them with one constrained union-find (:mod:`person_resolution.union_find`).
"""

from person_resolution.backends import BACKENDS, make_db_api, quiet_splink_logging
from person_resolution.blocking import BLOCKING_RULE_DESCRIPTIONS, blocking_rules
from person_resolution.clustering import (
    NEAR_EMPTY_RULE_PRIORITY,
    SPLINK_RULE,
    SPLINK_RULE_PRIORITY,
    cluster_with_splink,
    clustering_pairs,
    near_empty_pairs,
)
from person_resolution.comparisons import COMPARISON_NAMES, build_comparisons
from person_resolution.features import FEATURE_COLUMNS, prepare_records
from person_resolution.model import level_weights, load_model, save_model, scaled_prior
from person_resolution.pipeline import SCORED_COLUMNS, SCORED_SCHEMA, resolve_pairs
from person_resolution.scoring import PAIR_COLUMNS, ScoreResult, score_pairs
from person_resolution.union_find import cluster_records

__all__ = [
    "BACKENDS",
    "BLOCKING_RULE_DESCRIPTIONS",
    "COMPARISON_NAMES",
    "FEATURE_COLUMNS",
    "NEAR_EMPTY_RULE_PRIORITY",
    "PAIR_COLUMNS",
    "SCORED_COLUMNS",
    "SCORED_SCHEMA",
    "SPLINK_RULE",
    "SPLINK_RULE_PRIORITY",
    "ScoreResult",
    "blocking_rules",
    "build_comparisons",
    "cluster_records",
    "cluster_with_splink",
    "clustering_pairs",
    "level_weights",
    "load_model",
    "make_db_api",
    "near_empty_pairs",
    "prepare_records",
    "quiet_splink_logging",
    "resolve_pairs",
    "save_model",
    "scaled_prior",
    "score_pairs",
]
