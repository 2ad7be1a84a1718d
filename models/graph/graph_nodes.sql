-- Graph scope: the CSE seed set, expanded var('graph_hops') hops over weighted
-- links, plus the current members of every OCG a reached person belongs to.
-- Each hop keeps only persons not reached before (breadth-first search).
-- OFFENDER_VICTIM links expand the scope only when one of their crimes is CSE,
-- unless var graph_scope_non_cse_offender_victim is true (docs block link_rules).
{%- set hops = var('graph_hops') | int %}

with

seed_set as (
    select
        person_id,
        n_cse_crimes_as_suspect,
        n_credible_cse_intel_as_subject,
        is_cse_crime_suspect,
        is_credible_cse_intel_subject
    from {{ ref('int_cse_nominals_identified') }}
),

-- analyst exclusions, and records that cannot be one person (placeholders)
person_exclusions as (
    select person_id
    from {{ ref('int_person_exclusions_applied') }}
    where is_resolved
    union
    select person_id
    from {{ ref('int_implausible_persons_flagged') }}
    where is_excluded_from_linking
),

links as (
    select
        person_id_a,
        person_id_b,
        link_type,
        evidence_ids
    from {{ ref('int_person_links_weighted') }}
),

persons as (
    select
        person_id,
        is_ocg_member,
        ocg_ids,
        has_safeguarding_flag
    from {{ ref('int_persons') }}
),

involvements as (
    select
        crime_id,
        person_id,
        involvement,
        is_suspect_or_offender
    from {{ ref('int_crime_involvements_resolved') }}
),

crimes as (
    select
        crime_id,
        harm_days
    from {{ ref('int_crimes_cse_classified') }}
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

links_expanding_scope as (
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
),

neighbours as (
    select
        person_id_a as person_id,
        person_id_b as neighbour_id
    from links_expanding_scope
    union all
    select
        person_id_b as person_id,
        person_id_a as neighbour_id
    from links_expanding_scope
),

reached_hop_0 as (
    select
        seed_set.person_id,
        0 as hop_distance
    from seed_set
    left anti join person_exclusions on seed_set.person_id = person_exclusions.person_id
),

{% for hop in range(1, hops + 1) %}
    reached_before_hop_{{ hop }} as (
        {% for previous in range(hop) -%}
            {% if not loop.first -%} union all {%- endif %}
            select person_id from reached_hop_{{ previous }}
        {% endfor %}
    ),

    reached_hop_{{ hop }} as (
        select distinct
            neighbours.neighbour_id as person_id,
            {{ hop }} as hop_distance
        from reached_hop_{{ hop - 1 }} as frontier
        inner join neighbours on frontier.person_id = neighbours.person_id
        left anti join reached_before_hop_{{ hop }} as reached
            on neighbours.neighbour_id = reached.person_id
    ),

{% endfor %}
reached_by_links as (
    {% for hop in range(hops + 1) -%}
        {% if not loop.first -%} union all {%- endif %}
        select * from reached_hop_{{ hop }}
    {% endfor %}
),

ocg_members as (
    select
        person_id,
        explode(ocg_ids) as ocg_id
    from persons
),

ocgs_reached as (
    select
        ocg_members.ocg_id,
        min(reached_by_links.hop_distance) as hop_distance
    from reached_by_links
    inner join ocg_members on reached_by_links.person_id = ocg_members.person_id
    group by ocg_members.ocg_id
),

reached_by_ocg as (
    select
        ocg_members.person_id,
        min(ocgs_reached.hop_distance) + 1 as hop_distance
    from ocgs_reached
    inner join ocg_members on ocgs_reached.ocg_id = ocg_members.ocg_id
    left anti join reached_by_links on ocg_members.person_id = reached_by_links.person_id
    left anti join person_exclusions on ocg_members.person_id = person_exclusions.person_id
    group by ocg_members.person_id
),

nodes as (
    select
        person_id,
        hop_distance,
        false as is_added_via_ocg
    from reached_by_links
    union all
    select
        person_id,
        hop_distance,
        true as is_added_via_ocg
    from reached_by_ocg
),

crimes_as_suspect as (
    select distinct
        involvements.person_id,
        involvements.crime_id,
        crimes.harm_days
    from involvements
    inner join crimes on involvements.crime_id = crimes.crime_id
    where involvements.is_suspect_or_offender
),

harm_by_person as (
    select
        person_id,
        count(*) as n_crimes_as_suspect,
        cast(sum(harm_days) as double) as harm_days
    from crimes_as_suspect
    group by person_id
),

victims as (
    select distinct person_id
    from involvements
    where involvement = 'VICTIM'
),

final as (
    select
        nodes.person_id,
        nodes.hop_distance,
        nodes.is_added_via_ocg,
        seed_set.person_id is not null as is_cse_nominal,
        victims.person_id is not null as is_victim,
        coalesce(persons.is_ocg_member, false) as is_ocg_member,
        coalesce(seed_set.is_cse_crime_suspect, false) as is_cse_crime_suspect,
        coalesce(seed_set.is_credible_cse_intel_subject, false) as is_credible_cse_intel_subject,
        coalesce(seed_set.n_cse_crimes_as_suspect, 0) as n_cse_crimes_as_suspect,
        coalesce(seed_set.n_credible_cse_intel_as_subject, 0) as n_credible_cse_intel_as_subject,
        coalesce(harm_by_person.n_crimes_as_suspect, 0) as n_crimes_as_suspect,
        coalesce(harm_by_person.harm_days, 0.0) as harm_days,
        -- victim only: a crime victim or a child with a safeguarding flag, and
        -- never a suspect or offender, CSE nominal or OCG member; left out of
        -- network finding (docs block network_definition). The flag counts: a
        -- child's safeguarding record not resolved with their crime record is
        -- still a child at risk, not an associate of the group.
        (victims.person_id is not null or coalesce(persons.has_safeguarding_flag, false))
        and coalesce(harm_by_person.n_crimes_as_suspect, 0) = 0
        and seed_set.person_id is null
        and not coalesce(persons.is_ocg_member, false) as is_victim_only
    from nodes
    left join seed_set on nodes.person_id = seed_set.person_id
    left join victims on nodes.person_id = victims.person_id
    left join persons on nodes.person_id = persons.person_id
    left join harm_by_person on nodes.person_id = harm_by_person.person_id
)

select * from final
