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
    {{ evidence_from_shared_events('suspects', 'crime_id', 'offence_at') }}
),

final as (
    {{ links_from_evidence('evidence', 'CO_OFFENDING') }}
)

select * from final
