-- Who offended against whom: each network member paired with each victim of a
-- crime they committed as suspect or offender (docs block victim_links), the
-- directed OFFENDER_VICTIM links of the briefing pack's link charts.
with

member_offences as (
    select
        network_id,
        person_id as offender_person_id,
        crime_id
    from {{ ref('pg_network_member_offences_listed') }}
),

crime_victims as (
    select
        crime_id,
        victim_person_id,
        offence_at,
        is_cse
    from {{ ref('int_crime_victims_aged') }}
),

-- a person recorded as both offender and victim of one crime is no link to themselves
offender_victim_crimes as (
    select
        member_offences.network_id,
        member_offences.offender_person_id,
        crime_victims.victim_person_id,
        crime_victims.crime_id,
        crime_victims.offence_at,
        crime_victims.is_cse
    from member_offences
    inner join crime_victims on member_offences.crime_id = crime_victims.crime_id
    where member_offences.offender_person_id != crime_victims.victim_person_id
),

final as (
    select
        network_id,
        offender_person_id,
        victim_person_id,
        'OFFENDER_VICTIM' as link_type,
        count(distinct crime_id) as n_crimes,
        count(distinct if(is_cse, crime_id, null)) as n_cse_crimes,
        min(offence_at) as first_offence_at,
        max(offence_at) as last_offence_at
    from offender_victim_crimes
    group by network_id, offender_person_id, victim_person_id
)

select * from final
