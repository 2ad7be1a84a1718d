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
        {{ contract_columns() }}
    from ocgs
)

select * from final
