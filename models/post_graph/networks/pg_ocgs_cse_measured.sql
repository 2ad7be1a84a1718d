-- What each organised crime group current at the as-of date did that bears on
-- CSE (docs block ocg_cse_priority): its members, the CSE crimes they committed
-- as suspect or offender (each crime once per OCG) with their harm, recency-weighted
-- harm and the days since the last one, the CSE victims of those crimes (children
-- at the offence, repeat victims), the CSE networks linked to it, and its other
-- offending counted apart as context. Measures only: pg_ocgs_cse_prioritised
-- scores, ranks and explains them.
with

ocg_nominals as (
    select
        ocg_id,
        ocg_threat_band
    from {{ ref('int_ocg_memberships_current') }}
),

persons as (
    select
        person_id,
        ocg_ids
    from {{ ref('int_persons') }}
    where is_ocg_member
),

offences as (
    select
        person_id,
        crime_id,
        is_cse,
        harm_days,
        recency_factor,
        days_before_as_of
    from {{ ref('int_person_offences_attributed') }}
),

crime_victims as (
    select
        crime_id,
        victim_person_id,
        is_child_at_offence
    from {{ ref('int_crime_victims_aged') }}
),

network_ocg_links as (
    select
        network_id,
        ocg_id
    from {{ ref('pg_network_ocg_links_found') }}
),

networks as (
    select
        network_id,
        cse_harm_days,
        harm_days
    from {{ ref('pg_network_metrics_aggregated') }}
),

ocgs as (
    select
        ocg_id,
        min(ocg_threat_band) as ocg_threat_band
    from ocg_nominals
    group by ocg_id
),

ocg_members as (
    select distinct
        memberships.ocg_id,
        persons.person_id
    from persons
        lateral view explode(persons.ocg_ids) memberships as ocg_id
),

members_counted as (
    select
        ocg_id,
        count(*) as n_members
    from ocg_members
    group by ocg_id
),

-- each crime once per OCG, however many members offended in it
ocg_crimes as (
    select
        ocg_members.ocg_id,
        offences.crime_id,
        max(offences.is_cse) as is_cse,
        max(offences.harm_days) as harm_days,
        max(offences.recency_factor) as recency_factor,
        min(offences.days_before_as_of) as days_before_as_of
    from ocg_members
    inner join offences on ocg_members.person_id = offences.person_id
    group by ocg_members.ocg_id, offences.crime_id
),

crimes_aggregated as (
    select
        ocg_id,
        count_if(is_cse) as n_cse_crimes,
        cast(sum(if(is_cse, harm_days, 0.0)) as double) as cse_harm_days,
        cast(sum(if(is_cse, harm_days * recency_factor, 0.0)) as double)
            as cse_harm_days_recency_weighted,
        min(if(is_cse, days_before_as_of, null)) as days_since_last_cse_offence,
        count_if(not is_cse) as n_other_crimes,
        cast(sum(if(is_cse, 0.0, harm_days)) as double) as other_harm_days
    from ocg_crimes
    group by ocg_id
),

cse_offenders_counted as (
    select
        ocg_members.ocg_id,
        count(distinct ocg_members.person_id) as n_members_in_cse_crimes
    from ocg_members
    inner join offences on ocg_members.person_id = offences.person_id
    where offences.is_cse
    group by ocg_members.ocg_id
),

cse_victims as (
    select
        ocg_crimes.ocg_id,
        crime_victims.victim_person_id,
        bool_or(crime_victims.is_child_at_offence) as is_child_victim,
        count(distinct ocg_crimes.crime_id) > 1 as is_repeat_victim
    from ocg_crimes
    inner join crime_victims on ocg_crimes.crime_id = crime_victims.crime_id
    where ocg_crimes.is_cse
    group by ocg_crimes.ocg_id, crime_victims.victim_person_id
),

victims_aggregated as (
    select
        ocg_id,
        count(*) as n_cse_victims,
        count_if(is_child_victim) as n_child_victims,
        count_if(is_repeat_victim) as n_repeat_cse_victims
    from cse_victims
    group by ocg_id
),

-- CSE networks only (macro is_cse_network, the rule of the network ranking)
cse_networks_linked as (
    select
        network_ocg_links.ocg_id,
        count(distinct network_ocg_links.network_id) as n_cse_networks,
        array_sort(collect_set(network_ocg_links.network_id)) as cse_network_ids
    from network_ocg_links
    inner join networks on network_ocg_links.network_id = networks.network_id
    where {{ is_cse_network('networks.cse_harm_days', 'networks.harm_days') }}
    group by network_ocg_links.ocg_id
),

final as (
    select
        ocgs.ocg_id,
        ocgs.ocg_threat_band,
        coalesce(members_counted.n_members, 0) as n_members,
        coalesce(cse_offenders_counted.n_members_in_cse_crimes, 0) as n_members_in_cse_crimes,
        coalesce(crimes_aggregated.n_cse_crimes, 0) as n_cse_crimes,
        coalesce(crimes_aggregated.cse_harm_days, 0.0) as cse_harm_days,
        coalesce(crimes_aggregated.cse_harm_days_recency_weighted, 0.0)
            as cse_harm_days_recency_weighted,
        crimes_aggregated.days_since_last_cse_offence,
        coalesce(victims_aggregated.n_cse_victims, 0) as n_cse_victims,
        coalesce(victims_aggregated.n_child_victims, 0) as n_child_victims,
        coalesce(victims_aggregated.n_repeat_cse_victims, 0) as n_repeat_cse_victims,
        coalesce(cse_networks_linked.n_cse_networks, 0) as n_cse_networks,
        coalesce(cse_networks_linked.cse_network_ids, array()) as cse_network_ids,
        coalesce(crimes_aggregated.n_other_crimes, 0) as n_other_crimes,
        coalesce(crimes_aggregated.other_harm_days, 0.0) as other_harm_days
    from ocgs
    left join members_counted on ocgs.ocg_id = members_counted.ocg_id
    left join cse_offenders_counted on ocgs.ocg_id = cse_offenders_counted.ocg_id
    left join crimes_aggregated on ocgs.ocg_id = crimes_aggregated.ocg_id
    left join victims_aggregated on ocgs.ocg_id = victims_aggregated.ocg_id
    left join cse_networks_linked on ocgs.ocg_id = cse_networks_linked.ocg_id
)

select * from final
