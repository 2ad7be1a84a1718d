-- Person priority: the six documented components (pg_person_priority_components_scored,
-- seed priority_weights, level person) weighted into a score, ranked densely over
-- everyone who is not a victim (score desc, then person id) and explained in plain
-- English. Victims get no score or rank.
with

components_scored as (
    select * from {{ ref('pg_person_priority_components_scored') }}
),

weights as (
    {{ priority_weights('person') }}
),

scores_weighted as (
    select
        components_scored.*,
        if(
            components_scored.is_victim,
            null,
            {{ weighted_priority_score() }}
        ) as priority_score
    from components_scored
    inner join weights on components_scored.priority_level = weights.priority_level
),

ranked as (
    select
        *,
        if(
            is_victim,
            null,
            row_number() over (
                partition by is_victim order by priority_score desc, person_id asc
            )
        ) as priority_rank
    from scores_weighted
),

final as (
    select
        person_id,
        n_crimes,
        n_cse_crimes,
        harm_days,
        cse_harm_days,
        weighted_harm_days,
        harm_days_recency_weighted,
        gravity_harm_days,
        last_offence_at,
        recency_score,
        n_victims,
        n_child_victims,
        victim_points,
        linked_ocg_ids,
        linked_network_ids,
        harm_component,
        victims_component,
        recency_component,
        centrality_component,
        ocg_links_component,
        stability_component,
        priority_score,
        priority_rank,
        if(
            is_victim,
            concat(
                'Recorded as a victim, never as a suspect or offender: not ranked;',
                ' see fct_network_victims for safeguarding of network ', network_id,
                '. {{ var("advisory_note") }}'
            ),
            concat_ws(
                '; ',
                if(
                    is_cse_nominal,
                    'in the CSE seed set (CSE crime or credible CSE intelligence)',
                    null
                ),
                if(
                    n_crimes > 0,
                    concat(
                        {{ counted('n_crimes', 'crime') }},
                        ' as suspect or offender (', n_cse_crimes, ' CSE), ',
                        format_number(harm_days, 0), ' harm days, the last on ',
                        date_format(last_offence_at, 'yyyy-MM-dd')
                    ),
                    'no crimes recorded as suspect or offender'
                ),
                if(
                    n_victims > 0,
                    concat(
                        {{ counted('n_victims', 'victim') }},
                        ' of their crimes (',
                        n_child_victims, ' child at the first offence)'
                    ),
                    null
                ),
                if(
                    is_key_player,
                    concat('key player no. ', key_player_order, ' of network ', network_id),
                    null
                ),
                if(
                    size(linked_network_ids) > 0,
                    concat(
                        'bridges network ', network_id, ' to network',
                        if(size(linked_network_ids) > 1, 's ', ' '),
                        array_join(slice(linked_network_ids, 1, 3), ', ')
                    ),
                    null
                ),
                if(is_ocg_member, concat('member of OCG ', array_join(ocg_ids, ', ')), null),
                if(
                    size(linked_ocg_ids) > 0,
                    concat('directly linked to members of OCG ', array_join(linked_ocg_ids, ', ')),
                    null
                ),
                '{{ var("advisory_note") }}'
            )
        ) as explanation
    from ranked
)

select * from final
