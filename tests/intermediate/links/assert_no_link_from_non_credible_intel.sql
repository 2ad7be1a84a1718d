-- Fails on every CREDIBLE_INTEL link whose evidence includes a report that is
-- not credible, and on any link evidenced by an intel id of another type.
with

links as (
    select
        person_id_a,
        person_id_b,
        link_type,
        explode(evidence_ids) as evidence_id
    from {{ ref('int_person_links_typed') }}
),

reports as (
    select
        intel_id,
        is_credible
    from {{ ref('int_intel_reports_graded') }}
),

final as (
    select
        links.person_id_a,
        links.person_id_b,
        links.link_type,
        links.evidence_id
    from links
    left join reports on links.evidence_id = reports.intel_id
    where
        (links.link_type = 'CREDIBLE_INTEL' and not coalesce(reports.is_credible, false))
        or (links.link_type != 'CREDIBLE_INTEL' and reports.intel_id is not null)
)

select * from final
