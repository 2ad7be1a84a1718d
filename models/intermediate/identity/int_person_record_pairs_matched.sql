-- Deterministic match rules over record pairs; one row per matched record pair
-- (a < b) with its strongest rule. The rules: int_person_record_pairs_key_matched
-- (equal keys) and int_person_record_pairs_fuzzy_matched (comparisons of the
-- blocked candidate pairs). Clustering happens downstream, so a probabilistic
-- pair source can be unioned in before it. Rule priorities: var
-- identity_rule_priorities (1 = strongest).
with

rule_pairs as (
    select
        record_id_a,
        record_id_b,
        resolution_rule,
        rule_priority,
        match_evidence
    from {{ ref('int_person_record_pairs_key_matched') }}
    union all
    select
        record_id_a,
        record_id_b,
        resolution_rule,
        rule_priority,
        match_evidence
    from {{ ref('int_person_record_pairs_fuzzy_matched') }}
),

pairs_ranked as (
    select
        *,
        row_number() over (
            partition by record_id_a, record_id_b order by rule_priority, match_evidence
        ) as rule_rank,
        array_sort(collect_set(resolution_rule) over (
            partition by record_id_a, record_id_b
        )) as matched_rules
    from rule_pairs
),

final as (
    select
        record_id_a,
        record_id_b,
        resolution_rule,
        rule_priority,
        matched_rules,
        cast(null as double) as match_probability,
        match_evidence
    from pairs_ranked
    where rule_rank = 1
)

select * from final
