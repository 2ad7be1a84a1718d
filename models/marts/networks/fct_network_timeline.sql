-- Activity of each network per calendar quarter, for the briefing pack's charts.
with

activity as (
    select * from {{ ref('pg_network_activity_bucketed') }}
),

final as (
    select
        cast(network_id as string) as network_id,
        cast(quarter_start_date as date) as quarter_start_date,
        cast(quarter_end_date as date) as quarter_end_date,
        cast(n_crimes as bigint) as n_crimes,
        cast(n_cse_crimes as bigint) as n_cse_crimes,
        cast(harm_days as double) as harm_days,
        cast(n_arrests as bigint) as n_arrests,
        cast(n_intel_reports as bigint) as n_intel_reports,
        cast(n_active_links as bigint) as n_active_links,
        cast(n_new_members as bigint) as n_new_members
    from activity
)

select * from final
