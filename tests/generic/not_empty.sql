{#- Warns when the model or source holds no row at all. An empty table is
    suspicious but allowed by the raw contract (a green build with a warning);
    the volume guard stops publishing when a table shrinks against the last
    publish. -#}
{% test not_empty(model) %}
{{ config(severity='warn') }}

select 1 as is_empty
from (select count(*) as n_rows from {{ model }}) as counted
where n_rows = 0

{% endtest %}
