-- Every link between two networks appears in both directions with the same edges.
with

links as (
    select
        network_id,
        linked_network_id,
        n_links,
        link_weight
    from {{ ref('fct_network_links') }}
)

select
    links.network_id,
    links.linked_network_id
from links
left join links as reverse_links
    on
        links.network_id = reverse_links.linked_network_id
        and links.linked_network_id = reverse_links.network_id
where
    reverse_links.network_id is null
    or links.n_links != reverse_links.n_links
    or abs(links.link_weight - reverse_links.link_weight) > 1e-9
