-- Deterministic match rules over record pairs; one row per matched record pair
-- (a < b) with its strongest rule. The rules: int_person_record_pairs_key_matched
-- (equal keys) and int_person_record_pairs_fuzzy_matched (comparisons of the
-- blocked candidate pairs). Clustering happens downstream, so a probabilistic
-- pair source can be unioned in before it. Rule priorities: var
-- identity_rule_priorities (1 = strongest).
with

records as (
    select
        record_id,
        postcode,
        middle_name_key
    from {{ ref('int_person_records_prepared') }}
),

-- pairs holding a personal identifier at the same time (the blocking step's
-- shared-identifier candidates)
candidates_shared_identifier as (
    select
        record_id_a,
        record_id_b
    from {{ ref('int_person_record_pairs_blocked') }}
    where shared_identifier_kinds is not null
),

rule_pairs as (
    {% for rule_model in [
        'int_person_record_pairs_key_matched',
        'int_person_record_pairs_fuzzy_matched',
    ] -%}
        {% if not loop.first -%} union all {%- endif %}
        select
            record_id_a,
            record_id_b,
            resolution_rule,
            rule_priority,
            match_evidence
        from {{ ref(rule_model) }}
    {% endfor %}
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

-- A name and a date of birth are shared by more strangers the more people a
-- force holds (namesakes grow with the square of the records), so a NAME_DOB_*
-- pair is corroborated only by a field the namesakes do not share: the same
-- postcode district, the same middle name on both records, or a personal
-- identifier held by both at once. Uncorroborated, clustering asks Splink's
-- score, whose prior shrinks as the records grow (person_resolution.clustering).
strongest_pairs as (
    select *
    from pairs_ranked
    where rule_rank = 1
),

pairs_corroborated as (
    select
        strongest_pairs.*,
        coalesce(
            strongest_pairs.resolution_rule not in ('NAME_DOB_EXACT', 'NAME_DOB_FUZZY')
            or split(records_a.postcode, ' ')[0] = split(records_b.postcode, ' ')[0]
            or records_a.middle_name_key = records_b.middle_name_key
            or shared_identifier.record_id_a is not null,
            false
        ) as is_corroborated
    from strongest_pairs
    inner join records as records_a on strongest_pairs.record_id_a = records_a.record_id
    inner join records as records_b on strongest_pairs.record_id_b = records_b.record_id
    left join candidates_shared_identifier as shared_identifier
        on
            strongest_pairs.record_id_a = shared_identifier.record_id_a
            and strongest_pairs.record_id_b = shared_identifier.record_id_b
),

final as (
    select
        record_id_a,
        record_id_b,
        resolution_rule,
        rule_priority,
        matched_rules,
        cast(null as double) as match_probability,
        match_evidence,
        is_corroborated
    from pairs_corroborated
)

select * from final
