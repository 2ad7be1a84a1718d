-- Arrests known at the as-of date (docs block as_of_date): the one place a
-- custody record enters the analysis. An arrest counts from when it was made
-- (arrested_at): the custody record is opened at the arrest.
with

custody_records as (
    select * from {{ ref('int_custody_records_parented') }}
),

final as (
    select *
    from custody_records
    where arrested_at < {{ as_of_cutoff() }}
)

select * from final
