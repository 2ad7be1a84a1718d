-- The person-id registry to publish: every person id ever issued, its status
-- and pointer, and what happened to it in this run (docs block id_rules).
with

registered as (
    select
        person_id,
        status,
        successor_id,
        first_seen_as_of,
        last_seen_as_of,
        n_records,
        change,
        related_id,
        n_records_added,
        n_records_removed,
        based_on_registry_run_id
    from {{ ref('int_person_ids_registered') }}
),

final as (
    select
        *,
        '{{ invocation_id }}' as registry_run_id
    from registered
)

select * from final
