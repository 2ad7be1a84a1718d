-- Links between networks, typed: the offender-side edges that cross from one
-- network to another (with the people at either end), and the victims two
-- networks share (docs block network_definition). Victims never join two
-- offender groups into one network; a shared victim links them here instead.
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

edges as (
    select
        person_id_a,
        person_id_b,
        link_types
    from {{ ref('graph_edges') }}
),

network_victims as (
    select
        network_id,
        victim_person_id,
        is_cse_victim
    from {{ ref('pg_network_victims_linked') }}
),

-- bridge rows hold each edge in both directions: look its types up either way
bridge_link_types as (
    select
        bridges.network_id,
        bridges.linked_network_id,
        bridges.person_id_a,
        bridges.person_id_b,
        bridges.weight,
        array_remove(
            coalesce(edges_ab.link_types, edges_ba.link_types, array()),
            'OFFENDER_VICTIM'
        ) as link_types
    from bridges
    left join edges as edges_ab
        on
            bridges.person_id_a = edges_ab.person_id_a
            and bridges.person_id_b = edges_ab.person_id_b
    left join edges as edges_ba
        on
            bridges.person_id_a = edges_ba.person_id_b
            and bridges.person_id_b = edges_ba.person_id_a
),

person_links as (
    select
        network_id,
        linked_network_id,
        count(distinct person_id_a, person_id_b) as n_links,
        cast(sum(weight) as double) as link_weight,
        array_sort(array_union(collect_set(person_id_a), collect_set(person_id_b)))
            as bridging_person_ids,
        array_sort(collect_set(person_id_a)) as bridging_member_ids,
        array_sort(array_distinct(flatten(collect_list(link_types))))
            as person_link_types
    from bridge_link_types
    group by network_id, linked_network_id
),

shared_victims as (
    select
        victims_a.network_id,
        victims_b.network_id as linked_network_id,
        count(*) as n_shared_victims,
        count_if(victims_a.is_cse_victim and victims_b.is_cse_victim)
            as n_shared_cse_victims,
        array_sort(collect_list(victims_a.victim_person_id)) as shared_victim_ids
    from network_victims as victims_a
    inner join network_victims as victims_b
        on
            victims_a.victim_person_id = victims_b.victim_person_id
            and victims_a.network_id != victims_b.network_id
    group by victims_a.network_id, victims_b.network_id
),

network_pairs as (
    select
        network_id,
        linked_network_id
    from person_links
    union
    select
        network_id,
        linked_network_id
    from shared_victims
),

final as (
    select
        network_pairs.network_id,
        network_pairs.linked_network_id,
        coalesce(person_links.n_links, 0) as n_links,
        coalesce(person_links.link_weight, 0.0) as link_weight,
        coalesce(person_links.bridging_person_ids, array()) as bridging_person_ids,
        coalesce(person_links.bridging_member_ids, array()) as bridging_member_ids,
        coalesce(shared_victims.n_shared_victims, 0) as n_shared_victims,
        coalesce(shared_victims.n_shared_cse_victims, 0) as n_shared_cse_victims,
        coalesce(shared_victims.shared_victim_ids, array()) as shared_victim_ids,
        array_sort(concat(
            coalesce(person_links.person_link_types, array()),
            if(shared_victims.network_id is not null, array('SHARED_VICTIM'), array())
        )) as link_types
    from network_pairs
    left join person_links
        on
            network_pairs.network_id = person_links.network_id
            and network_pairs.linked_network_id = person_links.linked_network_id
    left join shared_victims
        on
            network_pairs.network_id = shared_victims.network_id
            and network_pairs.linked_network_id = shared_victims.linked_network_id
)

select * from final
