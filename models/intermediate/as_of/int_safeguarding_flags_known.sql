-- Safeguarding flags known at the as-of date (docs block as_of_date): the one
-- place a partner agency's vulnerability marker enters the analysis. A flag
-- counts from when it was raised (flagged_at).
with

flags as (
    select * from {{ ref('int_safeguarding_flags_parented') }}
),

final as (
    select *
    from flags
    where flagged_at < {{ as_of_cutoff() }}
)

select * from final
