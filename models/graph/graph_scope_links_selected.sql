-- The links that expand the graph's scope: every weighted link except
-- OFFENDER_VICTIM links, which expand it only when one of their crimes is CSE,
-- unless var graph_scope_non_cse_offender_victim is true (docs block link_rules).
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

offender_victim_evidence as (
    select
        links.person_id_a,
        links.person_id_b,
        evidence.crime_id
    from links
        lateral view explode(links.evidence_ids) evidence as crime_id
    where links.link_type = 'OFFENDER_VICTIM'
),

-- OFFENDER_VICTIM links with at least one CSE crime among their evidence
cse_offender_victim_links as (
    select distinct
        offender_victim_evidence.person_id_a,
        offender_victim_evidence.person_id_b
    from offender_victim_evidence
    inner join cse_crimes on offender_victim_evidence.crime_id = cse_crimes.crime_id
),

final as (
    select
        person_id_a,
        person_id_b
    from links
    {%- if not var('graph_scope_non_cse_offender_victim') %}
        where link_type != 'OFFENDER_VICTIM'
    {%- endif %}
    union
    select
        person_id_a,
        person_id_b
    from cse_offender_victim_links
)

select * from final
