{#- Fails when the model or source holds no row at all. -#}
{% test not_empty(model) %}

select 1 as is_empty
from (select count(*) as n_rows from {{ model }}) as counted
where n_rows = 0

{% endtest %}
