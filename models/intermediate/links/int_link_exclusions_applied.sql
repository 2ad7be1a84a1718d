-- Analyst link exclusions (seed link_exclusions) resolved to person pairs, with
-- the number of links each removes. Record ids follow their person.
with

exclusions as (
    select
        exclusion_id,
        upper(id_type) as id_type,
        id_a,
        id_b,
        nullif(upper(trim(link_type)), '') as link_type,
        reason
    from {{ ref('link_exclusions') }}
),

{{ person_id_lookups() }},

links as (
    select
        person_id_a,
        person_id_b,
        link_type
    from {{ ref('int_person_links_typed') }}
),

exclusions_resolved as (
    select
        exclusions.exclusion_id,
        exclusions.id_type,
        exclusions.link_type,
        exclusions.reason,
        case
            when exclusions.id_type = 'RECORD' then resolved_a.person_id
            when exclusions.id_type = 'PERSON' then persons_a.person_id
        end as person_id_x,
        case
            when exclusions.id_type = 'RECORD' then resolved_b.person_id
            when exclusions.id_type = 'PERSON' then persons_b.person_id
        end as person_id_y,
        if(
            exclusions.id_type = 'PERSON'
            and coalesce(pointer_a.live_id != pointer_a.named_id, false), 1, 0
        )
        + if(
            exclusions.id_type = 'PERSON'
            and coalesce(pointer_b.live_id != pointer_b.named_id, false), 1, 0
        ) as n_ids_via_pointer
    from exclusions
    left join resolved as resolved_a on exclusions.id_a = resolved_a.record_id
    left join resolved as resolved_b on exclusions.id_b = resolved_b.record_id
    left join id_pointers as pointer_a on exclusions.id_a = pointer_a.named_id
    left join id_pointers as pointer_b on exclusions.id_b = pointer_b.named_id
    -- person ids must name persons of this run (through a retired id's pointer),
    -- or the exclusion is unresolved
    left join persons as persons_a
        on coalesce(pointer_a.live_id, exclusions.id_a) = persons_a.person_id
    left join persons as persons_b
        on coalesce(pointer_b.live_id, exclusions.id_b) = persons_b.person_id
),

exclusions_paired as (
    select
        exclusion_id,
        id_type,
        link_type,
        reason,
        least(person_id_x, person_id_y) as person_id_a,
        greatest(person_id_x, person_id_y) as person_id_b,
        n_ids_via_pointer
    from exclusions_resolved
),

final as (
    select
        exclusions_paired.exclusion_id,
        exclusions_paired.id_type,
        exclusions_paired.link_type,
        exclusions_paired.person_id_a,
        exclusions_paired.person_id_b,
        exclusions_paired.person_id_a is not null
        and exclusions_paired.person_id_b is not null
        and exclusions_paired.person_id_a != exclusions_paired.person_id_b as is_resolved,
        count(links.link_type) as n_links_removed,
        exclusions_paired.reason,
        exclusions_paired.n_ids_via_pointer
    from exclusions_paired
    left join links
        on
            exclusions_paired.person_id_a = links.person_id_a
            and exclusions_paired.person_id_b = links.person_id_b
            and (
                exclusions_paired.link_type is null
                or exclusions_paired.link_type = links.link_type
            )
    group by 1, 2, 3, 4, 5, 6, 8, 9
)

select * from final
