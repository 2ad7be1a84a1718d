{#- Fails once for every listed column that holds a null, with the count of such rows:
    one scan of the model for all of its required columns, where a not_null test per
    column scans it once each (most of a small build's time is per test, not per row). -#}
{% test not_null_columns(model, columns) %}
{%- set quoted = columns | map('replace', '`', '') | list %}
{%- set counts = "count_if(`" ~ quoted | join("` is null), count_if(`") ~ "` is null)" %}
{%- set names = "'" ~ quoted | join("', '") ~ "'" %}

with

nulls_counted as (

    select array({{ counts }}) as n_null_rows_by_column
    from {{ model }}

),

columns_listed as (

    select
        columns_named.column_name,
        nulls_counted.n_null_rows_by_column[columns_named.position] as n_null_rows
    from nulls_counted
    cross join (
        select posexplode(array({{ names }})) as (position, column_name)
    ) as columns_named

),

final as (

    select
        column_name,
        n_null_rows
    from columns_listed
    where n_null_rows > 0

)

select * from final

{% endtest %}
