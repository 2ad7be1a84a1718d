-- Typed links between networks: the offender-side edges that cross from one
-- network to another, with the people at either end who bridge them, and the
-- victims the two networks share (docs block network_definition). One row per
-- ordered pair of linked networks.
with

links as (
    select
        network_id,
        linked_network_id,
        n_links,
        link_weight,
        bridging_person_ids,
        n_shared_victims,
        n_shared_cse_victims,
        shared_victim_ids,
        link_types
    from {{ ref('pg_network_links_aggregated') }}
),

final as (
    select
        cast(network_id as string) as network_id,
        cast(linked_network_id as string) as linked_network_id,
        cast(n_links as bigint) as n_links,
        cast(link_weight as double) as link_weight,
        cast(bridging_person_ids as array<string>) as bridging_person_ids,
        cast(n_shared_victims as bigint) as n_shared_victims,
        cast(n_shared_cse_victims as bigint) as n_shared_cse_victims,
        cast(shared_victim_ids as array<string>) as shared_victim_ids,
        cast(link_types as array<string>) as link_types
    from links
)

select * from final
