{#- Fails on every non-null value outside [min_value, max_value] (bounds optional). -#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}
{%- set low = (' < ' if inclusive else ' <= ') ~ min_value %}
{%- set high = (' > ' if inclusive else ' >= ') ~ max_value %}

select {{ column_name }}
from {{ model }}
where
    {{ column_name }} is not null
    and (
        {{ (column_name ~ low) if min_value is not none else 'false' }}
        or {{ (column_name ~ high) if max_value is not none else 'false' }}
    )

{% endtest %}
