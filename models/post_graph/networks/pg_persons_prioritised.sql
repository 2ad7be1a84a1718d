-- Person priority: six documented components (seed priority_weights, level person),
-- each normalised to 0..1, ranked densely over everyone who is not a victim (score
-- desc, then person id) and explained in plain English. Victims get no score or rank.
with

members as (
    select
        person_id,
        component_id,
        network_id,
        member_role,
        is_cse_nominal,
        is_victim,
        is_ocg_member,
        ocg_ids,
        degree,
        betweenness,
        eigenvector,
        n_linked_networks,
        network_stability,
        is_key_player,
        key_player_order
    from {{ ref('pg_network_members_classified') }}
),

harm as (
    select
        person_id,
        n_crimes,
        n_cse_crimes,
        harm_days,
        cse_harm_days,
        harm_days_recency_weighted,
        gravity_harm_days,
        last_offence_at,
        recency_score
    from {{ ref('int_person_harm_scored') }}
),

offences as (
    select
        person_id,
        crime_id
    from {{ ref('int_person_offences_attributed') }}
),

crime_victims as (
    select
        crime_id,
        victim_person_id,
        offence_at,
        is_child_at_offence,
        has_safeguarding_flag,
        is_cse
    from {{ ref('int_crime_victims_aged') }}
),

edges as (
    select
        person_id_a,
        person_id_b
    from {{ ref('graph_edges') }}
),

bridges as (
    select
        person_id_a as person_id,
        linked_network_id
    from {{ ref('graph_network_bridges') }}
),

weights as (
    {{ priority_weights('person') }}
),

victims_of_person as (
    select
        offences.person_id,
        crime_victims.victim_person_id,
        min_by(crime_victims.is_child_at_offence, crime_victims.offence_at)
            as is_child_at_first_offence,
        bool_or(crime_victims.has_safeguarding_flag) as has_safeguarding_flag,
        -- repeat victim of this person: more than one of their crimes
        count(distinct crime_victims.crime_id) > 1 as is_repeat_victim,
        bool_or(crime_victims.is_cse) as is_cse_victim
    from offences
    inner join crime_victims on offences.crime_id = crime_victims.crime_id
    where offences.person_id != crime_victims.victim_person_id
    group by offences.person_id, crime_victims.victim_person_id
),

victims_counted as (
    select
        person_id,
        count(*) as n_victims,
        count_if(is_child_at_first_offence) as n_child_victims,
        -- as for networks: victims of CSE crimes 1, +1 child, +1 flagged, +1 repeat
        sum(
            if(
                is_cse_victim,
                1
                + cast(is_child_at_first_offence as int)
                + cast(has_safeguarding_flag as int)
                + cast(is_repeat_victim as int),
                0
            )
        ) as victim_points
    from victims_of_person
    group by person_id
),

neighbours as (
    select
        person_id_a as person_id,
        person_id_b as neighbour_id
    from edges
    union all
    select
        person_id_b as person_id,
        person_id_a as neighbour_id
    from edges
),

ocg_contacts as (
    select
        neighbours.person_id,
        array_sort(array_distinct(flatten(collect_list(ocg_neighbours.ocg_ids))))
            as linked_ocg_ids
    from neighbours
    inner join members as ocg_neighbours
        on neighbours.neighbour_id = ocg_neighbours.person_id
    where ocg_neighbours.is_ocg_member
    group by neighbours.person_id
),

linked_networks as (
    select
        person_id,
        array_sort(collect_set(linked_network_id)) as linked_network_ids
    from bridges
    group by person_id
),

persons_assembled as (
    select
        members.*,
        'person' as priority_level,
        coalesce(harm.n_crimes, 0) as n_crimes,
        coalesce(harm.n_cse_crimes, 0) as n_cse_crimes,
        coalesce(harm.harm_days, 0.0) as harm_days,
        coalesce(harm.cse_harm_days, 0.0) as cse_harm_days,
        -- CSE harm counts in full; other harm at var priority_non_cse_harm_factor,
        -- capped at var priority_non_cse_harm_cap_days (context, never the driver)
        coalesce(harm.cse_harm_days, 0.0)
        + least(
            {{ var('priority_non_cse_harm_factor') }}
            * (coalesce(harm.harm_days, 0.0) - coalesce(harm.cse_harm_days, 0.0)),
            {{ var('priority_non_cse_harm_cap_days') }}
        ) as weighted_harm_days,
        coalesce(harm.harm_days_recency_weighted, 0.0) as harm_days_recency_weighted,
        coalesce(harm.gravity_harm_days, 0.0) as gravity_harm_days,
        harm.last_offence_at,
        harm.recency_score,
        coalesce(victims_counted.n_victims, 0) as n_victims,
        coalesce(victims_counted.n_child_victims, 0) as n_child_victims,
        coalesce(victims_counted.victim_points, 0) as victim_points,
        array_except(coalesce(ocg_contacts.linked_ocg_ids, array()), members.ocg_ids)
            as linked_ocg_ids,
        coalesce(linked_networks.linked_network_ids, array()) as linked_network_ids
    from members
    left join harm on members.person_id = harm.person_id
    left join victims_counted on members.person_id = victims_counted.person_id
    left join ocg_contacts on members.person_id = ocg_contacts.person_id
    left join linked_networks on members.person_id = linked_networks.person_id
),

-- Maxima over the people who are ranked (victims excluded).
maxima as (
    select
        *,
        max(if(is_victim, null, weighted_harm_days)) over () as max_weighted_harm_days,
        max(if(is_victim, null, victim_points)) over () as max_victim_points,
        max(if(is_victim, null, betweenness)) over () as max_betweenness
    from persons_assembled
),

components_scored as (
    select
        *,
        coalesce(
            ln(1 + weighted_harm_days / {{ var('priority_harm_unit_days') }})
            / nullif(ln(1 + max_weighted_harm_days / {{ var('priority_harm_unit_days') }}), 0),
            0.0
        ) as harm_component,
        coalesce(ln(1 + victim_points) / nullif(ln(1 + max_victim_points), 0), 0.0)
            as victims_component,
        coalesce(recency_score, 0.0) as recency_component,
        (
            coalesce(ln(1 + betweenness) / nullif(ln(1 + max_betweenness), 0), 0.0)
            + least(greatest(coalesce(eigenvector, 0.0), 0.0), 1.0)
        ) / 2 as centrality_component,
        case
            when is_ocg_member then 1.0
            when size(linked_ocg_ids) > 0 then {{ var('priority_ocg_linked_score') }}
            else 0.0
        end as ocg_links_component,
        coalesce(network_stability, 0.0) as stability_component
    from maxima
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
                        n_crimes, ' crime', if(n_crimes = 1, '', 's'),
                        ' as suspect or offender (', n_cse_crimes, ' CSE), ',
                        format_number(harm_days, 0), ' harm days, the last on ',
                        date_format(last_offence_at, 'yyyy-MM-dd')
                    ),
                    'no crimes recorded as suspect or offender'
                ),
                if(
                    n_victims > 0,
                    concat(
                        n_victims, ' victim', if(n_victims = 1, '', 's'), ' of their crimes (',
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
