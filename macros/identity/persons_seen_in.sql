{#- Persons seen in a set of events through the records they mention: per
    person, the number of distinct events and the first and last event time.
    `events` has `event_id` and `seen_at`; `mentions` has `event_id` and
    `record_id`; the CTE `resolved` maps `record_id` to `person_id`. -#}
{% macro persons_seen_in(events, mentions, event_id, seen_at, n_events_as) -%}
    select
        resolved.person_id,
        count(distinct {{ events }}.{{ event_id }}) as {{ n_events_as }},
        min({{ events }}.{{ seen_at }}) as first_seen_at,
        max({{ events }}.{{ seen_at }}) as last_seen_at
    from {{ events }}
    inner join {{ mentions }} on {{ events }}.{{ event_id }} = {{ mentions }}.{{ event_id }}
    inner join resolved on {{ mentions }}.record_id = resolved.record_id
    group by resolved.person_id
{%- endmacro %}
