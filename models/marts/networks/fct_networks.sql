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
        cast(network_id as string) as network_id,
        cast(component_id as string) as component_id,
        cast(n_members as bigint) as n_members,
        cast(n_cse_nominals as bigint) as n_cse_nominals,
        cast(n_victims as bigint) as n_victims,
        cast(harm_days as double) as harm_days,
        cast(n_linked_ocgs as bigint) as n_linked_ocgs,
        cast(priority_score as double) as priority_score,
        cast(is_cse_network as boolean) as is_cse_network,
        cast(is_offender_group as boolean) as is_offender_group,
        cast(priority_rank as bigint) as priority_rank,
        cast(explanation as string) as explanation,
        cast(n_victim_members as bigint) as n_victim_members,
        cast(n_ocg_members as bigint) as n_ocg_members,
        cast(n_other_associates as bigint) as n_other_associates,
        cast(n_edges as bigint) as n_edges,
        cast(density as double) as density,
        cast(total_weight as double) as total_weight,
        cast(stability as double) as stability,
        cast(n_crimes as bigint) as n_crimes,
        cast(n_cse_crimes as bigint) as n_cse_crimes,
        cast(n_child_sexual_offence_crimes as bigint) as n_child_sexual_offence_crimes,
        cast(cse_harm_days as double) as cse_harm_days,
        cast(harm_days_recency_weighted as double) as harm_days_recency_weighted,
        cast(gravity_harm_days as double) as gravity_harm_days,
        cast(first_offence_at as timestamp) as first_offence_at,
        cast(last_offence_at as timestamp) as last_offence_at,
        cast(n_crimes_in_window as bigint) as n_crimes_in_window,
        cast(n_crimes_prior_window as bigint) as n_crimes_prior_window,
        cast(activity_trend as string) as activity_trend,
        cast(n_child_victims as bigint) as n_child_victims,
        cast(n_repeat_victims as bigint) as n_repeat_victims,
        cast(n_victims_with_safeguarding_flag as bigint) as n_victims_with_safeguarding_flag,
        cast(n_victims_in_window as bigint) as n_victims_in_window,
        cast(n_child_victims_in_window as bigint) as n_child_victims_in_window,
        cast(n_linked_networks as bigint) as n_linked_networks,
        cast(key_player_ids as array<string>) as key_player_ids,
        cast(n_key_players as bigint) as n_key_players,
        cast(fragmentation_before as double) as fragmentation_before,
        cast(fragmentation_after_key_players as double) as fragmentation_after_key_players,
        cast(component_key_player_ids as array<string>) as component_key_player_ids,
        {{- priority_component_columns(cast_as='double') }}
        cast(run_id as string) as run_id
    from networks
)

select * from final
