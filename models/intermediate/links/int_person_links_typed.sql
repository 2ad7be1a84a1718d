-- All links known at the as-of date, one row per person pair and link type,
-- before analyst exclusions. A link counts from when it was first seen
-- (first_seen_at, its earliest evidence; docs block as_of_date): its events
-- are already those known at the as-of date, so this leaves out only evidence
-- dated after the day it was recorded (counted in int_rows_after_as_of_counted).
with

links_unioned as (
    {% for link_model in link_models() -%}
        {% if not loop.first -%} union all {%- endif %}
        select {{ link_columns() | join(', ') }}
        from {{ ref(link_model) }}
    {% endfor %}
),

final as (
    select *
    from links_unioned
    where first_seen_at < {{ as_of_cutoff() }}
)

select * from final
