-- Victims linked to each network: victims of crimes its members committed as
-- suspect or offender, and members who are themselves victims (their own crimes).
with

members as (
    select
        person_id,
        network_id,
        is_victim
    from {{ ref('pg_network_members_classified') }}
),

network_crimes as (
    select
        network_id,
        crime_id
    from {{ ref('pg_network_crimes_attributed') }}
),

crime_victims as (
    select
        crime_id,
        victim_person_id,
        offence_at,
        is_cse,
        age_at_offence_years,
        is_child_at_offence,
        has_safeguarding_flag,
        is_in_activity_window
    from {{ ref('int_crime_victims_aged') }}
),

victims_of_member_crimes as (
    select
        network_crimes.network_id,
        crime_victims.*
    from network_crimes
    inner join crime_victims on network_crimes.crime_id = crime_victims.crime_id
),

victims_who_are_members as (
    select
        members.network_id,
        crime_victims.*
    from members
    inner join crime_victims on members.person_id = crime_victims.victim_person_id
    where members.is_victim
),

victim_crimes as (
    select * from victims_of_member_crimes
    union
    select * from victims_who_are_members
),

final as (
    select
        network_id,
        victim_person_id,
        count(distinct crime_id) as n_crimes,
        count(distinct if(is_cse, crime_id, null)) as n_cse_crimes,
        count(distinct if(is_in_activity_window, crime_id, null)) as n_crimes_in_window,
        min(offence_at) as first_offence_at,
        max(offence_at) as last_offence_at,
        min_by(age_at_offence_years, offence_at) as age_at_first_offence_years,
        min_by(is_child_at_offence, offence_at) as is_child_at_first_offence,
        bool_or(is_child_at_offence) as is_child_at_any_offence,
        bool_or(has_safeguarding_flag) as has_safeguarding_flag,
        -- repeat victim of this network: more than one of its crimes
        count(distinct crime_id) > 1 as is_repeat_victim,
        bool_or(is_cse) as is_cse_victim
    from victim_crimes
    group by network_id, victim_person_id
)

select * from final
