-- Network priority (docs block priority_method): the score, components and rank of
-- pg_networks_scored with a plain-English explanation of the evidence behind them
-- (pg_network_metrics_aggregated, the OCG and network links). Advisory only.
with

scored as (
    select * from {{ ref('pg_networks_scored') }}
),

metrics as (
    select * from {{ ref('pg_network_metrics_aggregated') }}
),

ocg_links as (
    select
        network_id,
        ocg_id,
        n_shared_members,
        n_direct_links,
        link_persons
    from {{ ref('pg_network_ocg_links_found') }}
),

network_links as (
    select
        network_id,
        linked_network_id,
        link_weight,
        bridging_member_ids
    from {{ ref('pg_network_links_aggregated') }}
    -- person links only; links through shared victims are described apart
    where n_links > 0
),

-- "linked to OCG X through person Y" for the (up to) two most strongly linked OCGs.
ocg_links_described as (
    select
        network_id,
        concat_ws('; ', slice(
            transform(
                array_sort(collect_list(named_struct(
                    'negative_links', -(n_shared_members + n_direct_links),
                    'ocg_id', ocg_id,
                    'link_persons', link_persons
                ))),
                link -> concat(
                    'linked to OCG ', link.ocg_id,
                    if(size(link.link_persons) > 1, ' through people ', ' through person '),
                    array_join(slice(link.link_persons, 1, 2), ' and ')
                )
            ),
            1, 2
        )) as ocg_link_text
    from ocg_links
    group by network_id
),

network_links_described as (
    select
        network_id,
        concat(
            'bridges to network', if(count(*) > 1, 's ', ' '),
            array_join(slice(
                transform(
                    array_sort(collect_list(named_struct(
                        'negative_weight', -link_weight, 'linked_network_id', linked_network_id
                    ))),
                    link -> link.linked_network_id
                ),
                1, 3
            ), ', '),
            if(count(*) > 3, concat(' and ', count(*) - 3, ' more'), ''),
            ' through ',
            array_join(
                slice(array_sort(array_distinct(flatten(collect_list(bridging_member_ids)))), 1, 3),
                ', '
            )
        ) as network_link_text
    from network_links
    group by network_id
),

-- the facts the explanation names, beside the numbers
ranked as (
    select
        scored.*,
        metrics.n_members,
        metrics.harm_days,
        metrics.cse_harm_days,
        metrics.n_crimes,
        metrics.n_victims,
        metrics.n_child_victims,
        metrics.n_repeat_victims,
        metrics.n_victims_with_safeguarding_flag,
        metrics.n_child_victims_in_window,
        metrics.child_sexual_offence_summary,
        metrics.activity_trend,
        metrics.n_crimes_in_window,
        metrics.n_crimes_prior_window,
        metrics.n_key_players,
        metrics.key_player_ids,
        metrics.component_key_player_ids,
        metrics.stability
    from scored
    inner join metrics on scored.network_id = metrics.network_id
),

final as (
    select
        ranked.network_id,
        ranked.weighted_harm_days,
        ranked.harm_component,
        ranked.victims_component,
        ranked.recency_component,
        ranked.centrality_component,
        ranked.ocg_links_component,
        ranked.stability_component,
        ranked.priority_score,
        ranked.is_cse_network,
        ranked.is_offender_group,
        ranked.priority_rank,
        concat_ws(
            '; ',
            if(
                ranked.is_offender_group,
                null,
                concat(
                    'not an offender group: ', ranked.n_members,
                    if(ranked.n_members = 1, ' person', ' people'),
                    ' with no offender-side link to anyone else (under ',
                    {{ var('priority_min_network_members') }},
                    '), ranked after every network; see the person ranking'
                )
            ),
            if(
                ranked.is_cse_network,
                null,
                concat(
                    'general crime network: ',
                    format_number(
                        100 * coalesce(ranked.cse_harm_days / nullif(ranked.harm_days, 0), 0), 0
                    ),
                    '% of harm days from CSE (under ',
                    format_number(100 * {{ var('ocg_cse_network_min_cse_harm_share') }}, 0),
                    '%), ranked after every CSE network'
                )
            ),
            if(
                ranked.n_child_victims_in_window > 0,
                concat(
                    {{ counted('ranked.n_child_victims_in_window', 'child victim') }},
                    ' in the last {{ var("activity_window_months") }} months'
                ),
                null
            ),
            if(
                ranked.n_victims > 0,
                concat(
                    {{ counted('ranked.n_victims', 'victim') }}, ' linked (',
                    format_number(ranked.n_child_victims, 0), ' child at the first offence, ',
                    format_number(ranked.n_repeat_victims, 0), ' repeat, ',
                    format_number(ranked.n_victims_with_safeguarding_flag, 0),
                    ' with safeguarding flags)'
                ),
                'no victims recorded'
            ),
            if(
                ranked.child_sexual_offence_summary is not null,
                concat(ranked.child_sexual_offence_summary, ' recorded'),
                null
            ),
            concat(
                format_number(ranked.harm_days, 0), ' harm days from ',
                {{ counted('ranked.n_crimes', 'crime') }}, ' by members (',
                format_number(ranked.cse_harm_days, 0), ' from CSE crimes)'
            ),
            if(
                ranked.n_crimes > 0,
                concat(
                    'activity ', lower(ranked.activity_trend), ': ',
                    {{ counted('ranked.n_crimes_in_window', 'crime') }},
                    ' in the last {{ var("activity_window_months") }} months against ',
                    format_number(ranked.n_crimes_prior_window, 0),
                    ' in the {{ var("activity_window_months") }}'
                    ' months before'
                ),
                null
            ),
            ocg_links_described.ocg_link_text,
            network_links_described.network_link_text,
            case
                when ranked.n_key_players > 0
                    then concat('key players: ', array_join(ranked.key_player_ids, ', '))
                -- the key-player search found no removal that splits the network (docs
                -- block graph_step): say so, rather than name nobody in silence
                when ranked.n_members > 1
                    then 'no key players: no single removal splits the network'
            end,
            if(
                size(ranked.component_key_player_ids) > 0,
                concat(
                    'key players of its connected networks (removal splits them most): ',
                    array_join(ranked.component_key_player_ids, ', ')
                ),
                null
            ),
            if(
                ranked.stability < {{ var('network_unstable_below') }},
                concat(
                    'membership unstable across repeated detections (stability ',
                    format_number(ranked.stability, 2), '): check its boundaries'
                ),
                null
            ),
            'scores are log-scaled and other crime is capped, so network size alone adds little',
            '{{ var("advisory_note") }}'
        ) as explanation
    from ranked
    left join ocg_links_described on ranked.network_id = ocg_links_described.network_id
    left join network_links_described
        on ranked.network_id = network_links_described.network_id
)

select * from final
