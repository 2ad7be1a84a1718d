-- Each candidate pair compared field by field: how the dates of birth relate,
-- name distances and swaps, conflicts (PNC id, stated gender), and the name
-- evidence in plain English, written once for every rule that matches on names.
-- Edit distance allowed: var identity_fuzzy_max_edit_distance for long names,
-- one letter for names of var identity_fuzzy_short_name_length or fewer.
{%- set max_edit = var('identity_fuzzy_max_edit_distance') %}
{%- set short_name = var('identity_fuzzy_short_name_length') %}

with

records as (
    select * from {{ ref('int_person_records_prepared') }}
),

candidates as (
    select
        record_id_a,
        record_id_b,
        shared_identifier_kinds
    from {{ ref('int_person_record_pairs_blocked') }}
),

candidates_compared as (
    select
        candidates.record_id_a,
        candidates.record_id_b,
        case
            when records_a.date_of_birth = records_b.date_of_birth then 'EQUAL'
            when
                records_a.date_of_birth_transposed = records_b.date_of_birth
                then 'TRANSPOSED'
            when
                month(records_a.date_of_birth) = month(records_b.date_of_birth)
                and day(records_a.date_of_birth) = day(records_b.date_of_birth)
                and abs(records_a.birth_year - records_b.birth_year) = 1
                then 'YEAR_OFF_BY_ONE'
        end as dob_relation,
        coalesce(
            records_a.date_of_birth is not null and records_b.date_of_birth is not null, false
        ) as has_both_dob,
        candidates.shared_identifier_kinds is not null as has_shared_identifier,
        candidates.shared_identifier_kinds,
        coalesce(
            arrays_overlap(
                records_a.forename_canonical_keys, records_b.forename_canonical_keys
            ),
            false
        ) as is_forename_canonical_equal,
        levenshtein(records_a.forename_key, records_b.forename_key) as forename_distance,
        least(length(records_a.forename_key), length(records_b.forename_key))
            as forename_min_length,
        coalesce(
            records_a.forename_key = records_b.middle_name_key
            or records_a.middle_name_key = records_b.forename_key,
            false
        ) as is_forename_middle_swapped,
        levenshtein(records_a.surname_key, records_b.surname_key) as surname_distance,
        least(length(records_a.surname_key), length(records_b.surname_key))
            as surname_min_length,
        coalesce(records_a.surname_soundex = records_b.surname_soundex, false)
            as is_surname_soundex_equal,
        coalesce(arrays_overlap(records_a.surname_parts, records_b.surname_parts), false)
            as is_surname_part_shared,
        coalesce(
            levenshtein(records_a.forename_key, records_b.surname_key) <= 1
            and levenshtein(records_a.surname_key, records_b.forename_key) <= 1,
            false
        ) as is_given_name_swapped,
        {{ gender_conflict() }} as is_gender_conflict,
        {{ pnc_conflict() }} as is_pnc_conflict
    from candidates
    inner join records as records_a on candidates.record_id_a = records_a.record_id
    inner join records as records_b on candidates.record_id_b = records_b.record_id
),

-- Edit distance allowed: max_edit for long names, one letter for short ones.
names_assessed as (
    select
        *,
        coalesce(
            surname_distance <= if(surname_min_length <= {{ short_name }}, 1, {{ max_edit }}),
            false
        ) as is_surname_close,
        coalesce(
            forename_distance <= if(forename_min_length <= {{ short_name }}, 1, {{ max_edit }}),
            false
        ) as is_forename_close
    from candidates_compared
),

-- The name evidence in plain English, written once for every rule that matches
-- on names (null when nothing applies, so concat_ws skips it).
final as (
    select
        *,
        nullif(concat_ws(
            '; ',
            if(is_given_name_swapped, 'forename and surname swapped', null),
            if(is_forename_canonical_equal, 'forename same canonical name', null),
            if(is_forename_middle_swapped, 'forename and middle name swapped', null),
            if(
                is_forename_close and not is_forename_canonical_equal,
                concat('forename edit distance ', forename_distance),
                null
            ),
            if(surname_distance = 0, 'surname equal', null),
            if(
                surname_distance > 0 and is_surname_close,
                concat('surname edit distance ', surname_distance),
                null
            )
        ), '') as name_evidence,
        if(
            surname_distance > 0 and is_surname_soundex_equal, 'surname same soundex', null
        ) as surname_soundex_evidence,
        if(
            surname_distance > 0 and is_surname_part_shared,
            'surname shares a double-barrelled part',
            null
        ) as surname_part_evidence
    from names_assessed
)

select * from final
