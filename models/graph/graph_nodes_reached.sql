-- Graph scope: the CSE seed set, expanded var('graph_hops') hops over the links
-- that expand the scope (graph_scope_links_selected), plus the current members of
-- every OCG a reached person belongs to. Each hop keeps only persons not reached
-- before (breadth-first search). Analyst exclusions and implausible persons
-- (placeholders) are never reached.
{%- set hops = var('graph_hops') | int %}

with

seed_set as (
    select person_id
    from {{ ref('int_cse_nominals_identified') }}
),

-- analyst exclusions, and records that cannot be one person (placeholders)
person_exclusions as (
    {{ persons_excluded_from_linking() }}
),

links_expanding_scope as (
    select
        person_id_a,
        person_id_b
    from {{ ref('graph_scope_links_selected') }}
),

persons as (
    select
        person_id,
        ocg_ids
    from {{ ref('int_persons') }}
),

neighbours as (
    {{ neighbours('links_expanding_scope') }}
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

final as (
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
)

select * from final
