-- The record registry to publish: every source record ever seen and the live
-- person id it belongs to (docs block id_rules).
with

registered as (
    select
        record_id,
        person_id,
        last_seen_as_of,
        based_on_registry_run_id
    from {{ ref('int_person_id_records_registered') }}
),

final as (
    select
        *,
        '{{ invocation_id }}' as registry_run_id
    from registered
)

select * from final
