-- All links, one row per person pair and link type, before analyst exclusions.
{%- set link_models = [
    'int_links_co_offending',
    'int_links_offender_victim',
    'int_links_arrested_together',
    'int_links_credible_intel',
    'int_links_same_ocg',
    'int_links_shared_identifier',
] %}

with

links_unioned as (
    {% for link_model in link_models -%}
        {% if not loop.first -%} union all {%- endif %}
        select {{ link_columns() | join(', ') }}
        from {{ ref(link_model) }}
    {% endfor %}
),

final as (
    select * from links_unioned
)

select * from final
