-- The person registry after this run: the PERSON part of
-- int_person_registries_computed (docs block id_rules).
with

registries as (
    select * from {{ ref('int_person_registries_computed') }}
    where registry_part = 'PERSON'
),

final as (
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
    from registries
)

select * from final
