-- Person-level edges of the graph with the networks of both ends, for link charts.
with

edges as (
    select
        person_id_a,
        person_id_b,
        weight,
        link_types,
        n_evidence,
        first_seen_at,
        last_seen_at
    from {{ ref('graph_edges') }}
),

members as (
    select
        person_id,
        component_id,
        network_id
    from {{ ref('pg_network_members_classified') }}
),

final as (
    select
        cast(edges.person_id_a as string) as person_id_a,
        cast(edges.person_id_b as string) as person_id_b,
        cast(members_a.component_id as string) as component_id,
        cast(members_a.network_id as string) as network_id_a,
        cast(members_b.network_id as string) as network_id_b,
        members_a.network_id != members_b.network_id as is_cross_network,
        cast(edges.link_types as array<string>) as link_types,
        cast(edges.n_evidence as bigint) as n_evidence,
        cast(edges.weight as double) as weight,
        cast(edges.first_seen_at as timestamp) as first_seen_at,
        cast(edges.last_seen_at as timestamp) as last_seen_at
    from edges
    inner join members as members_a on edges.person_id_a = members_a.person_id
    inner join members as members_b on edges.person_id_b = members_b.person_id
)

select * from final
