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
