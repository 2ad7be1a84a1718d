-- Crimes known at the as-of date (docs block as_of_date): the one place a
-- crime enters the analysis. A crime counts from when it was recorded
-- (recorded_at, never null): abuse reported years after it happened was not
-- known to the force before it was recorded, so a past as-of run must not see
-- it. It must also have been committed by then (offence_at: committed_from,
-- else recorded_at): an offence dated after its own recording is a data-entry
-- error, and an offence after the as-of date had not happened on that day.
with

crimes as (
    select * from {{ ref('stg_crimes__crimes') }}
),

final as (
    select *
    from crimes
    where
        recorded_at < {{ as_of_cutoff() }}
        and offence_at < {{ as_of_cutoff() }}
)

select * from final
