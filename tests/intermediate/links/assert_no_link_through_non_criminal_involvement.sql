-- Fails on every crime-evidenced link (CO_OFFENDING, OFFENDER_VICTIM) where an
-- end of the link is not SUSPECT, OFFENDER or VICTIM of the evidencing crime:
-- a WITNESS, REPORTING_PERSON or PROFESSIONAL involvement never links.
with

crime_links as (
    select
        person_id_a,
        person_id_b,
        link_type,
        explode(evidence_ids) as crime_id
    from {{ ref('int_person_links_typed') }}
    where link_type in ('CO_OFFENDING', 'OFFENDER_VICTIM')
),

criminal_involvements as (
    select distinct
        crime_id,
        person_id
    from {{ ref('int_crime_involvements_resolved') }}
    where involvement in ('SUSPECT', 'OFFENDER', 'VICTIM')
),

final as (
    select crime_links.*
    from crime_links
    left join criminal_involvements as involved_a
        on
            crime_links.crime_id = involved_a.crime_id
            and crime_links.person_id_a = involved_a.person_id
    left join criminal_involvements as involved_b
        on
            crime_links.crime_id = involved_b.crime_id
            and crime_links.person_id_b = involved_b.person_id
    where involved_a.person_id is null or involved_b.person_id is null
)

select * from final
