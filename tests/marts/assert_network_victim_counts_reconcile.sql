-- fct_networks.n_victims and n_child_victims match the rows of fct_network_victims.
with

networks as (
    select
        network_id,
        n_victims,
        n_child_victims
    from {{ ref('fct_networks') }}
),

victims_counted as (
    select
        network_id,
        count(*) as n_victims,
        count_if(is_child_at_first_offence) as n_child_victims
    from {{ ref('fct_network_victims') }}
    group by network_id
)

select
    networks.network_id,
    networks.n_victims,
    coalesce(victims_counted.n_victims, 0) as n_victim_rows
from networks
left join victims_counted on networks.network_id = victims_counted.network_id
where
    networks.n_victims != coalesce(victims_counted.n_victims, 0)
    or networks.n_child_victims != coalesce(victims_counted.n_child_victims, 0)
