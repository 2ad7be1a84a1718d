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

{#- Evidence rows for persons present at the same event (a crime, an intel
    report): every pair of `events` rows with the same `event_id`, each pair
    once (x < y), dated by the event's `seen_at`. `events` has `person_id`,
    `event_id` and `seen_at`; its rows are aliased `<events>_x`, `<events>_y`. -#}
{% macro evidence_from_shared_events(events, event_id, seen_at) %}
    {%- set x = events ~ '_x' -%}
    {%- set y = events ~ '_y' -%}
    select
        {{ x }}.person_id as person_id_x,
        {{ y }}.person_id as person_id_y,
        {{ x }}.{{ event_id }} as evidence_id,
        {{ x }}.{{ seen_at }} as seen_from_at,
        {{ x }}.{{ seen_at }} as seen_to_at
    from {{ events }} as {{ x }}
    inner join {{ events }} as {{ y }}
        on
            {{ x }}.{{ event_id }} = {{ y }}.{{ event_id }}
            and {{ x }}.person_id < {{ y }}.person_id
{%- endmacro %}
