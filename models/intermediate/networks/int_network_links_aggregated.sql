-- Links between networks: the edges that cross from one network to another,
-- summed per ordered pair of networks, with the people at either end.
with

bridges as (
    select
        network_id,
        linked_network_id,
        person_id_a,
        person_id_b,
        weight
    from {{ ref('graph_network_bridges') }}
),

final as (
    select
        network_id,
        linked_network_id,
        count(distinct person_id_a, person_id_b) as n_links,
        cast(sum(weight) as double) as link_weight,
        array_sort(array_union(collect_set(person_id_a), collect_set(person_id_b)))
            as bridging_person_ids,
        array_sort(collect_set(person_id_a)) as bridging_member_ids
    from bridges
    group by network_id, linked_network_id
)

select * from final
