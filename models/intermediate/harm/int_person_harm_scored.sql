-- Crime harm per person as suspect or offender, with gravity, frequency and
-- recency kept as separate components and a recency-weighted harm.
with

offences as (
    select
        person_id,
        crime_id,
        harm_days,
        is_cse,
        is_child_sexual_offence,
        offence_at,
        days_before_as_of,
        recency_factor,
        is_in_activity_window
    from {{ ref('int_person_offences_attributed') }}
),

harm_aggregated as (
    select
        person_id,
        {{ crime_counts() }},
        count_if(is_in_activity_window) as n_crimes_in_window,
        {{ crime_harm_sums() }},
        max(harm_days) as max_crime_harm_days,
        min(offence_at) as first_offence_at,
        max(offence_at) as last_offence_at,
        min(days_before_as_of) as days_since_last_offence
    from offences
    group by person_id
),

final as (
    select
        person_id,
        n_crimes,
        n_cse_crimes,
        n_child_sexual_offence_crimes,
        n_crimes_in_window,
        cast(harm_days as double) as harm_days,
        cast(cse_harm_days as double) as cse_harm_days,
        cast(harm_days_recency_weighted as double) as harm_days_recency_weighted,
        cast(max_crime_harm_days as double) as gravity_harm_days,
        first_offence_at,
        last_offence_at,
        days_since_last_offence,
        power(0.5, days_since_last_offence / {{ var('harm_recency_half_life_days') }})
            as recency_score
    from harm_aggregated
)

select * from final
