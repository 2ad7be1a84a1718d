-- Each network member's crimes as suspect or offender, with the offence's
-- measures: the one join of members to their offences that the network's crimes,
-- its victim links and its activity all read.
with

members as (
    select
        person_id,
        network_id
    from {{ ref('pg_network_members_classified') }}
),

offences as (
    select
        person_id,
        crime_id,
        offence_code,
        offence_description,
        offence_at,
        is_cse,
        is_child_sexual_offence,
        harm_days,
        recency_factor,
        is_in_activity_window
    from {{ ref('int_person_offences_attributed') }}
),

final as (
    select
        members.network_id,
        members.person_id,
        offences.crime_id,
        offences.offence_code,
        offences.offence_description,
        offences.offence_at,
        offences.is_cse,
        offences.is_child_sexual_offence,
        offences.harm_days,
        offences.recency_factor,
        offences.is_in_activity_window
    from members
    inner join offences on members.person_id = offences.person_id
)

select * from final
