-- SHARED_IDENTIFIER: the same canonical address, phone, vehicle, email or
-- online handle held by two persons in overlapping periods; hubs excluded.
with

identifiers as (
    select
        person_id,
        identifier_type,
        identifier_value,
        identifier_id,
        observed_from,
        observed_until
    from {{ ref('int_person_identifiers_resolved') }}
),

hubs as (
    select
        identifier_type,
        identifier_value
    from {{ ref('int_identifier_hubs_identified') }}
),

identifiers_without_hubs as (
    select identifiers.*
    from identifiers
    left anti join hubs
        on
            identifiers.identifier_type = hubs.identifier_type
            and identifiers.identifier_value = hubs.identifier_value
),

evidence as (
    select
        holders_x.person_id as person_id_x,
        holders_y.person_id as person_id_y,
        holders_x.identifier_id as evidence_id,
        cast(greatest(holders_x.observed_from, holders_y.observed_from) as timestamp)
            as seen_from_at,
        cast(least(holders_x.observed_until, holders_y.observed_until) as timestamp)
            as seen_to_at
    from identifiers_without_hubs as holders_x
    inner join identifiers_without_hubs as holders_y
        on
            holders_x.identifier_type = holders_y.identifier_type
            and holders_x.identifier_value = holders_y.identifier_value
            and holders_x.person_id < holders_y.person_id
    -- a re-issued phone number links nobody: the periods must overlap
    where
        holders_x.observed_from <= holders_y.observed_until
        and holders_y.observed_from <= holders_x.observed_until
),

final as (
    {{ links_from_evidence('evidence', 'SHARED_IDENTIFIER') }}
)

select * from final
