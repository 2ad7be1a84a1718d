-- The CSE seed set: persons who are suspects or offenders in a CSE crime, or
-- subjects of credible CSE-marked intelligence, as known at the as-of date
-- (crimes, involvements and reports from the int_*_known models).
with

resolved as (
    select
        record_id,
        person_id
    from {{ ref('int_person_records_resolved') }}
),

cse_crimes as (
    select
        crime_id,
        offence_at
    from {{ ref('int_crimes_cse_classified') }}
    where is_cse
),

crime_nominals as (
    select
        crime_id,
        record_id
    from {{ ref('int_crime_nominals_known') }}
    where involvement in ('SUSPECT', 'OFFENDER')
),

credible_cse_intel as (
    select
        intel_id,
        submitted_at
    from {{ ref('int_intel_reports_graded') }}
    where is_credible and is_cse_marked
),

intel_subjects as (
    select
        intel_id,
        record_id
    from {{ ref('int_intel_nominals_parented') }}
    where mention_role = 'SUBJECT'
),

suspects_of_cse_crimes as (
    {{ persons_seen_in(
        'cse_crimes', 'crime_nominals', 'crime_id', 'offence_at', 'n_cse_crimes_as_suspect'
    ) }}
),

subjects_of_cse_intel as (
    {{ persons_seen_in(
        'credible_cse_intel', 'intel_subjects', 'intel_id', 'submitted_at',
        'n_credible_cse_intel_as_subject'
    ) }}
),

final as (
    select
        coalesce(suspects.person_id, subjects.person_id) as person_id,
        coalesce(suspects.n_cse_crimes_as_suspect, 0) as n_cse_crimes_as_suspect,
        coalesce(subjects.n_credible_cse_intel_as_subject, 0)
            as n_credible_cse_intel_as_subject,
        suspects.person_id is not null as is_cse_crime_suspect,
        subjects.person_id is not null as is_credible_cse_intel_subject,
        least(suspects.first_seen_at, subjects.first_seen_at) as first_seen_at,
        greatest(suspects.last_seen_at, subjects.last_seen_at) as last_seen_at
    from suspects_of_cse_crimes as suspects
    full outer join subjects_of_cse_intel as subjects
        on suspects.person_id = subjects.person_id
)

select * from final
