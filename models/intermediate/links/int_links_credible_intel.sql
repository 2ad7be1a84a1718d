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
    from {{ ref('stg_intel__nominals') }} as intel_nominals
    inner join credible_reports on intel_nominals.intel_id = credible_reports.intel_id
    inner join {{ ref('int_person_records_resolved') }} as resolved
        on intel_nominals.record_id = resolved.record_id
    where intel_nominals.mention_role in ('SUBJECT', 'ASSOCIATE')
),

evidence as (
    select
        mentions_x.person_id as person_id_x,
        mentions_y.person_id as person_id_y,
        mentions_x.intel_id as evidence_id,
        mentions_x.submitted_at as seen_from_at,
        mentions_x.submitted_at as seen_to_at
    from mentions as mentions_x
    inner join mentions as mentions_y
        on
            mentions_x.intel_id = mentions_y.intel_id
            and mentions_x.person_id < mentions_y.person_id
),

final as (
    {{ links_from_evidence('evidence', 'CREDIBLE_INTEL') }}
)

select * from final
