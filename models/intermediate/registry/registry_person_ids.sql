-- The person-id registry to publish: every person id ever issued, its status
-- and pointer, and what happened to it in this run (docs block id_rules).
with

registered as (
    select * from {{ ref('int_person_ids_registered') }}
),

final as (
    select
        *,
        '{{ invocation_id }}' as registry_run_id
    from registered
)

select * from final
