-- The OCGs of each graph person's direct neighbours: every OCG that one of the
-- people they are linked to in the graph is a current member of, through an
-- edge that is an association (the rule of pg_network_ocg_links_found: an
-- offence by one person against the other is no tie to the other's OCG).
with

members as (
    select
        person_id,
        is_ocg_member,
        ocg_ids
    from {{ ref('pg_network_members_classified') }}
),

edges as (
    {{ ocg_association_edges() }}
),

neighbours as (
    {{ neighbours('edges') }}
),

final as (
    select
        neighbours.person_id,
        array_sort(array_distinct(flatten(collect_list(ocg_neighbours.ocg_ids))))
            as linked_ocg_ids
    from neighbours
    inner join members as ocg_neighbours
        on neighbours.neighbour_id = ocg_neighbours.person_id
    where ocg_neighbours.is_ocg_member
    group by neighbours.person_id
)

select * from final
