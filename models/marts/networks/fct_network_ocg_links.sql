-- Links between CSE networks and organised crime groups of the SOC network.
with

ocg_links as (
    select * from {{ ref('pg_network_ocg_links_found') }}
),

final as (
    select
        cast(network_id as string) as network_id,
        cast(ocg_id as string) as ocg_id,
        cast(n_shared_members as bigint) as n_shared_members,
        cast(n_direct_links as bigint) as n_direct_links,
        cast(link_persons as array<string>) as link_persons,
        cast(ocg_contact_person_ids as array<string>) as ocg_contact_person_ids,
        cast(ocg_threat_band as bigint) as ocg_threat_band
    from ocg_links
)

select * from final
