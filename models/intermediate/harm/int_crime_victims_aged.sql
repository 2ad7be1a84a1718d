-- Victims of each crime known at the as-of date (int_crimes_known), with their age at the offence
-- and safeguarding flags, for the victim counts of networks and people.
with

involvements as (
    select distinct
        crime_id,
        person_id
    from {{ ref('int_crime_involvements_resolved') }}
    where involvement = 'VICTIM'
),

crimes as (
    select
        crime_id,
        offence_code,
        offence_at,
        is_cse,
        is_child_sexual_offence_code
    from {{ ref('int_crimes_cse_classified') }}
),

persons as (
    select
        person_id,
        date_of_birth,
        has_safeguarding_flag
    from {{ ref('int_persons') }}
),

victim_crime_counts as (
    select
        involvements.person_id,
        count(distinct involvements.crime_id) as n_crimes_as_victim
    from involvements
    inner join crimes on involvements.crime_id = crimes.crime_id
    group by involvements.person_id
),

final as (
    select
        involvements.crime_id,
        involvements.person_id as victim_person_id,
        crimes.offence_code,
        crimes.offence_at,
        crimes.is_cse,
        crimes.is_child_sexual_offence_code,
        floor(months_between(crimes.offence_at, persons.date_of_birth) / 12)
            as age_at_offence_years,
        -- by the date of birth; with none, by an offence that requires a child
        -- victim; otherwise not counted as a child (the count is a floor)
        {{ is_child_victim(
            'crimes.offence_at', 'persons.date_of_birth', 'crimes.is_child_sexual_offence_code'
        ) }} as is_child_at_offence,
        case
            when persons.date_of_birth is not null then 'DATE_OF_BIRTH'
            when crimes.is_child_sexual_offence_code then 'OFFENCE_DEFINITION'
            else 'UNKNOWN'
        end as child_status_basis,
        coalesce(persons.has_safeguarding_flag, false) as has_safeguarding_flag,
        victim_crime_counts.n_crimes_as_victim > 1 as is_repeat_victim,
        crimes.offence_at
        >= add_months(date'{{ as_of_date() }}', -{{ var('activity_window_months') }})
            as is_in_activity_window
    from involvements
    inner join crimes on involvements.crime_id = crimes.crime_id
    left join persons on involvements.person_id = persons.person_id
    inner join victim_crime_counts on involvements.person_id = victim_crime_counts.person_id
)

select * from final
