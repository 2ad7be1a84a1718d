-- OFFENDER_VICTIM: a suspect or offender and a victim of the same crime.
with

involvements as (
    select
        crime_id,
        person_id,
        involvement,
        is_suspect_or_offender,
        offence_at
    from {{ ref('int_crime_involvements_resolved') }}
    where is_suspect_or_offender or involvement = 'VICTIM'
),

evidence as (
    select
        offenders.person_id as person_id_x,
        victims.person_id as person_id_y,
        offenders.crime_id as evidence_id,
        offenders.offence_at as seen_from_at,
        offenders.offence_at as seen_to_at
    from involvements as offenders
    inner join involvements as victims
        on
            offenders.crime_id = victims.crime_id
            and offenders.is_suspect_or_offender
            and victims.involvement = 'VICTIM'
),

final as (
    {{ links_from_evidence('evidence', 'OFFENDER_VICTIM') }}
)

select * from final
