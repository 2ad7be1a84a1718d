"""The Splink model: settings, unsupervised training, and saved-model portability.

A saved model is Splink's own JSON (``linker.misc.save_model_to_json``). It is loaded by
rebuilding the settings for the target backend's SQL dialect from
:func:`~person_resolution.comparisons.build_comparisons` and copying the saved m and u
probabilities level by level, so a model trained with DuckDB scores on Spark and back.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
from splink import Linker, SettingsCreator, block_on
from splink.blocking_rule_library import And, CustomRule

from person_resolution.blocking import blocking_rules, training_blocking_rules
from person_resolution.comparisons import COMPARISON_NAMES, build_comparisons

__all__ = [
    "ASSUMED_PRIOR_RECALL",
    "DEFAULT_PRIOR",
    "EM_SAMPLE_PAIRS",
    "MIN_TRAINING_PAIRS",
    "N_RECORDS_KEY",
    "PRIOR_RECALL_RANGE",
    "TRAINING_KEY",
    "U_SAMPLE_PAIRS",
    "block_pair_count",
    "cap_below_different",
    "level_weights",
    "load_model",
    "prior_rule_recall",
    "save_model",
    "scaled_prior",
    "settings_creator",
    "settings_for_dialect",
    "train_linker",
]

DEFAULT_PRIOR = 1e-4  # probability two random records match, before training
N_RECORDS_KEY = "n_records_trained"  # saved beside Splink's settings: records trained on
TRAINING_KEY = "training"  # saved beside Splink's settings: which blocks trained it
# An EM session needs pairs, and enough of them that matches and non-matches both show:
# below this many blocked pairs a training block is skipped (Splink stops with
# EMTrainingException on none; a handful gives m values from a few records).
MIN_TRAINING_PAIRS = 100
# Random record pairs sampled to estimate u (the chance that two different people agree
# at a comparison level). Splink's guide suggests 1e7 while a model is being developed and
# more for a final one; 2e6 keeps u sampling to about 35 s of the resolution stage (34.5 of
# FEBRL3's 38.8 s, cProfile, benchmarks/notes/20-test-suite-wall-time.md) and still gives a
# level that 1 in 20,000 non-matching pairs reach 100 pairs to count.
U_SAMPLE_PAIRS = 2e6
# Blocked pairs one expectation-maximisation session reads at most; a block with more is
# sampled to about this many (a share of its pairs chosen by a hash of the record ids:
# features.sample_keys).
# EM estimates m, the share of one person's record pairs at each level, from the pairs a
# block holds; a million records (`large`) put 18 million pairs in the date-of-birth
# block and 13 million in the name block, which took 167 of the stage's EM seconds on
# DuckDB's one training thread, while 2e6 pairs still hold about 63,000 true pairs to
# learn from (577,092 of those 18.2 million pairs, 3.2%, are one person's: generator
# truth). Blocks of the `default` world (about 50,000 records) hold under 100,000 pairs
# (67,131 and 56,261): never sampled.
EM_SAMPLE_PAIRS = 2e6
# columns each training or prior block joins on -> comparisons it cannot learn
_BLOCK_COLUMNS: dict[str, tuple[str, ...]] = {
    "dob": ("dob",),
    "forename_canonical+surname": ("forename_canonical", "surname"),
    "pnc_id": ("pnc_id",),
    "surname+postcode": ("surname", "postcode"),
    "forename_canonical+postcode": ("forename_canonical", "postcode"),
    "forename+surname+dob": ("forename", "surname", "dob"),
}
_BLOCKED_COMPARISONS: dict[str, set[str]] = {
    "dob": {"date_of_birth"},
    "forename_canonical+surname": {"forename", "surname"},
    "pnc_id": {"pnc_id"},
    "surname+postcode": {"surname", "postcode"},
    "forename_canonical+postcode": {"forename", "postcode"},
}
_PRIMARY_TRAINING = ("dob", "forename_canonical+surname", "pnc_id")


def settings_creator(*, prior: float = DEFAULT_PRIOR) -> SettingsCreator:
    """Untrained settings: dedupe of one table, comparisons, blocking, no raw values out.

    Parameters
    ----------
    prior : float
        Probability that two random records are the same person.

    Returns
    -------
    splink.SettingsCreator
    """
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=build_comparisons(),
        blocking_rules_to_generate_predictions=blocking_rules(),
        probability_two_random_records_match=prior,
        # Splink writes each level (gamma) only beside the compared values, so they are
        # retained in the database; scoring selects ids, levels and weights out of it
        # (:data:`person_resolution.scoring.PREDICTION_SQL`): names and dates of birth
        # never leave Splink
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=True,
        em_convergence=1e-4,
        max_iterations=25,
    )


def scaled_prior(model: dict[str, Any], n_records: int | None) -> float:
    """The saved prior rescaled to a data set of ``n_records`` records.

    The prior is the probability that two random records are one person. With about the
    same number of records per person, the true pairs grow with the record count and all
    pairs with its square, so the prior scales with (n_trained - 1) / (n - 1). A model
    saved without ``n_records_trained``, or no ``n_records``, keeps its prior.

    Parameters
    ----------
    model : dict
        A saved model.
    n_records : int or None
        Records of the data set being scored.

    Returns
    -------
    float
    """
    prior = float(model["probability_two_random_records_match"])
    trained = model.get(N_RECORDS_KEY)
    if not trained or not n_records or n_records < 2 or trained < 2:
        return prior
    return min(prior * (trained - 1) / (n_records - 1), 0.5)


def settings_for_dialect(
    model: dict[str, Any] | None, dialect: str, *, n_records: int | None = None
) -> dict[str, Any]:
    """Settings dict for a SQL dialect, with a saved model's parameters when given.

    Parameters
    ----------
    model : dict or None
        A saved model (Splink settings JSON with m and u probabilities).
    dialect : str
        ``duckdb`` or ``spark``.
    n_records : int, optional
        Records being scored: the saved prior is rescaled to them (:func:`scaled_prior`).

    Returns
    -------
    dict
        Splink settings dictionary.

    Raises
    ------
    ValueError
        When the saved model's comparisons or levels differ from the current code.
    """
    prior = DEFAULT_PRIOR if model is None else scaled_prior(model, n_records)
    settings = settings_creator(prior=prior).create_settings_dict(dialect)
    if model is None:
        return settings
    saved = {c["output_column_name"]: c["comparison_levels"] for c in model["comparisons"]}
    for comparison in settings["comparisons"]:
        name = comparison["output_column_name"]
        levels = saved.get(name)
        if levels is None or len(levels) != len(comparison["comparison_levels"]):
            raise ValueError(f"saved model does not match comparison {name!r}: retrain it")
        for level, saved_level in zip(comparison["comparison_levels"], levels, strict=True):
            if level.get("label_for_charts") != saved_level.get("label_for_charts"):
                raise ValueError(f"saved model levels of {name!r} differ: retrain it")
            for key in ("m_probability", "u_probability"):
                if saved_level.get(key) is not None:
                    level[key] = saved_level[key]
    return settings


def block_pair_count(features: pd.DataFrame, columns: tuple[str, ...]) -> int:
    """Record pairs an equi-join block on ``columns`` generates (nulls never join).

    Parameters
    ----------
    features : pd.DataFrame
        Prepared records.
    columns : tuple of str
        The columns the block joins on.

    Returns
    -------
    int
        Sum over blocks of n (n - 1) / 2.
    """
    frame = features[list(columns)].dropna()
    if frame.empty:
        return 0
    sizes = frame.groupby(list(columns), sort=False).size().to_numpy()
    return int((sizes * (sizes - 1) // 2).sum())


def _choose_training_rules(
    features: pd.DataFrame, *, min_pairs: int
) -> tuple[list[str], dict[str, int]]:
    """Training blocks that produce pairs, in preference order (see
    :data:`~person_resolution.blocking.TRAINING_BLOCKING_RULES`): the three primary
    blocks whenever they have pairs, and a postcode block only when it teaches a
    comparison that no chosen block leaves free."""
    counts = {name: block_pair_count(features, cols) for name, cols in _BLOCK_COLUMNS.items()}
    chosen: list[str] = []
    learnt: set[str] = set()
    every = set(COMPARISON_NAMES)
    for name in training_blocking_rules():
        if counts[name] < min_pairs:
            continue
        teaches = every - _BLOCKED_COMPARISONS[name]
        if name in _PRIMARY_TRAINING or teaches - learnt:
            chosen.append(name)
            learnt |= teaches
    return chosen, counts


# Recall of the prior's deterministic rules assumed before EM has run; after EM it is
# estimated from the data (:func:`prior_rule_recall`).
ASSUMED_PRIOR_RECALL = 0.8
# the recall estimate is kept in this range: a rule catching under 5% or over 99% of the
# true pairs means the m values behind the estimate did not converge
PRIOR_RECALL_RANGE = (0.05, 0.99)
# deterministic prior rule -> (feature column, comparison whose "exact" level it is)
_PRIOR_RULE_PARTS: dict[str, tuple[tuple[str, str], ...]] = {
    "pnc_id": (("pnc_id", "pnc_id"),),
    "forename+surname+dob": (
        ("forename", "forename"),
        ("surname", "surname"),
        ("dob", "date_of_birth"),
    ),
}


def _exact_m(model: dict[str, Any]) -> dict[str, float]:
    """m probability of each comparison's ``exact`` level (missing when not trained)."""
    out: dict[str, float] = {}
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            m = level.get("m_probability")
            if level.get("label_for_charts") == "exact" and m is not None:
                out[comparison["output_column_name"]] = float(m)
    return out


