-- Links between networks (edges crossing from one network to another), with the
-- people at either end who bridge them; one row per ordered pair of networks.
with

links as (
    select
        network_id,
        linked_network_id,
        n_links,
        link_weight,
        bridging_person_ids
    from {{ ref('int_network_links_aggregated') }}
),

final as (
    select
        cast(network_id as string) as network_id,
        cast(linked_network_id as string) as linked_network_id,
        cast(n_links as bigint) as n_links,
        cast(link_weight as double) as link_weight,
        cast(bridging_person_ids as array<string>) as bridging_person_ids
    from links
)

select * from final
