-- Credible intelligence reports naming a network member, known at the as-of
-- date (int_intel_reports_known: submitted on or before it).
with

member_records as (
    select * from {{ ref('pg_network_member_records_listed') }}
),

intel_nominals as (
    select distinct
        intel_id,
        record_id
    from {{ ref('int_intel_nominals_parented') }}
),

credible_intel as (
    select
        intel_id,
        submitted_at
    from {{ ref('int_intel_reports_graded') }}
    where is_credible
),

final as (
    select distinct
        member_records.network_id,
        member_records.person_id,
        credible_intel.intel_id,
        credible_intel.submitted_at
    from credible_intel
    inner join intel_nominals on credible_intel.intel_id = intel_nominals.intel_id
    inner join member_records on intel_nominals.record_id = member_records.record_id
)

select * from final
