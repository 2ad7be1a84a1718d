-- Hub identifiers: held by more persons than var('identifier_hub_max_persons')
-- (a hostel, care home, police station, taxi office). A hub is no evidence of a
-- relationship, so it creates no SHARED_IDENTIFIER links.
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

identifiers_counted as (
    select
        identifier_type,
        identifier_value,
        identifier_id,
        count(distinct person_id) as n_persons,
        min(observed_from) as first_observed_date,
        max(observed_until) as last_observed_date
    from identifiers
    group by identifier_type, identifier_value, identifier_id
),

final as (
    select *
    from identifiers_counted
    where n_persons > {{ var('identifier_hub_max_persons') }}
)

select * from final
