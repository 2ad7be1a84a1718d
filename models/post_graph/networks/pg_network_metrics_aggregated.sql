-- One row per network: graph measures, members by role, crime harm, victims,
-- OCG and network links, key players, and activity in the last window months
-- (var activity_window_months) against the window before it.
with

networks as (
    select
        network_id,
        component_id,
        n_members,
        n_edges,
        density,
        total_weight,
        stability,
        fragmentation_before,
        from_json(key_player_ids, 'array<string>') as key_player_ids,
        from_json(component_key_player_ids, 'array<string>') as component_key_player_ids,
        run_id
    from {{ ref('graph_networks') }}
),

key_players as (
    select
        network_id,
        max_by(fragmentation_after, removal_order) as fragmentation_after_key_players
    from {{ ref('graph_key_players') }}
    group by network_id
),

members as (
    select
        network_id,
        member_role
    from {{ ref('pg_network_members_classified') }}
),

network_crimes as (
    select
        network_id,
        crime_id,
        offence_description,
        offence_at,
        is_cse,
        is_child_sexual_offence,
        harm_days,
        recency_factor,
        is_in_activity_window
    from {{ ref('pg_network_crimes_attributed') }}
),

victims as (
    select
        network_id,
        is_child_at_first_offence,
        is_repeat_victim,
        is_cse_victim,
        has_safeguarding_flag,
        n_crimes_in_window
    from {{ ref('pg_network_victims_linked') }}
),

ocg_links as (
    select network_id
    from {{ ref('pg_network_ocg_links_found') }}
),

network_links as (
    select network_id
    from {{ ref('pg_network_links_aggregated') }}
    -- linked through bridging people (shared victims are in fct_network_links)
    where n_links > 0
),

members_by_role as (
    select
        network_id,
        count_if(member_role = 'CSE_NOMINAL') as n_cse_nominals,
        count_if(member_role = 'VICTIM') as n_victim_members,
        count_if(member_role = 'OCG_MEMBER') as n_ocg_members,
        count_if(member_role = 'ASSOCIATE') as n_other_associates
    from members
    group by network_id
),

crimes_aggregated as (
    select
        network_id,
        {{ crime_counts() }},
        {{ crime_harm_sums() }},
        max(harm_days) as gravity_harm_days,
        min(offence_at) as first_offence_at,
        max(offence_at) as last_offence_at,
        max(if(is_cse, offence_at, null)) as last_cse_offence_at,
        count_if(is_in_activity_window) as n_crimes_in_window,
        count_if(
            not is_in_activity_window
            and offence_at >= add_months(
                date'{{ as_of_date() }}', -2 * {{ var('activity_window_months') }}
            )
        ) as n_crimes_prior_window
    from network_crimes
    group by network_id
),

-- The gravest child sexual offences, as "2 x rape of a female child under 13".
child_offences_counted as (
    select
        network_id,
        offence_description,
        count(*) as n_crimes,
        sum(harm_days) as harm_days
    from network_crimes
    where is_child_sexual_offence
    group by network_id, offence_description
),

child_offences_summarised as (
    select
        network_id,
        concat_ws(', ', slice(
            transform(
                array_sort(collect_list(named_struct(
                    'negative_harm', -harm_days,
                    'description', offence_description,
                    'n_crimes', n_crimes
                ))),
                offence -> concat(offence.n_crimes, ' x ', lower(offence.description))
            ),
            1, 3
        )) as child_sexual_offence_summary
    from child_offences_counted
    group by network_id
),

victims_aggregated as (
    select
        network_id,
        count(*) as n_victims,
        count_if(is_child_at_first_offence) as n_child_victims,
        count_if(is_repeat_victim) as n_repeat_victims,
        count_if(has_safeguarding_flag) as n_victims_with_safeguarding_flag,
        count_if(n_crimes_in_window > 0) as n_victims_in_window,
        count_if(is_child_at_first_offence and n_crimes_in_window > 0)
            as n_child_victims_in_window,
        -- victims of the network's CSE crimes only (macro victim_points_sum)
        {{ victim_points_sum() }} as victim_points
    from victims
    group by network_id
),

ocg_links_counted as (
    select
        network_id,
        count(*) as n_linked_ocgs
    from ocg_links
    group by network_id
),

network_links_counted as (
    select
        network_id,
        count(*) as n_linked_networks
    from network_links
    group by network_id
),

