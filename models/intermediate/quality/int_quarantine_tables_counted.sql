-- Distinct raw rows quarantined per contract table, with the table's raw row
-- count: the figure auditors quote. A row with several breach reasons counts
-- once here (int_quarantine_reasons_counted counts it once per reason).
{% set tables = contract_tables() -%}

-- noqa: disable=RF04
with

raw_rows as (
    {% for table_name, model in tables %}
        select
            '{{ table_name }}' as table_name,
            count(*) as n_raw_rows
        from {{ ref(model) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

quarantined as (

    select
        table_name,
        quarantined_row_id
    from {{ ref('int_quarantined_rows_unioned') }}

),

quarantined_counted as (

    select
        table_name,
        count(distinct quarantined_row_id) as n_quarantined_rows
    from quarantined
    group by table_name

),

final as (

    select
        raw_rows.table_name,
        raw_rows.n_raw_rows,
        coalesce(quarantined_counted.n_quarantined_rows, 0) as n_quarantined_rows,
        coalesce(quarantined_counted.n_quarantined_rows, 0)
        / nullif(raw_rows.n_raw_rows, 0) as share_quarantined
    from raw_rows
    left join quarantined_counted
        on raw_rows.table_name = quarantined_counted.table_name

)

select * from final
