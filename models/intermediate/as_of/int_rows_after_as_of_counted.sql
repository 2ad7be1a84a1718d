-- Rows left out because they are dated after the as-of date (docs block
-- as_of_date), per entity: staged rows (after the cross-source parent check where
-- the entity has one) minus the rows its "known" model kept.
-- Not errors: a past as-of run leaves them out on purpose, and the count says
-- how many. One row per entity, every entity listed even at zero.
{%- set entities = [
    ('crimes', 'recorded_at, offence_at', 'stg_crimes__crimes', 'int_crimes_known'),
    ('crime_nominals', 'linked_at', 'int_crime_nominals_parented', 'int_crime_nominals_known'),
    ('custody_records', 'arrested_at', 'int_custody_records_parented',
        'int_custody_records_known'),
    ('intel_reports', 'submitted_at', 'stg_intel__reports', 'int_intel_reports_known'),
    ('nominal_identifiers', 'observed_from', 'stg_person_records__identifiers',
        'int_person_identifiers_known'),
    ('ocg_nominals', 'mapped_from', 'int_ocg_nominals_parented', 'int_ocg_nominals_known'),
    ('safeguarding_flags', 'flagged_at', 'int_safeguarding_flags_parented',
        'int_safeguarding_flags_known'),
] %}

with

events_counted as (
    {% for entity, date_columns, staged, known in entities -%}
        {% if not loop.first -%} union all {%- endif %}
        select
            '{{ entity }}' as entity,
            '{{ date_columns }}' as date_columns,
            (select count(*) as n_rows from {{ ref(staged) }}) as n_rows_in,
            (select count(*) as n_rows from {{ ref(known) }}) as n_rows_known
    {% endfor %}
),

-- links: every link the link models built, against those int_person_links_typed kept
links_built as (
    {% for link_model in link_models() -%}
        {% if not loop.first -%} union all {%- endif %}
        select count(*) as n_links
        from {{ ref(link_model) }}
    {% endfor %}
),

links_counted as (
    select
        'person_links' as entity,
        'first_seen_at' as date_columns,
        (select sum(n_links) as n_rows from links_built) as n_rows_in,
        (
            select count(*) as n_rows from {{ ref('int_person_links_typed') }}
        ) as n_rows_known
),

entities_counted as (
    select * from events_counted
    union all
    select * from links_counted
),

final as (
    select
        entity,
        date_columns,
        date '{{ as_of_date() }}' as as_of_date,
        cast(n_rows_in as bigint) as n_rows_in,
        cast(n_rows_in - n_rows_known as bigint) as n_rows_after_as_of,
        if(n_rows_in > 0, (n_rows_in - n_rows_known) / n_rows_in, 0.0) as share_after_as_of
    from entities_counted
)

select * from final
