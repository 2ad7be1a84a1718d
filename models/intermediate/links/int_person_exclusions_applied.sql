-- Analyst person exclusions (seed person_exclusions) resolved to persons, with
-- the number of links each removes. An excluded person is no graph node.
with

exclusions as (
    select
        exclusion_id,
        upper(id_type) as id_type,
        id_value,
        reason
    from {{ ref('person_exclusions') }}
),

{{ person_id_lookups() }},

links as (
    select
        person_id_a,
        person_id_b
    from {{ ref('int_person_links_typed') }}
),

exclusions_claimed as (
    select
        exclusions.exclusion_id,
        exclusions.id_type,
        exclusions.reason,
        case
            when exclusions.id_type = 'RECORD' then resolved.person_id
            when exclusions.id_type = 'PERSON'
                then coalesce(id_pointers.live_id, exclusions.id_value)
        end as claimed_person_id,
        coalesce(id_pointers.live_id != id_pointers.named_id, false) as is_via_pointer
    from exclusions
    left join resolved
        on exclusions.id_type = 'RECORD' and exclusions.id_value = resolved.record_id
    left join id_pointers
        on exclusions.id_type = 'PERSON' and exclusions.id_value = id_pointers.named_id
),

exclusions_resolved as (
    select
        exclusions_claimed.exclusion_id,
        exclusions_claimed.id_type,
        exclusions_claimed.reason,
        exclusions_claimed.is_via_pointer,
        persons.person_id
    from exclusions_claimed
    left join persons on exclusions_claimed.claimed_person_id = persons.person_id
),

final as (
    select
        exclusions_resolved.exclusion_id,
        exclusions_resolved.id_type,
        exclusions_resolved.person_id,
        exclusions_resolved.person_id is not null as is_resolved,
        count(links.person_id_a) as n_links_removed,
        exclusions_resolved.reason,
        cast(exclusions_resolved.is_via_pointer as int) as n_ids_via_pointer
    from exclusions_resolved
    left join links
        on
            exclusions_resolved.person_id = links.person_id_a
            or exclusions_resolved.person_id = links.person_id_b
    group by 1, 2, 3, 4, 6, 7
)

select * from final
