-- Deterministic match rules over blocked candidate pairs; one row per matched
-- record pair (a < b) with its strongest rule. Clustering happens downstream,
-- so a probabilistic pair source can be unioned in before it. Rule priorities:
-- var identity_rule_priorities (1 = strongest).
{%- set max_edit = var('identity_fuzzy_max_edit_distance') %}
{%- set short_name = var('identity_fuzzy_short_name_length') %}
{%- set identifier_types = var('identity_identifier_types') %}
{%- set identifier_max_records = var('identity_identifier_max_records') %}
{%- set priorities = var('identity_rule_priorities') %}

with

records as (
    select * from {{ ref('int_person_records_prepared') }}
),

identifiers as (
    select
        record_id,
        identifier_type,
        identifier_value,
        observed_from,
        coalesce(observed_to, date '9999-12-31') as observed_until
    from {{ ref('stg_person_records__identifiers') }}
    where identifier_type in {{ sql_list(identifier_types) }}
),

overrides as (
    select
        override_id,
        least(record_id_a, record_id_b) as record_id_a,
        greatest(record_id_a, record_id_b) as record_id_b
    from {{ ref('person_merge_overrides') }}
    where upper(decision) = 'MERGE' and record_id_a != record_id_b
),

override_pairs as (
    select
        overrides.record_id_a,
        overrides.record_id_b,
        'ANALYST_OVERRIDE' as resolution_rule,
        {{ priorities['ANALYST_OVERRIDE'] }} as rule_priority,
        concat('override ', overrides.override_id) as match_evidence
    from overrides
    inner join records as records_a on overrides.record_id_a = records_a.record_id
    inner join records as records_b on overrides.record_id_b = records_b.record_id
),

pnc_pairs as (
    select
        records_a.record_id as record_id_a,
        records_b.record_id as record_id_b,
        'PNC' as resolution_rule,
        {{ priorities['PNC'] }} as rule_priority,
        'same PNC id' as match_evidence
    from records as records_a
    inner join records as records_b
        on
            records_a.pnc_id = records_b.pnc_id
            and records_a.record_id < records_b.record_id
),

exact_pairs as (
    select
        records_a.record_id as record_id_a,
        records_b.record_id as record_id_b,
        'NAME_DOB_EXACT' as resolution_rule,
        {{ priorities['NAME_DOB_EXACT'] }} as rule_priority,
        'same forename, surname and date of birth' as match_evidence
    from records as records_a
    inner join records as records_b
        on
            records_a.name_key = records_b.name_key
            and records_a.date_of_birth = records_b.date_of_birth
            and records_a.record_id < records_b.record_id
    -- two different PNC ids are two different people
    where not coalesce(records_a.pnc_id != records_b.pnc_id, false)
),

-- Blocking keys; very large blocks carry no evidence and would explode the pairs.
records_blocked as (
    select
        records.*,
        count(*) over (partition by records.date_of_birth) as n_dob_block
    from records
    where records.date_of_birth is not null
),

canonical_names as (
    select
        record_id,
        surname_key,
        explode(forename_canonical_keys) as canonical_forename_key
    from records_blocked
    where surname_key is not null
),

canonical_name_blocks as (
    select
        record_id,
        canonical_forename_key,
        surname_key,
        count(*) over (partition by canonical_forename_key, surname_key) as n_name_block
    from canonical_names
),

-- A value on many records (a taxi office phone) is no evidence of identity.
identifiers_counted as (
    select
        *,
        size(collect_set(record_id) over (
            partition by identifier_type, identifier_value
        )) as n_records_holding
    from identifiers
),

identifiers_personal as (
    select *
    from identifiers_counted
    where n_records_holding <= {{ identifier_max_records }}
),

candidates_same_dob as (
    select
        records_a.record_id as record_id_a,
        records_b.record_id as record_id_b
    from records_blocked as records_a
    inner join records_blocked as records_b
        on
            records_a.date_of_birth = records_b.date_of_birth
            and records_a.record_id < records_b.record_id
    where records_a.n_dob_block <= {{ var('identity_max_block_size') }}
),

candidates_transposed_dob as (
    select
        least(records_a.record_id, records_b.record_id) as record_id_a,
        greatest(records_a.record_id, records_b.record_id) as record_id_b
    from records_blocked as records_a
    inner join records_blocked as records_b
        on records_a.date_of_birth_transposed = records_b.date_of_birth
    where
        records_a.n_dob_block <= {{ var('identity_max_block_size') }}
        and records_b.n_dob_block <= {{ var('identity_max_block_size') }}
),

