-- Organised crime groups prioritised for CSE (docs block ocg_cse_priority):
-- CSE-linked networks, members involved in CSE crimes, CSE harm, child
-- victims, recency, rank and a plain-English advisory explanation.
-- One row per OCG current at the as-of date.
with

ocgs as (
    select * from {{ ref('pg_ocgs_cse_prioritised') }}
),

final as (
    select
        cast(ocg_id as string) as ocg_id,
        cast(ocg_threat_band as int) as ocg_threat_band,
        cast(priority_rank as bigint) as priority_rank,
        cast(priority_score as double) as priority_score,
        cast(is_cse_engaged as boolean) as is_cse_engaged,
        cast(n_members as bigint) as n_members,
        cast(n_members_in_cse_crimes as bigint) as n_members_in_cse_crimes,
        cast(n_cse_crimes as bigint) as n_cse_crimes,
        cast(cse_harm_days as double) as cse_harm_days,
        cast(cse_harm_days_recency_weighted as double) as cse_harm_days_recency_weighted,
        cast(days_since_last_cse_offence as int) as days_since_last_cse_offence,
        cast(n_cse_victims as bigint) as n_cse_victims,
        cast(n_child_victims as bigint) as n_child_victims,
        cast(n_repeat_cse_victims as bigint) as n_repeat_cse_victims,
        cast(n_cse_networks as bigint) as n_cse_networks,
        cast(cse_network_ids as array<string>) as cse_network_ids,
        cast(n_other_crimes as bigint) as n_other_crimes,
        cast(other_harm_days as double) as other_harm_days,
        cast(harm_component as double) as harm_component,
        cast(victims_component as double) as victims_component,
        cast(recency_component as double) as recency_component,
        cast(cse_networks_component as double) as cse_networks_component,
        cast(explanation as string) as explanation
    from ocgs
)

select * from final
