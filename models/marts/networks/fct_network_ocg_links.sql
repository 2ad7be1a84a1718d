-- Links between CSE networks and organised crime groups of the SOC network.
with

ocg_links as (
    select * from {{ ref('pg_network_ocg_links_found') }}
),

final as (
    select
        {{ contract_columns() }}
    from ocg_links
)

select * from final
