-- OCG mappings known at the as-of date (docs block as_of_date): the one place
-- an organised crime group mapping enters the analysis. A mapping counts from
-- the day the person was mapped to the group (mapped_from); whether it was
-- still current on the as-of date (not archived) is int_ocg_memberships_current.
with

ocg_nominals as (
    select * from {{ ref('int_ocg_nominals_parented') }}
),

final as (
    select *
    from ocg_nominals
    where mapped_from < {{ as_of_cutoff() }}
)

select * from final