def prior_rule_recall(rules: list[str], m_exact: dict[str, float], features: pd.DataFrame) -> float:
    """Share of true pairs the prior's deterministic rules catch, from the data.

    A rule catches a true pair when both records carry each of its columns and the two
    agree exactly: per column, (share of records carrying it)^2 times the trained m of
    the comparison's exact level; the columns and rules taken as independent. A fixed
    0.8 held on the synthetic world (clean names, PNC ids) but not on heavily corrupted
    records: on FEBRL3 exact name and date of birth catch under half of the true pairs,
    so the fixed value halved the prior and held back true pairs at 0.9-0.99.

    Parameters
    ----------
    rules : list of str
        Names in ``_PRIOR_RULE_PARTS``.
    m_exact : dict
        Comparison -> m probability of its exact level.
    features : pd.DataFrame
        The prepared records.

    Returns
    -------
    float
        Recall of the union of the rules, within :data:`PRIOR_RECALL_RANGE`.
    """
    missed = 1.0
    for rule in rules:
        caught = 1.0
        for column, comparison in _PRIOR_RULE_PARTS[rule]:
            coverage = float(features[column].notna().mean()) if len(features) else 0.0
            caught *= coverage**2 * m_exact.get(comparison, ASSUMED_PRIOR_RECALL)
        missed *= 1.0 - caught
    low, high = PRIOR_RECALL_RANGE
    return min(max(1.0 - missed, low), high)


