-- The graph's links as known at the as-of date (first seen on or before it:
-- int_person_links_typed), the last sighting clipped to it.
with

edges as (
    select
        person_id_a,
        person_id_b,
        first_seen_at,
        last_seen_at
    from {{ ref('graph_edges') }}
),

final as (
    select
        person_id_a,
        person_id_b,
        first_seen_at,
        least(last_seen_at, timestamp '{{ as_of_date() }}') as last_seen_at
    from edges
    where first_seen_at is not null
)

select * from final
