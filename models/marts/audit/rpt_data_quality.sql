-- Data quality in one long table, one check type per source of problems:
-- QUARANTINED_ROWS (distinct raw rows quarantined per table, with the share
-- of the table: a row breaking several rules counts once),
-- QUARANTINE (raw rows breaking the contract, by table and reason),
-- INTEL_EXCLUDED (intelligence left out as not credible, by scheme and grade),
-- IDENTIFIER_HUB (identifiers shared by too many people to be evidence),
-- IMPLAUSIBLE_PERSON (person records that cannot be one individual),
-- AFTER_AS_OF_DATE (rows left out as dated after the as-of date, per entity,
-- zeros included: not errors, a past as-of run leaves them out on purpose),
-- VICTIM_AGE (victims of offences that require a child victim whose child
-- status rests on the offence, or whose date of birth contradicts it).
with

quarantine as (
    select
        table_name,
        breach_reason,
        breach_class,
        is_quarantining,
        n_rows
    from {{ ref('int_quarantine_reasons_counted') }}
),

quarantined_tables as (
    select
        table_name,
        n_raw_rows,
        n_quarantined_rows,
        share_quarantined
    from {{ ref('int_quarantine_tables_counted') }}
),

intel_exclusions as (
    select
        grading_scheme,
        grade_text,
        exclusion_reason,
        n_reports,
        share_of_scheme_reports
    from {{ ref('int_intel_exclusions_counted') }}
),

hubs as (
    select
        identifier_type,
        identifier_id,
        n_persons,
        max_persons
    from {{ ref('int_identifier_hubs_identified') }}
),

implausible_persons as (
    select
        person_id,
        finding,
        reason,
        n_crimes_as_suspect,
        n_linked_persons
    from {{ ref('int_implausible_persons_flagged') }}
),

rows_after_as_of as (
    select
        entity,
        date_columns,
        as_of_date,
        n_rows_in,
        n_rows_after_as_of,
        share_after_as_of
    from {{ ref('int_rows_after_as_of_counted') }}
),

victim_ages as (
    select
        offence_code,
        offence_description,
        check_name,
        n_rows,
        n_victim_rows,
        share_of_victim_rows
    from {{ ref('int_victim_ages_checked') }}
),

checks_unioned as (
    select
        'QUARANTINED_ROWS' as check_type,
        table_name as subject,
        'DISTINCT_ROWS_QUARANTINED' as check_name,
        concat('of ', cast(n_raw_rows as string), ' raw rows') as check_detail,
        n_quarantined_rows as n_rows,
        share_quarantined as share_of_subject
    from quarantined_tables
    union all
    select
        'QUARANTINE' as check_type,
        table_name as subject,
        breach_reason as check_name,
        concat(breach_class, if(is_quarantining, ': row quarantined', ': row kept, flagged'))
            as check_detail,
        n_rows,
        cast(null as double) as share_of_subject
    from quarantine
    union all
    select
        'INTEL_EXCLUDED' as check_type,
        grading_scheme as subject,
        exclusion_reason as check_name,
        grade_text as check_detail,
        n_reports as n_rows,
        share_of_scheme_reports as share_of_subject
    from intel_exclusions
    union all
    select
        'IDENTIFIER_HUB' as check_type,
        identifier_type as subject,
        'HUB_IDENTIFIER' as check_name,
        -- the pseudonymous identifier id, never the address or number itself,
        -- with the limit of its type (seed identifier_hub_limits)
        concat(
            identifier_id, ': more than ', cast(max_persons as string),
            ' persons (hub limit of ', identifier_type, ')'
        ) as check_detail,
        n_persons as n_rows,
        cast(null as double) as share_of_subject
    from hubs
    union all
    select
        'IMPLAUSIBLE_PERSON' as check_type,
        -- the pseudonymous person id, never a name or date of birth
        person_id as subject,
        finding as check_name,
        concat(
            format_number(n_crimes_as_suspect, 0), ' crimes as suspect or offender, ',
            format_number(n_linked_persons, 0), ' linked persons: ', reason
        ) as check_detail,
        n_crimes_as_suspect as n_rows,
        cast(null as double) as share_of_subject
    from implausible_persons
    union all
    select
        'AFTER_AS_OF_DATE' as check_type,
        entity as subject,
        'ROWS_AFTER_AS_OF_DATE' as check_name,
        concat(
            date_columns, ' after ', cast(as_of_date as string), ', of ',
            format_number(n_rows_in, 0), ' rows'
        ) as check_detail,
        n_rows_after_as_of as n_rows,
        share_after_as_of as share_of_subject
    from rows_after_as_of
    union all
    select
        'VICTIM_AGE' as check_type,
        offence_code as subject,
        check_name,
        concat(
            coalesce(offence_description, offence_code), ': ',
            if(
                check_name = 'CHILD_BY_OFFENCE_DEFINITION',
                'no date of birth; counted as a child because the offence requires a child victim',
                'the date of birth makes the victim an adult at an offence that requires a child'
                || ' victim; counted by the date of birth, not as a child: check the record'
            ),
            ', of ', format_number(n_victim_rows, 0), ' victim rows of the offence'
        ) as check_detail,
        n_rows,
        share_of_victim_rows as share_of_subject
    from victim_ages
),

final as (
    select
        {{ declared_columns(cast=true) }}
    from checks_unioned
)

select * from final