def cap_below_different(linker: Linker) -> list[str]:
    """Keep every level of agreement at or above its comparison's "different" level.

    Agreeing in part cannot be stronger evidence against a match than not agreeing at
    all. EM breaks this when a level holds (almost) no true pairs: its m goes to zero
    and its weight to minus infinity (measured: "2 or 3 address words in common" at
    -58.8 on the default world, whose records never vary an address in part, so the
    level held only neighbours). Such a level's m is raised so its weight equals the
    "different" level's, and the comparison's m values are renormalised to sum to 1.

    Parameters
    ----------
    linker : splink.Linker
        A trained linker (changed in place).

    Returns
    -------
    list of str
        ``comparison: level`` of every level capped (saved with the training report).
    """
    capped: list[str] = []
    for comparison in linker._settings_obj.comparisons:
        levels = [lv for lv in comparison.comparison_levels if not lv.is_null_level]
        other = [lv for lv in levels if lv._is_else_level]
        if len(other) != 1 or not other[0]._is_trained:
            continue
        floor = other[0].m_probability / other[0].u_probability
        changed = False
        for level in levels:
            if level._is_else_level or not level._is_trained:
                continue
            if level.m_probability / level.u_probability < floor:
                level.m_probability = level.u_probability * floor
                capped.append(f"{comparison.output_column_name}: {level.label_for_charts}")
                changed = True
        if changed:
            trained = [lv for lv in levels if lv._m_is_trained]
            total = sum(lv.m_probability for lv in trained)
            for level in trained:
                level.m_probability = level.m_probability / total
    return capped


