-- The six person priority components (docs block priority_method), each
-- normalised to 0..1 over the people who are ranked (victims excluded from the
-- maxima): harm, victims, recency, centrality, OCG links, stability; with the
-- measures behind them.
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

victims_counted as (
    select
        person_id,
        n_victims,
        n_child_victims,
        victim_points
    from {{ ref('int_person_victims_counted') }}
),

ocg_contacts as (
    select
        person_id,
        linked_ocg_ids
    from {{ ref('pg_person_ocg_contacts_found') }}
),

bridges as (
    select
        person_id_a as person_id,
        linked_network_id
    from {{ ref('graph_network_bridges') }}
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

final as (
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
)

select * from final
