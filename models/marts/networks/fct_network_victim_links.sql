-- Directed offender-to-victim links per network, for the link charts.
with

victim_links as (
    select
        network_id,
        offender_person_id,
        victim_person_id,
        link_type,
        n_crimes,
        n_cse_crimes,
        first_offence_at,
        last_offence_at
    from {{ ref('pg_network_victim_links_paired') }}
),

final as (
    select
        {{ contract_columns() }}
    from victim_links
)

select * from final
