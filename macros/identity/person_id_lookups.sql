{#- Import CTEs that resolve an analyst's id to a person of this run: a record
    id through `resolved`, a person id through `id_pointers` (a retired id to
    the live id it points to) and `persons` (the ids of this run). One
    definition for every seed that names records or persons (docs block
    `id_rules`). -#}
{% macro person_id_lookups() -%}
resolved as (
    select
        record_id,
        person_id
    from {{ ref('int_person_records_resolved') }}
),

persons as (
    select person_id
    from {{ ref('int_persons') }}
),

-- a person id retired by a merge resolves to the live id it points to (docs block id_rules)
id_pointers as (
    select
        person_id as named_id,
        coalesce(successor_id, person_id) as live_id
    from {{ ref('int_person_ids_registered') }}
)
{%- endmacro %}
