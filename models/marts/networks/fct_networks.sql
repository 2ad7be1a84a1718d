-- Priority of every network, with its evidence, components and plain-English
-- explanation. Advisory: rank 1 = look at first.
with

metrics as (
    select * from {{ ref('pg_network_metrics_aggregated') }}
),

priorities as (
    select * from {{ ref('pg_networks_prioritised') }}
),

networks as (
    select
        metrics.*,
        {{- priority_component_columns('priorities') }}
        priorities.priority_score,
        priorities.is_cse_network,
        priorities.is_offender_group,
        priorities.priority_rank,
        priorities.explanation
    from metrics
    inner join priorities on metrics.network_id = priorities.network_id
),

final as (
    select
        {{ declared_columns(cast=true) }}
    from networks
)

select * from final
