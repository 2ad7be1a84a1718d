-- Who was involved in each crime, and how, at the person level: involvements
-- and crimes known at the as-of date (int_crime_nominals_known, int_crimes_known).
with

crime_nominals as (
    select
        crime_id,
        record_id,
        involvement
    from {{ ref('int_crime_nominals_known') }}
),

resolved as (
    select
        record_id,
        person_id
    from {{ ref('int_person_records_resolved') }}
),

crimes as (
    select
        crime_id,
        offence_at
    from {{ ref('int_crimes_known') }}
),

final as (
    select distinct
        crime_nominals.crime_id,
        resolved.person_id,
        crime_nominals.involvement,
        crime_nominals.involvement in ('SUSPECT', 'OFFENDER') as is_suspect_or_offender,
        crimes.offence_at
    from crime_nominals
    inner join resolved on crime_nominals.record_id = resolved.record_id
    inner join crimes on crime_nominals.crime_id = crimes.crime_id
)

select * from final
