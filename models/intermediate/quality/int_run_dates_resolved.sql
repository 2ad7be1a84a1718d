-- The run's dates in one row (docs block `as_of_date`): the as-of date in
-- force and where it came from, and the day the extract was taken (what the
-- future-date check compares with). Python models and the run audit read them
-- here, so every model of a run uses the same dates.
with

final as (
    select
        date '{{ as_of_date() }}' as as_of_date,
        '{{ as_of_date_source() }}' as as_of_date_source,
        date '{{ extract_date() }}' as extract_date
)

select * from final
