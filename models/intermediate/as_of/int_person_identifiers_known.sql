-- Identifier observations known at the as-of date (docs block as_of_date):
-- the one place an address, phone, vehicle, email or handle enters linking.
-- An observation counts from its first day (observed_from): a phone first seen
-- with a person after the as-of date links nobody on that day. An observation
-- that ended after the as-of date was still open on it, so its end is not yet
-- known (observed_to null), as in an extract taken that day.
with

identifiers as (
    select * from {{ ref('stg_person_records__identifiers') }}
),

final as (
    select
        identifier_key,
        record_id,
        source_system,
        source_nominal_id,
        identifier_type,
        identifier_value,
        identifier_value_recorded,
        observed_from,
        if(observed_to < {{ as_of_cutoff() }}, observed_to, null) as observed_to
    from identifiers
    where observed_from < {{ as_of_cutoff() }}
)

select * from final
