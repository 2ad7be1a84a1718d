-- Links between networks and organised crime groups (OCGs): members who are in
-- an OCG themselves, and edges from a member to an OCG member outside the network
-- (edges of var ocg_link_excluded_link_types alone do not count).

with

members as (
    select
        person_id,
        network_id,
        ocg_ids
    from {{ ref('pg_network_members_classified') }}
),

-- Only edges with at least one association link type count for a direct link:
-- an offence by one person against the other (OFFENDER_VICTIM) is no tie to an OCG.
edges as (
    {{ ocg_association_edges() }}
),

ocg_threat_bands as (
    select
        ocg_id,
        min(ocg_threat_band) as ocg_threat_band
    from {{ ref('int_ocg_memberships_current') }}
    group by ocg_id
),

ocg_members as (
    select
        members.person_id,
        members.network_id,
        memberships.ocg_id
    from members
        lateral view explode(members.ocg_ids) memberships as ocg_id
),

shared_members as (
    select
        network_id,
        ocg_id,
        person_id as link_person_id,
        cast(null as string) as ocg_contact_person_id
    from ocg_members
),

edges_both_directions as (
    {{ neighbours('edges') }}
),

direct_links as (
    select
        members.network_id,
        ocg_members.ocg_id,
        members.person_id as link_person_id,
        ocg_members.person_id as ocg_contact_person_id
    from members
    inner join edges_both_directions on members.person_id = edges_both_directions.person_id
    inner join ocg_members on edges_both_directions.neighbour_id = ocg_members.person_id
    where ocg_members.network_id != members.network_id
),

links_unioned as (
    select * from shared_members
    union all
    select * from direct_links
),

final as (
    select
        links_unioned.network_id,
        links_unioned.ocg_id,
        count(distinct if(
            links_unioned.ocg_contact_person_id is null, links_unioned.link_person_id, null
        )) as n_shared_members,
        count(distinct if(
            links_unioned.ocg_contact_person_id is not null,
            concat(links_unioned.link_person_id, '|', links_unioned.ocg_contact_person_id),
            null
        )) as n_direct_links,
        array_sort(collect_set(links_unioned.link_person_id)) as link_persons,
        array_sort(collect_set(links_unioned.ocg_contact_person_id)) as ocg_contact_person_ids,
        min(ocg_threat_bands.ocg_threat_band) as ocg_threat_band
    from links_unioned
    left join ocg_threat_bands on links_unioned.ocg_id = ocg_threat_bands.ocg_id
    group by links_unioned.network_id, links_unioned.ocg_id
)

select * from final
