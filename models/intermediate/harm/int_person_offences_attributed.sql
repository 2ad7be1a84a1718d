-- Crimes each person is a suspect or offender of, known at the as-of date
-- (int_crimes_known), with the harm of the offence from the harm table (var
-- harm_table_seed) and its recency.
with

involvements as (
    select
        crime_id,
        person_id
    from {{ ref('int_crime_involvements_resolved') }}
    where is_suspect_or_offender
),

crimes as (
    select
        crime_id,
        offence_code,
        offence_at,
        is_cse
    from {{ ref('int_crimes_cse_classified') }}
),

harm_table as (
    select
        offence_code,
        description as offence_description,
        cast(is_child_sexual_offence as boolean) as is_child_sexual_offence,
        cast(harm_days as double) as harm_days
    from {{ ref(var('harm_table_seed')) }}
),

-- A person recorded as both suspect and offender of one crime counts once.
offences_deduplicated as (
    select distinct
        crime_id,
        person_id
    from involvements
),

offences_harmed as (
    select
        offences_deduplicated.person_id,
        offences_deduplicated.crime_id,
        crimes.offence_code,
        coalesce(harm_table.offence_description, 'Unknown offence') as offence_description,
        crimes.offence_at,
        crimes.is_cse,
        coalesce(harm_table.is_child_sexual_offence, false) as is_child_sexual_offence,
        coalesce(harm_table.harm_days, 0.0) as harm_days,
        -- crimes are those known at the as-of date; same-day offences have age 0
        greatest(datediff(date '{{ as_of_date() }}', to_date(crimes.offence_at)), 0)
            as days_before_as_of
    from offences_deduplicated
    inner join crimes on offences_deduplicated.crime_id = crimes.crime_id
    left join harm_table on crimes.offence_code = harm_table.offence_code
),

final as (
    select
        *,
        power(0.5, days_before_as_of / {{ var('harm_recency_half_life_days') }})
            as recency_factor,
        offence_at
        >= add_months(date '{{ as_of_date() }}', -{{ var('activity_window_months') }})
            as is_in_activity_window
    from offences_harmed
)

select * from final
