-- Breach reasons (rows quarantined) and quality flags (rows kept with a
-- flag) counted per table: the input of the data quality report.

-- noqa: disable=RF04
with

quarantined as (

    select
        table_name,
        breach_reasons
    from {{ ref('int_quarantined_rows_unioned') }}

),

nominals as (

    select
        is_dob_placeholder,
        is_pnc_unparseable
    from {{ ref('stg_person_records__nominals') }}

),

crimes as (

    select is_cse_flag_missing
    from {{ ref('stg_crimes__crimes') }}

),

reports as (

    select is_cse_mark_missing
    from {{ ref('stg_intel__reports') }}

),

reasons_exploded as (

    select
        table_name,
        explode(breach_reasons) as breach_reason
    from quarantined

),

breaches_counted as (

    select
        table_name,
        breach_reason,
        true as is_quarantining,
        count(*) as n_rows
    from reasons_exploded
    group by table_name, breach_reason

),

flags_counted as (

    select
        'nominals' as table_name,
        'PLACEHOLDER_DATE:date_of_birth' as breach_reason,
        false as is_quarantining,
        count_if(is_dob_placeholder) as n_rows
    from nominals

    union all

    select
        'nominals' as table_name,
        'UNPARSEABLE_VALUE:pnc_id' as breach_reason,
        false as is_quarantining,
        count_if(is_pnc_unparseable) as n_rows
    from nominals

    union all

    select
        'crimes' as table_name,
        'NULL_DEFAULTED:is_cse_flagged' as breach_reason,
        false as is_quarantining,
        count_if(is_cse_flag_missing) as n_rows
    from crimes

    union all

    select
        'intel_reports' as table_name,
        'NULL_DEFAULTED:is_cse_marked' as breach_reason,
        false as is_quarantining,
        count_if(is_cse_mark_missing) as n_rows
    from reports

),

counted as (

    select * from breaches_counted

    union all

    select * from flags_counted

),

final as (

    select
        table_name,
        breach_reason,
        split_part(breach_reason, ':', 1) as breach_class,
        nullif(split_part(breach_reason, ':', 2), '') as column_name,
        is_quarantining,
        n_rows
    from counted

)

select * from final
