-- Fails on every graph edge with an end that is not a graph node.
with

nodes as (
    select person_id from {{ ref('graph_nodes') }}
),

edges as (
    select
        person_id_a,
        person_id_b
    from {{ ref('graph_edges') }}
),

final as (
    select edges.*
    from edges
    left anti join nodes as nodes_a on edges.person_id_a = nodes_a.person_id
    union all
    select edges.*
    from edges
    left anti join nodes as nodes_b on edges.person_id_b = nodes_b.person_id
)

select * from final
