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
        cast(network_id as string) as network_id,
        cast(offender_person_id as string) as offender_person_id,
        cast(victim_person_id as string) as victim_person_id,
        cast(link_type as string) as link_type,
        cast(n_crimes as bigint) as n_crimes,
        cast(n_cse_crimes as bigint) as n_cse_crimes,
        cast(first_offence_at as timestamp) as first_offence_at,
        cast(last_offence_at as timestamp) as last_offence_at
    from victim_links
)

select * from final
