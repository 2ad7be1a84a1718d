-- Activity of each network per calendar quarter, from its first recorded
-- activity to the as-of quarter: crimes and harm, arrests and credible
-- intelligence naming members, links active in the quarter, and members first
-- seen in it (each listed by its own pg_network_* step).
{#- The per-quarter counts (CTEs keyed by network and quarter): each gives the
    quarters with activity and is joined to the quarter spine. -#}
{%- set counts_by_quarter = [
    'crimes_by_quarter',
    'arrests_by_quarter',
    'intel_by_quarter',
    'links_by_quarter',
    'new_members_by_quarter',
] %}
with

network_crimes as (
    select
        network_id,
        offence_at,
        is_cse,
        harm_days
    from {{ ref('pg_network_crimes_attributed') }}
),

arrests_by_network as (
    select
        network_id,
        custody_id,
        arrested_at
    from {{ ref('pg_network_arrests_listed') }}
),

intel_by_network as (
    select
        network_id,
        intel_id,
        submitted_at
    from {{ ref('pg_network_intel_listed') }}
),

link_quarters as (
    select
        network_id,
        quarter_start_date
    from {{ ref('pg_network_link_quarters_listed') }}
),

member_first_seen as (
    select
        network_id,
        first_seen_at
    from {{ ref('pg_network_members_first_seen') }}
),

crimes_by_quarter as (
    select
        network_id,
        to_date(date_trunc('quarter', offence_at)) as quarter_start_date,
        count(*) as n_crimes,
        count_if(is_cse) as n_cse_crimes,
        sum(harm_days) as harm_days
    from network_crimes
    group by network_id, quarter_start_date
),

arrests_by_quarter as (
    select
        network_id,
        to_date(date_trunc('quarter', arrested_at)) as quarter_start_date,
        count(distinct custody_id) as n_arrests
    from arrests_by_network
    group by network_id, quarter_start_date
),

intel_by_quarter as (
    select
        network_id,
        to_date(date_trunc('quarter', submitted_at)) as quarter_start_date,
        count(distinct intel_id) as n_intel_reports
    from intel_by_network
    group by network_id, quarter_start_date
),

links_by_quarter as (
    select
        network_id,
        quarter_start_date,
        count(*) as n_active_links
    from link_quarters
    group by network_id, quarter_start_date
),

new_members_by_quarter as (
    select
        network_id,
        to_date(date_trunc('quarter', first_seen_at)) as quarter_start_date,
        count(*) as n_new_members
    from member_first_seen
    where first_seen_at is not null
    group by network_id, quarter_start_date
),

quarters_with_activity as (
    {% for counted in counts_by_quarter -%}
        {% if not loop.first -%} union {%- endif %}
        select
            network_id,
            quarter_start_date
        from {{ counted }}
    {% endfor %}
),

-- Every quarter from the first activity to the as-of quarter, so quiet quarters show as 0.
quarter_spine as (
    select
        network_id,
        quarter_start_date
    from (
        select
            network_id,
            min(quarter_start_date) as first_quarter_date
        from quarters_with_activity
        group by network_id
    ) as network_spans
        lateral view explode(
            sequence(
                first_quarter_date,
                to_date(date_trunc('quarter', date '{{ as_of_date() }}')),
                interval 3 month
            )
        ) as quarter_start_date
),

final as (
    select
        quarter_spine.network_id,
        quarter_spine.quarter_start_date,
        date_sub(add_months(quarter_spine.quarter_start_date, 3), 1) as quarter_end_date,
        coalesce(crimes_by_quarter.n_crimes, 0) as n_crimes,
        coalesce(crimes_by_quarter.n_cse_crimes, 0) as n_cse_crimes,
        cast(coalesce(crimes_by_quarter.harm_days, 0.0) as double) as harm_days,
        coalesce(arrests_by_quarter.n_arrests, 0) as n_arrests,
        coalesce(intel_by_quarter.n_intel_reports, 0) as n_intel_reports,
        coalesce(links_by_quarter.n_active_links, 0) as n_active_links,
        coalesce(new_members_by_quarter.n_new_members, 0) as n_new_members
    from quarter_spine
    {%- for counted in counts_by_quarter %}
    left join {{ counted }}
        on
            quarter_spine.network_id = {{ counted }}.network_id
            and quarter_spine.quarter_start_date = {{ counted }}.quarter_start_date
    {%- endfor %}
)

select * from final
