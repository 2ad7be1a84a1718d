-- CO_OFFENDING: two persons recorded as suspects or offenders of the same crime.
with

suspects as (
    select distinct
        crime_id,
        person_id,
        offence_at
    from {{ ref('int_crime_involvements_resolved') }}
    where is_suspect_or_offender
),

evidence as (
    select
        suspects_x.person_id as person_id_x,
        suspects_y.person_id as person_id_y,
        suspects_x.crime_id as evidence_id,
        suspects_x.offence_at as seen_from_at,
        suspects_x.offence_at as seen_to_at
    from suspects as suspects_x
    inner join suspects as suspects_y
        on
            suspects_x.crime_id = suspects_y.crime_id
            and suspects_x.person_id < suspects_y.person_id
),

final as (
    {{ links_from_evidence('evidence', 'CO_OFFENDING') }}
)

select * from final
