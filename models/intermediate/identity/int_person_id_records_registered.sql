-- The record registry after this run: the RECORD part of
-- int_person_registries_computed (docs block id_rules).
with

registries as (
    select * from {{ ref('int_person_registries_computed') }}
    where registry_part = 'RECORD'
),

final as (
    select
        record_id,
        person_id,
        last_seen_as_of,
        anchor_record_id,
        based_on_registry_run_id,
        person_id_key_source,
        person_id_key_check
    from registries
)

select * from final
