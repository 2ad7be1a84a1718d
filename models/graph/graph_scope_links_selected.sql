-- The links that expand the graph's scope: every weighted link except
-- OFFENDER_VICTIM links, which expand it only when one of their crimes is CSE,
-- unless var graph_scope_non_cse_offender_victim is true (docs block link_rules).
with

links as (
    select
        person_id_a,
        person_id_b,
        link_type
    from {{ ref('int_person_links_weighted') }}
),

-- OFFENDER_VICTIM links with at least one CSE crime among their evidence
cse_offender_victim_links as (
    select
        person_id_a,
        person_id_b
    from {{ ref('int_person_links_cse_evidenced') }}
    where link_type = 'OFFENDER_VICTIM'
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
