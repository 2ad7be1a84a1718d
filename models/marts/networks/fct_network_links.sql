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
        {{ contract_columns() }}
    from links
)

select * from final
