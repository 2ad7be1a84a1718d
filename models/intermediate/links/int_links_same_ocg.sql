-- SAME_OCG: current members (int_ocg_memberships_current) of the same organised
-- crime group.
with

memberships as (
    select
        ocg_nominals.ocg_id,
        resolved.person_id,
        ocg_nominals.mapped_from
    from {{ ref('int_ocg_memberships_current') }} as ocg_nominals
    inner join {{ ref('int_person_records_resolved') }} as resolved
        on ocg_nominals.record_id = resolved.record_id
),

evidence as (
    select
        members_x.person_id as person_id_x,
        members_y.person_id as person_id_y,
        concat('OCG:', members_x.ocg_id) as evidence_id,
        cast(greatest(members_x.mapped_from, members_y.mapped_from) as timestamp)
            as seen_from_at,
        -- a current membership is still true on the as-of date
        cast(date'{{ as_of_date() }}' as timestamp) as seen_to_at
    from memberships as members_x
    inner join memberships as members_y
        on
            members_x.ocg_id = members_y.ocg_id
            and members_x.person_id < members_y.person_id
),

final as (
    {{ links_from_evidence('evidence', 'SAME_OCG') }}
)

select * from final
