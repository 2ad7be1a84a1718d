-- Victims linked to each network, for safeguarding.
with

victims as (
    select
        network_id,
        victim_person_id,
        n_crimes,
        n_cse_crimes,
        n_crimes_in_window,
        first_offence_at,
        last_offence_at,
        age_at_first_offence_years,
        is_child_at_first_offence,
        is_child_at_any_offence,
        has_safeguarding_flag,
        is_repeat_victim,
        is_cse_victim
    from {{ ref('pg_network_victims_linked') }}
),

final as (
    select
        cast(network_id as string) as network_id,
        cast(victim_person_id as string) as victim_person_id,
        cast(n_crimes as bigint) as n_crimes,
        cast(first_offence_at as timestamp) as first_offence_at,
        cast(last_offence_at as timestamp) as last_offence_at,
        cast(is_child_at_first_offence as boolean) as is_child_at_first_offence,
        cast(n_cse_crimes as bigint) as n_cse_crimes,
        cast(n_crimes_in_window as bigint) as n_crimes_in_window,
        cast(age_at_first_offence_years as bigint) as age_at_first_offence_years,
        cast(is_child_at_any_offence as boolean) as is_child_at_any_offence,
        cast(has_safeguarding_flag as boolean) as has_safeguarding_flag,
        cast(is_repeat_victim as boolean) as is_repeat_victim,
        cast(is_cse_victim as boolean) as is_cse_victim
    from victims
)

select * from final
