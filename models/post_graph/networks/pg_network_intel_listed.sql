-- Credible intelligence reports naming a network member, submitted on or before
-- the as-of date.
with

members as (
    select
        person_id,
        network_id
    from {{ ref('pg_network_members_classified') }}
),

records as (
    select
        record_id,
        person_id
    from {{ ref('int_person_records_resolved') }}
),

intel_nominals as (
    select distinct
        intel_id,
        record_id
    from {{ ref('stg_intel__nominals') }}
),

credible_intel as (
    select
        intel_id,
        submitted_at
    from {{ ref('int_intel_reports_graded') }}
    where is_credible and submitted_at < {{ as_of_cutoff() }}
),

final as (
    select distinct
        members.network_id,
        members.person_id,
        credible_intel.intel_id,
        credible_intel.submitted_at
    from credible_intel
    inner join intel_nominals on credible_intel.intel_id = intel_nominals.intel_id
    inner join records on intel_nominals.record_id = records.record_id
    inner join members on records.person_id = members.person_id
)

select * from final