def train_linker(
    linker: Linker,
    features: pd.DataFrame,
    *,
    seed: int,
    max_pairs_u: float = U_SAMPLE_PAIRS,
    max_pairs_em: float = EM_SAMPLE_PAIRS,
    min_pairs: int = MIN_TRAINING_PAIRS,
) -> dict[str, Any]:
    """Train a linker unsupervised on its own data, with blocks that exist in it.

    The prior comes from deterministic rules (same PNC id; same forename, surname and
    date of birth): first with an assumed recall of 0.8, then, after EM, with the recall
    the trained m values give (:func:`prior_rule_recall`); u from a seeded random sample of
    pairs, m from expectation maximisation over the training blocks that produce at
    least ``min_pairs`` pairs on these records (:func:`_choose_training_rules`): without
    PNC ids the PNC block is skipped, without dates of birth the postcode blocks stand
    in. A level EM put below its comparison's "different" level is capped there
    (:func:`cap_below_different`). A block with more than ``max_pairs_em`` pairs is
    trained on a sample of about that many: the pairs whose first record's
    ``sample_key`` (:func:`~person_resolution.features.sample_keys`) is below the share
    kept. The blocks used, skipped and sampled are returned, and saved with the model.

    Parameters
    ----------
    linker : splink.Linker
        A linker holding the records to resolve.
    features : pd.DataFrame
        The same records, prepared (to count each block's pairs before training).
    seed : int
        Seed of the random pair sample. A build passes var ``splink_seed``; no
        default, so no caller holds a copy.
    max_pairs_u : float
        Pairs sampled to estimate u (default :data:`U_SAMPLE_PAIRS`).
    max_pairs_em : float
        Blocked pairs one EM session reads at most (default :data:`EM_SAMPLE_PAIRS`);
        the linker's table needs the features' ``sample_key`` when a block has more.
    min_pairs : int
        Fewest blocked pairs for a training block to run.

    Returns
    -------
    dict
        ``em_blocks`` (names used, in order), ``em_blocks_skipped`` (name -> its pair
        count), ``em_blocks_sampled`` (name -> share of its pairs kept),
        ``prior_blocks`` (deterministic rules the prior came from, empty when none had
        pairs and the default prior was kept), ``pair_counts``, ``seed``.

    Raises
    ------
    ValueError
        When no training block produces ``min_pairs`` pairs (one line, with the counts).
    """
    chosen, counts = _choose_training_rules(features, min_pairs=min_pairs)
    if not chosen:
        raise ValueError(
            f"no Splink training block has {min_pairs} record pairs on these records "
            f"(pairs per block: {counts}); score with a saved model (var splink_model_path)"
        )
    prior_rules = [name for name in ("pnc_id", "forename+surname+dob") if counts[name] > 0]
    prior_creators = {
        "pnc_id": block_on("pnc_id"),
        "forename+surname+dob": block_on("forename", "surname", "dob"),
    }
    if prior_rules:  # a first prior for EM to start from
        linker.training.estimate_probability_two_random_records_match(
            [prior_creators[name] for name in prior_rules], recall=ASSUMED_PRIOR_RECALL
        )
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs_u, seed=seed)
    rules = training_blocking_rules()
    sampled: dict[str, float] = {}
    for name in chosen:
        rule = rules[name]
        if counts[name] > max_pairs_em:
            # a share fixed to 6 significant digits: the SQL and the report say the same
            sampled[name] = float(f"{max_pairs_em / counts[name]:.6g}")
            rule = And(rule, CustomRule(f"l.sample_key < {sampled[name]!r}"))
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    capped = cap_below_different(linker)
    recall = None
    if prior_rules:  # the prior again, with the recall the trained m values give
        m_exact = _exact_m(linker.misc.save_model_to_json(out_path=None))
        recall = prior_rule_recall(prior_rules, m_exact, features)
        linker.training.estimate_probability_two_random_records_match(
            [prior_creators[name] for name in prior_rules], recall=recall
        )
    return {
        "prior_rule_recall": recall,
        "em_blocks": chosen,
        "em_blocks_skipped": {n: counts[n] for n in rules if n not in chosen},
        "em_blocks_sampled": sampled,
        "levels_capped_at_different": capped,
        "prior_blocks": prior_rules,
        "pair_counts": counts,
        "min_pairs": int(min_pairs),
        "seed": int(seed),
        "max_pairs_u": float(max_pairs_u),
        "max_pairs_em": float(max_pairs_em),
    }


