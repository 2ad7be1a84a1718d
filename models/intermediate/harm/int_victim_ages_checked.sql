-- Victims whose child status rests on something other than an agreeing date of
-- birth, per offence code, for rpt_data_quality (docs block victim_rules):
-- CHILD_BY_OFFENCE_DEFINITION, no date of birth, counted as a child because the
-- offence requires a child victim; AGE_CONTRADICTS_OFFENCE, a date of birth that
-- makes the victim an adult at such an offence (counted by the date of birth).
with

victims as (
    select
        offence_code,
        is_child_sexual_offence_code,
        child_status_basis,
        is_child_at_offence
    from {{ ref('int_crime_victims_aged') }}
),

offence_codes as (
    select
        offence_code,
        description as offence_description
    from {{ ref('offence_codes') }}
),

victims_counted as (
    select
        offence_code,
        count(*) as n_victim_rows,
        count_if(child_status_basis = 'OFFENCE_DEFINITION') as n_child_by_offence_definition,
        count_if(
            child_status_basis = 'DATE_OF_BIRTH' and not is_child_at_offence
        ) as n_age_contradicts_offence
    from victims
    where is_child_sexual_offence_code
    group by offence_code
),

checks_unpivoted as (
    select
        offence_code,
        'CHILD_BY_OFFENCE_DEFINITION' as check_name,
        n_child_by_offence_definition as n_rows,
        n_victim_rows
    from victims_counted
    union all
    select
        offence_code,
        'AGE_CONTRADICTS_OFFENCE' as check_name,
        n_age_contradicts_offence as n_rows,
        n_victim_rows
    from victims_counted
),

final as (
    select
        checks_unpivoted.offence_code,
        offence_codes.offence_description,
        checks_unpivoted.check_name,
        checks_unpivoted.n_rows,
        checks_unpivoted.n_victim_rows,
        checks_unpivoted.n_rows / checks_unpivoted.n_victim_rows as share_of_victim_rows
    from checks_unpivoted
    left join offence_codes on checks_unpivoted.offence_code = offence_codes.offence_code
    where checks_unpivoted.n_rows > 0
)

select * from final
