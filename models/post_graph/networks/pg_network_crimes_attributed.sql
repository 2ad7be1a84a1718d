-- Distinct crimes committed by each network's members as suspect or offender
-- (a crime with three co-offending members counts once for the network).
with

member_offences as (
    select * from {{ ref('pg_network_member_offences_listed') }}
),

final as (
    select
        network_id,
        crime_id,
        offence_code,
        offence_description,
        offence_at,
        is_cse,
        is_child_sexual_offence,
        harm_days,
        recency_factor,
        is_in_activity_window,
        count(distinct person_id) as n_member_offenders
    from member_offences
    -- every column but the count: one row per network and crime
    group by all
)

select * from final