def save_model(
    linker: Linker,
    path: str | Path | None,
    *,
    n_records: int | None = None,
    training: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Write the trained model as Splink JSON and return it.

    Parameters
    ----------
    linker : splink.Linker
        A trained linker.
    path : str, Path or None
        Output file (parents created); None returns the model without writing it.
    n_records : int, optional
        Records trained on, saved as ``n_records_trained`` so that scoring another
        number of records rescales the prior (:func:`scaled_prior`).
    training : dict, optional
        What :func:`train_linker` reported (blocks used and skipped), saved as
        ``training`` so the model says how it was estimated.

    Returns
    -------
    dict
        The saved settings.
    """
    model = linker.misc.save_model_to_json(out_path=None)
    model.pop("linker_uid", None)  # random per run; keeps the file stable
    if n_records:
        model[N_RECORDS_KEY] = int(n_records)
    if training is not None:
        model[TRAINING_KEY] = training
    if path is None:
        return model
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(model, indent=2, sort_keys=True) + "\n")
    return model


def load_model(path: str | Path | None) -> dict[str, Any] | None:
    """Read a saved model; ``None`` or an empty path means "train on the data".

    Parameters
    ----------
    path : str, Path or None

    Returns
    -------
    dict or None
    """
    if path is None or str(path).strip() == "":
        return None
    return json.loads(Path(path).read_text())


def level_weights(model: dict[str, Any]) -> list[dict[str, Any]]:
    """Match weight (log2 m/u) of every comparison level of a model.

    Parameters
    ----------
    model : dict
        Saved model settings.

    Returns
    -------
    list of dict
        ``comparison``, ``level`` (gamma value, -1 = missing), ``label``, ``m_probability``,
        ``u_probability``, ``match_weight`` (None for missing levels).
    """
    rows: list[dict[str, Any]] = []
    for comparison in model["comparisons"]:
        name = comparison["output_column_name"]
        levels = comparison["comparison_levels"]
        non_null = [lv for lv in levels if not lv.get("is_null_level")]
        for lv in levels:
            is_null = bool(lv.get("is_null_level"))
            gamma = -1 if is_null else len(non_null) - 1 - non_null.index(lv)
            m, u = lv.get("m_probability"), lv.get("u_probability")
            weight = None if is_null or not m or not u else math.log2(m / u)
            rows.append(
                {
                    "comparison": name,
                    "level": gamma,
                    "label": lv.get("label_for_charts"),
                    "m_probability": m,
                    "u_probability": u,
                    "match_weight": weight,
                }
            )
    order = {name: i for i, name in enumerate(COMPARISON_NAMES)}
    rows.sort(key=lambda r: (order.get(r["comparison"], 99), -r["level"]))
    return rows
