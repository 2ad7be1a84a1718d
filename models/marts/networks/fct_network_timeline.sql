-- Activity of each network per calendar quarter, for the briefing pack's charts.
with

activity as (
    select * from {{ ref('pg_network_activity_bucketed') }}
),

final as (
    select
        {{ contract_columns() }}
    from activity
)

select * from final