final as (
    select
        networks.network_id,
        networks.component_id,
        networks.n_members,
        networks.n_edges,
        networks.density,
        networks.total_weight,
        networks.stability,
        coalesce(members_by_role.n_cse_nominals, 0) as n_cse_nominals,
        coalesce(members_by_role.n_victim_members, 0) as n_victim_members,
        coalesce(members_by_role.n_ocg_members, 0) as n_ocg_members,
        coalesce(members_by_role.n_other_associates, 0) as n_other_associates,
        coalesce(crimes_aggregated.n_crimes, 0) as n_crimes,
        coalesce(crimes_aggregated.n_cse_crimes, 0) as n_cse_crimes,
        coalesce(crimes_aggregated.n_child_sexual_offence_crimes, 0)
            as n_child_sexual_offence_crimes,
        cast(coalesce(crimes_aggregated.harm_days, 0.0) as double) as harm_days,
        cast(coalesce(crimes_aggregated.cse_harm_days, 0.0) as double) as cse_harm_days,
        cast(coalesce(crimes_aggregated.harm_days_recency_weighted, 0.0) as double)
            as harm_days_recency_weighted,
        cast(coalesce(crimes_aggregated.gravity_harm_days, 0.0) as double) as gravity_harm_days,
        child_offences_summarised.child_sexual_offence_summary,
        crimes_aggregated.first_offence_at,
        crimes_aggregated.last_offence_at,
        greatest(
            datediff(date'{{ as_of_date() }}', to_date(crimes_aggregated.last_offence_at)), 0
        ) as days_since_last_offence,
        crimes_aggregated.last_cse_offence_at,
        greatest(
            datediff(
                date'{{ as_of_date() }}', to_date(crimes_aggregated.last_cse_offence_at)
            ),
            0
        ) as days_since_last_cse_offence,
        coalesce(crimes_aggregated.n_crimes_in_window, 0) as n_crimes_in_window,
        coalesce(crimes_aggregated.n_crimes_prior_window, 0) as n_crimes_prior_window,
        case
            when coalesce(crimes_aggregated.n_crimes_in_window, 0) = 0 then 'DORMANT'
            when coalesce(crimes_aggregated.n_crimes_prior_window, 0) = 0 then 'NEW'
            when
                crimes_aggregated.n_crimes_in_window
                >= {{ var('priority_trend_ratio') }} * crimes_aggregated.n_crimes_prior_window
                then 'RISING'
            when
                crimes_aggregated.n_crimes_prior_window
                >= {{ var('priority_trend_ratio') }} * crimes_aggregated.n_crimes_in_window
                then 'FALLING'
            else 'STEADY'
        end as activity_trend,
        coalesce(victims_aggregated.n_victims, 0) as n_victims,
        coalesce(victims_aggregated.n_child_victims, 0) as n_child_victims,
        coalesce(victims_aggregated.n_repeat_victims, 0) as n_repeat_victims,
        coalesce(victims_aggregated.n_victims_with_safeguarding_flag, 0)
            as n_victims_with_safeguarding_flag,
        coalesce(victims_aggregated.n_victims_in_window, 0) as n_victims_in_window,
        coalesce(victims_aggregated.n_child_victims_in_window, 0) as n_child_victims_in_window,
        coalesce(victims_aggregated.victim_points, 0) as victim_points,
        coalesce(ocg_links_counted.n_linked_ocgs, 0) as n_linked_ocgs,
        coalesce(network_links_counted.n_linked_networks, 0) as n_linked_networks,
        coalesce(networks.key_player_ids, array()) as key_player_ids,
        size(coalesce(networks.key_player_ids, array())) as n_key_players,
        networks.fragmentation_before,
        coalesce(networks.component_key_player_ids, array()) as component_key_player_ids,
        -- no key players (no removal fragments the network): nothing changes
        coalesce(key_players.fragmentation_after_key_players, networks.fragmentation_before)
            as fragmentation_after_key_players,
        networks.run_id
    from networks
    left join key_players on networks.network_id = key_players.network_id
    left join members_by_role on networks.network_id = members_by_role.network_id
    left join crimes_aggregated on networks.network_id = crimes_aggregated.network_id
    left join child_offences_summarised
        on networks.network_id = child_offences_summarised.network_id
    left join victims_aggregated on networks.network_id = victims_aggregated.network_id
    left join ocg_links_counted on networks.network_id = ocg_links_counted.network_id
    left join network_links_counted on networks.network_id = network_links_counted.network_id
)

select * from final
