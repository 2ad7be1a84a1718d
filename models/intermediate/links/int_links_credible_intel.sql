-- CREDIBLE_INTEL: named together as subject or associate in credible intelligence.
-- Non-credible reports and VICTIM / MENTIONED roles never create a link.
with

credible_reports as (
    select
        intel_id,
        submitted_at
    from {{ ref('int_intel_reports_graded') }}
    where is_credible
),

mentions as (
    select
        intel_nominals.intel_id,
        resolved.person_id,
        credible_reports.submitted_at
    from {{ ref('int_intel_nominals_parented') }} as intel_nominals
    inner join credible_reports on intel_nominals.intel_id = credible_reports.intel_id
    inner join {{ ref('int_person_records_resolved') }} as resolved
        on intel_nominals.record_id = resolved.record_id
    where intel_nominals.mention_role in ('SUBJECT', 'ASSOCIATE')
),

evidence as (
    {{ evidence_from_shared_events('mentions', 'intel_id', 'submitted_at') }}
),

final as (
    {{ links_from_evidence('evidence', 'CREDIBLE_INTEL') }}
)

select * from final
