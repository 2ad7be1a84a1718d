{#- One row per unordered person pair from evidence rows: the pair in canonical
    order (a < b), self pairs dropped, evidence ids as a sorted distinct array. -#}
{% macro links_from_evidence(evidence, link_type) %}
    select
        least(person_id_x, person_id_y) as person_id_a,
        greatest(person_id_x, person_id_y) as person_id_b,
        '{{ link_type }}' as link_type,
        array_sort(collect_set(evidence_id)) as evidence_ids,
        count(distinct evidence_id) as n_evidence,
        min(seen_from_at) as first_seen_at,
        max(seen_to_at) as last_seen_at
    from {{ evidence }}
    where person_id_x != person_id_y
    group by 1, 2
{%- endmacro %}
