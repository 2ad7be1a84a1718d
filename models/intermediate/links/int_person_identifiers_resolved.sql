-- Identifier observations known at the as-of date at the person level, with a keyed pseudonymous
-- identifier id for use as link evidence (phone numbers and addresses are
-- personal data; the id is not reversible without the key).
with

identifiers as (
    select
        identifier_key,
        record_id,
        identifier_type,
        identifier_value,
        observed_from,
        observed_to
    from {{ ref('int_person_identifiers_known') }}
),

resolved as (
    select
        record_id,
        person_id
    from {{ ref('int_person_records_resolved') }}
),

-- keyed in a Python model: the key never enters SQL
identifier_ids as (
    select
        identifier_key,
        identifier_id
    from {{ ref('int_identifier_ids_keyed') }}
),

final as (
    select
        identifiers.identifier_key,
        resolved.person_id,
        identifiers.identifier_type,
        identifiers.identifier_value,
        identifier_ids.identifier_id,
        identifiers.observed_from,
        -- an open observation lasts until the as-of date
        coalesce(identifiers.observed_to, date'{{ as_of_date() }}') as observed_until
    from identifiers
    inner join resolved on identifiers.record_id = resolved.record_id
    inner join identifier_ids
        on identifiers.identifier_key = identifier_ids.identifier_key
)

select * from final
