-- Compared candidate pairs (a < b) that the two comparison rules match, never
-- across two different PNC ids or stated genders: NAME_DOB_FUZZY (close names
-- and an equal or transposed date of birth, or near-identical names a birth
-- year apart) and NAME_IDENTIFIER (a personal identifier on both records and
-- names that agree: the evidence that joins a record holding only a name; never
-- two different dates of birth, where equal, transposed or one year apart are
-- not different). Rule priorities: var identity_rule_priorities.
{%- set max_edit = var('identity_fuzzy_max_edit_distance') %}
{%- set priorities = var('identity_rule_priorities') %}

with

compared as (
    select * from {{ ref('int_person_record_pairs_compared') }}
    where not is_pnc_conflict and not is_gender_conflict
),

fuzzy_pairs as (
    select
        record_id_a,
        record_id_b,
        'NAME_DOB_FUZZY' as resolution_rule,
        {{ priorities['NAME_DOB_FUZZY'] }} as rule_priority,
        concat_ws(
            '; ',
            concat('dob ', lower(dob_relation)),
            name_evidence,
            surname_soundex_evidence,
            surname_part_evidence
        ) as match_evidence
    from compared
    where
        (
            dob_relation in ('EQUAL', 'TRANSPOSED')
            and (
                is_given_name_swapped
                or (
                    (
                        is_forename_canonical_equal
                        or is_forename_close
                        or is_forename_middle_swapped
                    )
                    and (
                        is_surname_close
                        or is_surname_part_shared
                        or (is_surname_soundex_equal and surname_distance <= {{ max_edit }} + 1)
                    )
                )
            )
        )
        -- a wrong birth year only with near-identical names
        or (
            dob_relation = 'YEAR_OFF_BY_ONE'
            and is_forename_canonical_equal
            and surname_distance <= 1
        )
),

identifier_pairs as (
    select
        record_id_a,
        record_id_b,
        'NAME_IDENTIFIER' as resolution_rule,
        {{ priorities['NAME_IDENTIFIER'] }} as rule_priority,
        concat_ws(
            '; ',
            concat(
                'same ', array_join(shared_identifier_kinds, ' and '),
                ' on both records in overlapping periods'
            ),
            name_evidence,
            surname_part_evidence
        ) as match_evidence
    from compared
    where
        has_shared_identifier
        and (not has_both_dob or dob_relation is not null)
        and (
            is_given_name_swapped
            or (
                (is_forename_canonical_equal or is_forename_close or is_forename_middle_swapped)
                and (is_surname_close or is_surname_part_shared)
            )
        )
),

final as (
    select * from fuzzy_pairs
    union all
    select * from identifier_pairs
)

select * from final
