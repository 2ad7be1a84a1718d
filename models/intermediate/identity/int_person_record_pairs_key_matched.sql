-- Record pairs (a < b) matched on equal keys of the two records: an analyst's
-- merge override, the same PNC id, the same forename, surname and date of birth,
-- or, without a date of birth on one side, the same full name corroborated by the
-- same postcode. Never two different PNC ids, or (without a date of birth) two
-- different stated genders. Rule priorities: var identity_rule_priorities.
{%- set priorities = var('identity_rule_priorities') %}

with

records as (
    select * from {{ ref('int_person_records_prepared') }}
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
    where not {{ pnc_conflict() }}
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
        and not {{ pnc_conflict() }}
        and not {{ gender_conflict() }}
),

final as (
    select * from override_pairs
    union all
    select * from pnc_pairs
    union all
    select * from exact_pairs
    union all
    select * from missing_dob_pairs
)

select * from final
