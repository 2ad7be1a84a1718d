-- Explains each Splink merge: for every Splink pair at or above the threshold whose
-- two records ended in the same person, the match weight of each comparison; and for
-- a near-empty record attached to a person, its pairs with the same middle name there.

with

scored as (
    select * from {{ ref('int_person_record_pairs_scored') }}
    where
        (
            match_probability >= {{ var('splink_threshold') }}
            and not is_record_a_near_empty
            and not is_record_b_near_empty
        )
        or (is_record_a_near_empty != is_record_b_near_empty and middle_name_level = 1)
),

clusters as (
    select
        record_id,
        anchor_record_id
    from {{ ref('int_person_records_clustered') }}
),

merged_pairs as (
    select scored.*
    from scored
    inner join clusters as clusters_a on scored.record_id_a = clusters_a.record_id
    inner join clusters as clusters_b on scored.record_id_b = clusters_b.record_id
    where clusters_a.anchor_record_id = clusters_b.anchor_record_id
),

-- one row per comparison of each pair
comparisons_exploded as (
    select
        merged_pairs.record_id_a,
        merged_pairs.record_id_b,
        merged_pairs.match_probability,
        merged_pairs.match_weight as pair_match_weight,
        comparison.name as comparison_name,
        comparison.level as comparison_level,
        comparison.label as comparison_label,
        comparison.weight as match_weight
    from merged_pairs
        lateral view explode(
            array(
                named_struct(
                    'name', 'forename',
                    'level', forename_level,
                    'label', forename_label,
                    'weight', forename_match_weight
                ),
                named_struct(
                    'name', 'surname',
                    'level', surname_level,
                    'label', surname_label,
                    'weight', surname_match_weight
                ),
                named_struct(
                    'name', 'date_of_birth',
                    'level', date_of_birth_level,
                    'label', date_of_birth_label,
                    'weight', date_of_birth_match_weight
                ),
                named_struct(
                    'name', 'pnc_id',
                    'level', pnc_id_level,
                    'label', pnc_id_label,
                    'weight', pnc_id_match_weight
                ),
                named_struct(
                    'name', 'postcode',
                    'level', postcode_level,
                    'label', postcode_label,
                    'weight', postcode_match_weight
                ),
                named_struct(
                    'name', 'address',
                    'level', address_level,
                    'label', address_label,
                    'weight', address_match_weight
                ),
                named_struct(
                    'name', 'gender',
                    'level', gender_level,
                    'label', gender_label,
                    'weight', gender_match_weight
                )
            )
        ) exploded as comparison
),

final as (
    select * from comparisons_exploded
)

select * from final
