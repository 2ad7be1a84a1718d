-- The victims of each person's crimes as suspect or offender (never the person
-- themself): how many, how many were children at the first offence, and victim
-- points as for networks (macro victim_points_sum).
with

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

final as (
    select
        person_id,
        count(*) as n_victims,
        count_if(is_child_at_first_offence) as n_child_victims,
        -- as for networks: victims of CSE crimes 1, +1 child, +1 flagged, +1 repeat
        {{ victim_points_sum() }} as victim_points
    from victims_of_person
    group by person_id
)

select * from final