candidates_same_name as (
    select distinct
        names_a.record_id as record_id_a,
        names_b.record_id as record_id_b
    from canonical_name_blocks as names_a
    inner join canonical_name_blocks as names_b
        on
            names_a.canonical_forename_key = names_b.canonical_forename_key
            and names_a.surname_key = names_b.surname_key
            and names_a.record_id < names_b.record_id
    where names_a.n_name_block <= {{ var('identity_max_block_size') }}
),

-- the same personal identifier on both records while both held it (a phone
-- re-issued years later, or a flat moved into, belongs to someone else); the
-- kinds shared are kept for the evidence text
candidates_shared_identifier as (
    select
        identifiers_a.record_id as record_id_a,
        identifiers_b.record_id as record_id_b,
        array_sort(
            collect_set(lower(replace(identifiers_a.identifier_type, '_', ' ')))
        ) as shared_identifier_kinds
    from identifiers_personal as identifiers_a
    inner join identifiers_personal as identifiers_b
        on
            identifiers_a.identifier_type = identifiers_b.identifier_type
            and identifiers_a.identifier_value = identifiers_b.identifier_value
            and identifiers_a.record_id < identifiers_b.record_id
            and identifiers_a.observed_from <= identifiers_b.observed_until
            and identifiers_a.observed_until >= identifiers_b.observed_from
    group by identifiers_a.record_id, identifiers_b.record_id
),

candidates as (
    select * from candidates_same_dob
    union
    select * from candidates_transposed_dob
    union
    select * from candidates_same_name
    union
    select
        record_id_a,
        record_id_b
    from candidates_shared_identifier
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
        shared_identifier.record_id_a is not null as has_shared_identifier,
        shared_identifier.shared_identifier_kinds,
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
        coalesce(
            records_a.gender in ('M', 'F')
            and records_b.gender in ('M', 'F')
            and records_a.gender != records_b.gender,
            false
        ) as is_gender_conflict,
        coalesce(records_a.pnc_id != records_b.pnc_id, false) as is_pnc_conflict
    from candidates
    inner join records as records_a on candidates.record_id_a = records_a.record_id
    inner join records as records_b on candidates.record_id_b = records_b.record_id
    left join candidates_shared_identifier as shared_identifier
        on
            candidates.record_id_a = shared_identifier.record_id_a
            and candidates.record_id_b = shared_identifier.record_id_b
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
names_evidenced as (
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
    from names_evidenced
    where
        not is_pnc_conflict
        and not is_gender_conflict
        and (
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
        )
),

-- Without a date of birth on one side the same full name must be corroborated
-- by the same postcode; never two different PNC ids or genders.
missing_dob_pairs as (
    select
        records_a.record_id as record_id_a,
        records_b.record_id as record_id_b,
        'NAME_DOB_FUZZY' as resolution_rule,
        {{ priorities['NAME_DOB_FUZZY'] }} as rule_priority,
        'dob missing; same forename, surname and postcode' as match_evidence
    from records as records_a
    inner join records as records_b
        on
            records_a.name_key = records_b.name_key
            and records_a.postcode = records_b.postcode
            and records_a.record_id < records_b.record_id
    where
        (records_a.date_of_birth is null or records_b.date_of_birth is null)
        and not coalesce(records_a.pnc_id != records_b.pnc_id, false)
        and not coalesce(
            records_a.gender in ('M', 'F')
            and records_b.gender in ('M', 'F')
            and records_a.gender != records_b.gender,
            false
        )
),

-- A personal identifier on both records and names that agree: the evidence that
-- joins a record holding only a name. Never two different PNC ids, genders or
-- dates of birth (equal, transposed or one year apart are not different).
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
    from names_evidenced
    where
        has_shared_identifier
        and not is_pnc_conflict
        and not is_gender_conflict
        and (not has_both_dob or dob_relation is not null)
        and (
            is_given_name_swapped
            or (
                (is_forename_canonical_equal or is_forename_close or is_forename_middle_swapped)
                and (is_surname_close or is_surname_part_shared)
            )
        )
),

rule_pairs as (
    select * from override_pairs
    union all
    select * from pnc_pairs
    union all
    select * from exact_pairs
    union all
    select * from fuzzy_pairs
    union all
    select * from missing_dob_pairs
    union all
    select * from identifier_pairs
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
