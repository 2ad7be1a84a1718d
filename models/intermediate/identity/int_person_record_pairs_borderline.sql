-- Splink pairs close to the match threshold, for analysts to confirm (MERGE) or reject
-- (DO_NOT_MERGE) through the override seed person_merge_overrides. The band is in
-- match-weight bits around the threshold's weight, log2(t / (1 - t)).
{%- set threshold = var('splink_threshold') %}
{%- set band = var('splink_borderline_band') %}

with

scored as (
    select * from {{ ref('int_person_record_pairs_scored') }}
),

clusters as (
    select
        record_id,
        anchor_record_id
    from {{ ref('int_person_records_clustered') }}
),

overrides as (
    select
        override_id,
        least(record_id_a, record_id_b) as record_id_a,
        greatest(record_id_a, record_id_b) as record_id_b,
        upper(decision) as decision
    from {{ ref('person_merge_overrides') }}
),

pairs_in_band as (
    select
        *,
        match_weight - log2({{ threshold }} / (1 - {{ threshold }})) as weight_above_threshold
    from scored
    where
        abs(match_weight - log2({{ threshold }} / (1 - {{ threshold }}))) <= {{ band }}
),

final as (
    select
        pairs_in_band.record_id_a,
        pairs_in_band.record_id_b,
        pairs_in_band.match_probability,
        pairs_in_band.match_weight,
        pairs_in_band.weight_above_threshold,
        pairs_in_band.match_probability >= {{ threshold }} as is_above_threshold,
        pairs_in_band.is_record_a_near_empty or pairs_in_band.is_record_b_near_empty
            as has_near_empty_record,
        coalesce(clusters_a.anchor_record_id = clusters_b.anchor_record_id, false)
            as is_same_person,
        concat_ws(
            '; ',
            concat('forename: ', pairs_in_band.forename_label),
            concat('surname: ', pairs_in_band.surname_label),
            concat('date_of_birth: ', pairs_in_band.date_of_birth_label),
            concat('pnc_id: ', pairs_in_band.pnc_id_label),
            concat('postcode: ', pairs_in_band.postcode_label),
            concat('address: ', pairs_in_band.address_label),
            concat('gender: ', pairs_in_band.gender_label)
        ) as comparison_summary,
        overrides.override_id,
        overrides.decision as review_decision
    from pairs_in_band
    left join clusters as clusters_a on pairs_in_band.record_id_a = clusters_a.record_id
    left join clusters as clusters_b on pairs_in_band.record_id_b = clusters_b.record_id
    left join overrides
        on
            pairs_in_band.record_id_a = overrides.record_id_a
            and pairs_in_band.record_id_b = overrides.record_id_b
)

select * from final
