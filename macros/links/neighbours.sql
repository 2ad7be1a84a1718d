{#- Body of a CTE: each undirected link of `links` (`person_id_a`,
    `person_id_b`) seen from both ends, as `person_id` and `neighbour_id`. -#}
{% macro neighbours(links) -%}
    select
        person_id_a as person_id,
        person_id_b as neighbour_id
    from {{ links }}
    union all
    select
        person_id_b as person_id,
        person_id_a as neighbour_id
    from {{ links }}
{%- endmacro %}

{#- The graph edges that tie a person to another's OCG (docs block ocg_link_rules):
    every edge with at least one link type outside var ocg_link_excluded_link_types.
    One rule for the network-to-OCG links and for the person OCG component. -#}
{% macro ocg_association_edges() -%}
    {%- set excluded = var('ocg_link_excluded_link_types') -%}
    select
        person_id_a,
        person_id_b
    from {{ ref('graph_edges') }}
    where exists(link_types, t -> t not in ('{{ excluded | join("', '") }}'))
{%- endmacro %}
