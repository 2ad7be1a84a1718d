-- OCG priority for CSE (docs block ocg_cse_priority): the measures of
-- pg_ocgs_cse_measured scored with seed priority_weights (level ocg), ranked
-- CSE-engaged first, then score, then id, and explained in plain English, CSE
-- facts first. Other offending is context and never scored. Advisory only.
with

ocgs as (
    select * from {{ ref('pg_ocgs_cse_measured') }}
),

weights as (
    select
        max(if(component = 'harm', weight, null)) as harm_weight,
        max(if(component = 'victims', weight, null)) as victims_weight,
        max(if(component = 'recency', weight, null)) as recency_weight,
        max(if(component = 'cse_networks', weight, null)) as cse_networks_weight
    from {{ ref('priority_weights') }}
    where level = 'ocg'
),

ocgs_engaged as (
    select
        *,
        n_members_in_cse_crimes > 0 or n_cse_networks > 0 as is_cse_engaged,
        n_child_victims + n_repeat_cse_victims as victim_points,
        ln(1 + cse_harm_days_recency_weighted / {{ var('priority_harm_unit_days') }})
            as harm_log
    from ocgs
),

-- every component log-scaled against the highest OCG, so size alone adds little
components_scored as (
    select
        *,
        coalesce(harm_log / nullif(max(harm_log) over (), 0), 0.0) as harm_component,
        coalesce(
            ln(1 + victim_points) / nullif(max(ln(1 + victim_points)) over (), 0), 0.0
        ) as victims_component,
        coalesce(
            power(
                0.5, days_since_last_cse_offence / {{ var('harm_recency_half_life_days') }}
            ),
            0.0
        ) as recency_component,
        coalesce(
            ln(1 + n_cse_networks) / nullif(max(ln(1 + n_cse_networks)) over (), 0), 0.0
        ) as cse_networks_component
    from ocgs_engaged
),

ocgs_scored as (
    select
        components_scored.*,
        round(
            (
                weights.harm_weight * components_scored.harm_component
                + weights.victims_weight * components_scored.victims_component
                + weights.recency_weight * components_scored.recency_component
                + weights.cse_networks_weight * components_scored.cse_networks_component
            )
            / (
                weights.harm_weight + weights.victims_weight
                + weights.recency_weight + weights.cse_networks_weight
            ),
            6
        ) as priority_score
    from components_scored
    cross join weights
),

ranked as (
    select
        *,
        row_number() over (
            order by is_cse_engaged desc, priority_score desc, ocg_id asc
        ) as priority_rank
    from ocgs_scored
),

final as (
    select
        *,
        concat_ws(
            '; ',
            if(
                is_cse_engaged,
                concat(
                    'OCG ', ocg_id, ': ', format_number(n_members_in_cse_crimes, 0),
                    ' of ', {{ counted('n_members', 'member') }},
                    ' suspect or offender in ', {{ counted('n_cse_crimes', 'CSE crime') }}, ' (',
                    format_number(cse_harm_days, 0), ' CSE harm days, ',
                    format_number(cse_harm_days_recency_weighted, 0),
                    ' weighted by recency)'
                ),
                concat(
                    'OCG ', ocg_id, ': no CSE link found (no member is a suspect or',
                    ' offender in a CSE crime and no CSE network is linked)'
                )
            ),
            if(
                n_cse_victims > 0,
                concat(
                    {{ counted('n_cse_victims', 'CSE victim') }}, ', ',
                    format_number(n_child_victims, 0), ' a child at the offence, ',
                    format_number(n_repeat_cse_victims, 0), ' repeat'
                ),
                null
            ),
            if(
                days_since_last_cse_offence is not null,
                concat(
                    'last CSE offence ', {{ counted('days_since_last_cse_offence', 'day') }},
                    ' before the as-of date'
                ),
                null
            ),
            if(
                n_cse_networks > 0,
                concat(
                    'linked to CSE network', if(n_cse_networks = 1, ' ', 's '),
                    array_join(slice(cse_network_ids, 1, 3), ', '),
                    if(n_cse_networks > 3, concat(' and ', n_cse_networks - 3, ' more'), '')
                ),
                null
            ),
            concat(
                'other offending (context, not scored): ',
                {{ counted('n_other_crimes', 'non-CSE crime') }}, ', ',
                format_number(other_harm_days, 0),
                ' harm days'
            ),
            'components are log-scaled, so group size alone adds little',
            '{{ var("advisory_note") }}'
        ) as explanation
    from ranked
)

select * from final
