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
        {{ contract_columns() }}
    from victims
)

select * from final
