-- Network priority score and rank (docs block priority_method): six documented
-- components, each normalised to 0..1, combined with the weights of seed
-- priority_weights (level network), and ranked: offender groups first, CSE
-- networks first, then score desc, then network id. Numbers only:
-- pg_networks_prioritised explains them. Advisory only.
with

metrics as (
    select * from {{ ref('pg_network_metrics_aggregated') }}
),

weights as (
    {{ priority_weights('network') }}
),

maxima as (
    select
        *,
        'network' as priority_level,
        -- CSE harm counts in full; other harm at var priority_non_cse_harm_factor,
        -- capped at var priority_non_cse_harm_cap_days (context, never the driver)
        cse_harm_days + least(
            {{ var('priority_non_cse_harm_factor') }} * (harm_days - cse_harm_days),
            {{ var('priority_non_cse_harm_cap_days') }}
        ) as weighted_harm_days,
        max(
            cse_harm_days + least(
                {{ var('priority_non_cse_harm_factor') }} * (harm_days - cse_harm_days),
                {{ var('priority_non_cse_harm_cap_days') }}
            )
        ) over () as max_weighted_harm_days,
        max(victim_points) over () as max_victim_points,
        max(n_linked_networks) over () as max_linked_networks,
        max(n_linked_ocgs) over () as max_linked_ocgs
    from metrics
),

-- Log scaling against the highest network: ln(1 + x) / ln(1 + max), 0 when max is 0;
-- harm in units of var priority_harm_unit_days so that small harms do not look large.
components_scored as (
    select
        metrics.*,
        coalesce(
            ln(1 + metrics.weighted_harm_days / {{ var('priority_harm_unit_days') }})
            / nullif(
                ln(1 + metrics.max_weighted_harm_days / {{ var('priority_harm_unit_days') }}), 0
            ),
            0.0
        ) as harm_component,
        coalesce(
            ln(1 + metrics.victim_points) / nullif(ln(1 + metrics.max_victim_points), 0), 0.0
        ) as victims_component,
        -- recency of CSE offending: a network busy only with other crime is not a current
        -- CSE threat; no CSE crime -> 0
        coalesce(
            power(
                0.5, metrics.days_since_last_cse_offence / {{ var('harm_recency_half_life_days') }}
            ),
            0.0
        ) as recency_component,
        coalesce(
            ln(1 + metrics.n_linked_networks) / nullif(ln(1 + metrics.max_linked_networks), 0), 0.0
        ) as centrality_component,
        coalesce(
            ln(1 + metrics.n_linked_ocgs) / nullif(ln(1 + metrics.max_linked_ocgs), 0), 0.0
        ) as ocg_links_component,
        coalesce(metrics.stability, 0.0) as stability_component
    from maxima as metrics
),

scores_weighted as (
    select
        components_scored.*,
        {{ weighted_priority_score() }} as priority_score,
        -- a CSE network (macro is_cse_network, also the OCG ranking's rule); the rest
        -- are general crime networks with some CSE in them, ranked after every CSE network
        {{ is_cse_network('components_scored.cse_harm_days', 'components_scored.harm_days') }}
            as is_cse_network,
        -- an offender group: at least var priority_min_network_members members; a
        -- one-person "network" (no offender-side link to anyone) ranks after every group
        components_scored.n_members >= {{ var('priority_min_network_members') }}
            as is_offender_group
    from components_scored
    inner join weights on components_scored.priority_level = weights.priority_level
),

ranked as (
    select
        *,
        row_number() over (
            order by
                is_offender_group desc, is_cse_network desc, priority_score desc, network_id asc
        ) as priority_rank
    from scores_weighted
),

final as (
    select
        network_id,
        weighted_harm_days,
        harm_component,
        victims_component,
        recency_component,
        centrality_component,
        ocg_links_component,
        stability_component,
        priority_score,
        is_cse_network,
        is_offender_group,
        priority_rank
    from ranked
)

select * from final
