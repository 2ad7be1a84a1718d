-- Edges of the graph in scope: one row per person pair with a network-forming
-- link, the weights of its link types summed, and one weight column per type.
-- Not network-forming (docs block network_forming_links): links of
-- var graph_context_link_types (SAME_OCG: an OCG listing links a network to the
-- OCG in pg_network_ocg_links_found, not one person to another), and general
-- co-offending (no CSE crime among its evidence) with fewer than
-- var graph_general_co_offending_min_crimes crimes behind it.
{%- set context_types = var('graph_context_link_types') %}
{%- set context_list = "'" ~ (context_types | join("', '")) ~ "'" %}
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
        evidence_ids,
        n_evidence,
        first_seen_at,
        last_seen_at,
        weight
    from {{ ref('int_person_links_weighted') }}
),

-- co-offending pairs with at least one CSE crime among their shared crimes
cse_co_offending as (
    select
        person_id_a,
        person_id_b
    from {{ ref('int_person_links_cse_evidenced') }}
    where link_type = 'CO_OFFENDING'
),

links_in_scope as (
    select links.*
    from links
    left semi join nodes as nodes_a on links.person_id_a = nodes_a.person_id
    left semi join nodes as nodes_b on links.person_id_b = nodes_b.person_id
),

links_forming_networks as (
    select links_in_scope.*
    from links_in_scope
    left join cse_co_offending
        on
            links_in_scope.person_id_a = cse_co_offending.person_id_a
            and links_in_scope.person_id_b = cse_co_offending.person_id_b
    where
        links_in_scope.link_type not in ({{ context_list }})
        and not (
            links_in_scope.link_type = 'CO_OFFENDING'
            and cse_co_offending.person_id_a is null
            and links_in_scope.n_evidence < {{ var('graph_general_co_offending_min_crimes') }}
        )
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
    from links_forming_networks
    group by person_id_a, person_id_b
)

select * from final
