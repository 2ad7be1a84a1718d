-- OCG priority for CSE (docs block ocg_cse_priority): every organised crime
-- group current at the as-of date, with the CSE crimes its members committed
-- as suspect or offender, their harm (recency-weighted), their child and
-- repeat victims, and the CSE networks linked to it. Scored with seed
-- priority_weights (level ocg), ranked CSE-engaged first, then score, then id,
-- and explained in plain English, CSE facts first. Other offending is counted
-- apart as context and never scored. Advisory only.
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

weights as (
    select
        max(if(component = 'harm', weight, null)) as harm_weight,
        max(if(component = 'victims', weight, null)) as victims_weight,
        max(if(component = 'recency', weight, null)) as recency_weight,
        max(if(component = 'cse_networks', weight, null)) as cse_networks_weight
    from {{ ref('priority_weights') }}
    where level = 'ocg'
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

-- a CSE network: at least var ocg_cse_network_min_cse_harm_share of its harm is CSE
cse_networks_linked as (
    select
        network_ocg_links.ocg_id,
        count(distinct network_ocg_links.network_id) as n_cse_networks,
        array_sort(collect_set(network_ocg_links.network_id)) as cse_network_ids
    from network_ocg_links
    inner join networks on network_ocg_links.network_id = networks.network_id
    where
        networks.cse_harm_days > 0
        and networks.cse_harm_days
        >= {{ var('ocg_cse_network_min_cse_harm_share') }} * networks.harm_days
    group by network_ocg_links.ocg_id
),

ocgs_measured as (
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
),

ocgs_engaged as (
    select
        *,
        n_members_in_cse_crimes > 0 or n_cse_networks > 0 as is_cse_engaged,
        n_child_victims + n_repeat_cse_victims as victim_points,
        ln(1 + cse_harm_days_recency_weighted / {{ var('priority_harm_unit_days') }})
            as harm_log
    from ocgs_measured
),

-- every component log-scaled against the highest OCG, so size alone adds little
components_scored as (
    select
        *,
        coalesce(harm_log / nullif(max(harm_log) over (), 0), 0.0) as harm_component,
        coalesce(
            ln(1 + victim_points) / nullif(max(ln(1 + victim_points)) over (), 0), 0.0
        ) as victims_component,
        coalesce(
            power(
                0.5, days_since_last_cse_offence / {{ var('harm_recency_half_life_days') }}
            ),
            0.0
        ) as recency_component,
        coalesce(
            ln(1 + n_cse_networks) / nullif(max(ln(1 + n_cse_networks)) over (), 0), 0.0
        ) as cse_networks_component
    from ocgs_engaged
),

ocgs_scored as (
    select
        components_scored.*,
        round(
            (
                weights.harm_weight * components_scored.harm_component
                + weights.victims_weight * components_scored.victims_component
                + weights.recency_weight * components_scored.recency_component
                + weights.cse_networks_weight * components_scored.cse_networks_component
            )
            / (
                weights.harm_weight + weights.victims_weight
                + weights.recency_weight + weights.cse_networks_weight
            ),
            6
        ) as priority_score
    from components_scored
    cross join weights
),

ranked as (
    select
        *,
        row_number() over (
            order by is_cse_engaged desc, priority_score desc, ocg_id asc
        ) as priority_rank
    from ocgs_scored
),

final as (
    select
        *,
        concat_ws(
            '; ',
            if(
                is_cse_engaged,
                concat(
                    'OCG ', ocg_id, ': ', n_members_in_cse_crimes, ' of ', n_members,
                    ' member', if(n_members = 1, '', 's'),
                    ' suspect or offender in ', n_cse_crimes, ' CSE crime',
                    if(n_cse_crimes = 1, '', 's'), ' (',
                    format_number(cse_harm_days, 0), ' CSE harm days, ',
                    format_number(cse_harm_days_recency_weighted, 0),
                    ' weighted by recency)'
                ),
                concat(
                    'OCG ', ocg_id, ': no CSE link found (no member is a suspect or',
                    ' offender in a CSE crime and no CSE network is linked)'
                )
            ),
            if(
                n_cse_victims > 0,
                concat(
                    n_cse_victims, ' CSE victim', if(n_cse_victims = 1, '', 's'), ', ',
                    n_child_victims, ' a child at the offence, ',
                    n_repeat_cse_victims, ' repeat'
                ),
                null
            ),
            if(
                days_since_last_cse_offence is not null,
                concat(
                    'last CSE offence ', days_since_last_cse_offence,
                    ' days before the as-of date'
                ),
                null
            ),
            if(
                n_cse_networks > 0,
                concat(
                    'linked to CSE network', if(n_cse_networks = 1, ' ', 's '),
                    array_join(slice(cse_network_ids, 1, 3), ', '),
                    if(n_cse_networks > 3, concat(' and ', n_cse_networks - 3, ' more'), '')
                ),
                null
            ),
            concat(
                'other offending (context, not scored): ', n_other_crimes, ' non-CSE crime',
                if(n_other_crimes = 1, '', 's'), ', ', format_number(other_harm_days, 0),
                ' harm days'
            ),
            'components are log-scaled, so group size alone adds little',
            '{{ var("advisory_note") }}'
        ) as explanation
    from ranked
)

select * from final
