-- noqa: disable=RF04
-- rpt_data_quality's QUARANTINED_ROWS figure of each table is the number of
-- distinct quarantined raw rows (not the sum of its reason counts), and every
-- table with a quarantined row or a quarantine reason has that figure.
with

report as (
    select
        subject as table_name,
        n_rows
    from {{ ref('rpt_data_quality') }}
    where check_type = 'QUARANTINED_ROWS'
),

reasons as (
    select distinct subject as table_name
    from {{ ref('rpt_data_quality') }}
    where check_type = 'QUARANTINE' and check_detail like '%quarantined'
),

quarantined as (
    select
        table_name,
        quarantined_row_id
    from {{ ref('int_quarantined_rows_unioned') }}
),

distinct_counted as (
    select
        table_name,
        count(distinct quarantined_row_id) as n_distinct
    from quarantined
    group by table_name
),

tables_expected as (
    select table_name from distinct_counted
    union
    select table_name from reasons
),

final as (
    select
        tables_expected.table_name,
        report.n_rows as n_reported,
        coalesce(distinct_counted.n_distinct, 0) as n_distinct
    from tables_expected
    left join report on tables_expected.table_name = report.table_name
    left join distinct_counted
        on tables_expected.table_name = distinct_counted.table_name
    where
        report.n_rows is null
        or report.n_rows != coalesce(distinct_counted.n_distinct, 0)
)

select * from final
