{#- Fails on every row where the boolean expression is not true (false or null). -#}
{% test expression_is_true(model, expression, column_name=none) %}
{%- set condition = (column_name ~ ' ' ~ expression) if column_name is not none else expression %}

select *
from {{ model }}
where not coalesce({{ condition }}, false)

{% endtest %}
