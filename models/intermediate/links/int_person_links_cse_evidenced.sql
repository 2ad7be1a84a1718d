-- Links with at least one CSE crime among their evidence: what lets an
-- OFFENDER_VICTIM link expand the graph scope and keeps a lone co-offence in
-- the graph (docs block link_rules). Links whose evidence is not crimes
-- (shared identifiers, intelligence) never match.
with

links as (
    select
        person_id_a,
        person_id_b,
        link_type,
        evidence_ids
    from {{ ref('int_person_links_weighted') }}
),

cse_crimes as (
    select crime_id
    from {{ ref('int_crimes_cse_classified') }}
    where is_cse
),

link_evidence as (
    select
        links.person_id_a,
        links.person_id_b,
        links.link_type,
        evidence.crime_id
    from links
        lateral view explode(links.evidence_ids) evidence as crime_id
),

final as (
    select distinct
        link_evidence.person_id_a,
        link_evidence.person_id_b,
        link_evidence.link_type
    from link_evidence
    inner join cse_crimes on link_evidence.crime_id = cse_crimes.crime_id
)

select * from final
