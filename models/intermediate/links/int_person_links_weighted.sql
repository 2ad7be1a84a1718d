-- Links after analyst exclusions and implausible records, weighted: base weight
-- of the type, times a saturating function of the evidence count, times recency
-- decay at as_of_date.
with

links as (
    select * from {{ ref('int_person_links_typed') }}
),

link_weights as (
    select
        link_type,
        base_weight
    from {{ ref('link_type_weights') }}
),

link_exclusions as (
    select
        person_id_a,
        person_id_b,
        link_type
    from {{ ref('int_link_exclusions_applied') }}
    where is_resolved
),

-- analyst exclusions, and records that cannot be one person (placeholders)
person_exclusions as (
    {{ persons_excluded_from_linking() }}
),

links_kept as (
    select links.*
    from links
    left anti join link_exclusions
        on
            links.person_id_a = link_exclusions.person_id_a
            and links.person_id_b = link_exclusions.person_id_b
            and (link_exclusions.link_type is null or links.link_type = link_exclusions.link_type)
    left anti join person_exclusions as excluded_a
        on links.person_id_a = excluded_a.person_id
    left anti join person_exclusions as excluded_b
        on links.person_id_b = excluded_b.person_id
),

links_aged as (
    select
        links_kept.*,
        link_weights.base_weight,
        -- evidence dated after the as-of date counts as fresh, never as negative age
        greatest(
            datediff(date'{{ as_of_date() }}', to_date(links_kept.last_seen_at)), 0
        ) as days_since_last_seen
    from links_kept
    inner join link_weights on links_kept.link_type = link_weights.link_type
),

final as (
    select
        {{ link_columns() | join(', ') }},
        days_since_last_seen,
        base_weight,
        1 - exp(-n_evidence / {{ var('link_evidence_saturation_k') }}) as evidence_factor,
        power(0.5, days_since_last_seen / {{ var('link_half_life_days') }}) as recency_factor,
        base_weight
        * (1 - exp(-n_evidence / {{ var('link_evidence_saturation_k') }}))
        * power(0.5, days_since_last_seen / {{ var('link_half_life_days') }}) as weight
    from links_aged
)

select * from final
