-- Hub identifiers: held by more distinct persons than the limit of their type
-- (seed identifier_hub_limits, each limit with its real-world reason): a
-- hostel, care home, police station, switchboard, hire car or public forum
-- handle. A hub is no evidence of a relationship, so it creates no
-- SHARED_IDENTIFIER links.
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

limits as (
    select
        identifier_type,
        max_persons
    from {{ ref('identifier_hub_limits') }}
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

-- a type without a limit would never be a hub here: the relationships test
-- of int_person_identifiers_resolved.identifier_type on the seed fails first
identifiers_over_limit as (
    select
        identifiers_counted.*,
        limits.max_persons
    from identifiers_counted
    inner join limits
        on identifiers_counted.identifier_type = limits.identifier_type
    where identifiers_counted.n_persons > limits.max_persons
),

final as (
    select
        identifier_type,
        identifier_value,
        identifier_id,
        n_persons,
        max_persons,
        first_observed_date,
        last_observed_date
    from identifiers_over_limit
)

select * from final
