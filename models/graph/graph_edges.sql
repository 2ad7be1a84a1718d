-- Edges of the graph in scope: one row per person pair with any link, the
-- weights of its link types summed, and one weight column per type.
with

nodes as (
    select person_id
    from {{ ref('graph_nodes') }}
),

links as (
    select
        person_id_a,
        person_id_b,
        link_type,
        n_evidence,
        first_seen_at,
        last_seen_at,
        weight
    from {{ ref('int_person_links_weighted') }}
),

links_in_scope as (
    select links.*
    from links
    left semi join nodes as nodes_a on links.person_id_a = nodes_a.person_id
    left semi join nodes as nodes_b on links.person_id_b = nodes_b.person_id
),

final as (
    select
        person_id_a,
        person_id_b,
        sum(weight) as weight,
        array_sort(collect_set(link_type)) as link_types,
        count(distinct link_type) as n_link_types,
        sum(n_evidence) as n_evidence,
        min(first_seen_at) as first_seen_at,
        max(last_seen_at) as last_seen_at,
    {%- for link_type in link_types() %}
        coalesce(sum(if(link_type = '{{ link_type }}', weight, null)), 0.0)
            as weight_{{ link_type | lower }}{{ ',' if not loop.last }}
    {%- endfor %}
    from links_in_scope
    group by person_id_a, person_id_b
)

select * from final
