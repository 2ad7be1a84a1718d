{#- The rules of the row_rules generic test (tests/generic/row_rules.sql) as
    (name, count of the rows that break it) pairs, each count an aggregate over the
    node, in the order given: unique, unique combination, not null, accepted values,
    accepted range, expressions. Each rule means what dbt's test of that name means:
    - unique: the non-null values of the column occur once each (nulls pass, as in
      dbt's `unique`); counted: the rows beyond the first of each repeated value;
    - unique combination: each combination of the columns occurs once, nulls
      counting as a value (as a `group by` does); counted likewise;
    - the row rules: a row breaks when it meets the condition (nulls pass the value
      and range rules; an expression that is false or null breaks). -#}
{% macro row_rule_checks(
    not_null, accepted_values, accepted_range, expressions, unique=[], unique_combination=[]
) %}
    {%- set quoted = adapter.quote %}
    {%- set rules = [] %}
    {%- for column in unique %}
        {%- do rules.append((
            'unique: ' ~ column,
            'count(' ~ quoted(column) ~ ') - count(distinct ' ~ quoted(column) ~ ')'
        )) %}
    {%- endfor %}
    {%- for columns in unique_combination %}
        {%- set fields = [] %}
        {%- for column in columns %}
            {%- do fields.append(sql_string(column) ~ ', ' ~ quoted(column)) %}
        {%- endfor %}
        {%- do rules.append((
            'unique combination: ' ~ columns | join(', '),
            'count(*) - count(distinct named_struct(' ~ fields | join(', ') ~ '))'
        )) %}
    {%- endfor %}
    {%- set conditions = [] %}
    {%- for column in not_null %}
        {%- do conditions.append(('not null: ' ~ column, quoted(column) ~ ' is null')) %}
    {%- endfor %}
    {%- for column, spec in accepted_values.items() %}
        {%- set values = spec['values'] if spec is mapping else spec %}
        {%- set quote = spec.get('quote', true) if spec is mapping else true %}
        {%- set listed = [] %}
        {%- for value in values %}
            {%- do listed.append(sql_string(value) if quote else value | string) %}
        {%- endfor %}
        {%- do conditions.append((
            'accepted values: ' ~ column,
            quoted(column) ~ ' is not null and ' ~ quoted(column)
            ~ ' not in (' ~ listed | join(', ') ~ ')'
        )) %}
    {%- endfor %}
    {%- for column, bounds in accepted_range.items() %}
        {%- set inclusive = bounds.get('inclusive', true) %}
        {%- set outside = [] %}
        {%- if bounds.get('min_value') is not none %}
            {%- set below = (' < ' if inclusive else ' <= ') ~ bounds['min_value'] %}
            {%- do outside.append(quoted(column) ~ below) %}
        {%- endif %}
        {%- if bounds.get('max_value') is not none %}
            {%- set above = (' > ' if inclusive else ' >= ') ~ bounds['max_value'] %}
            {%- do outside.append(quoted(column) ~ above) %}
        {%- endif %}
        {%- if outside | length == 0 %}
            {%- set message = 'row_rules: accepted_range of ' ~ column ~ ' has no bound' %}
            {{ exceptions.raise_compiler_error(message) }}
        {%- endif %}
        {%- do conditions.append((
            'accepted range: ' ~ column,
            quoted(column) ~ ' is not null and (' ~ outside | join(' or ') ~ ')'
        )) %}
    {%- endfor %}
    {%- for expression in expressions %}
        {%- set breaks = 'not coalesce(' ~ expression ~ ', false)' %}
        {%- do conditions.append(('expression: ' ~ expression, breaks)) %}
    {%- endfor %}
    {%- for name, breaks in conditions %}
        {%- do rules.append((name, 'count_if(' ~ breaks ~ ')')) %}
    {%- endfor %}
    {%- if rules | length == 0 and execute %}
        {{ exceptions.raise_compiler_error('row_rules names no rule') }}
    {%- endif %}
    {{ return(rules) }}
{% endmacro %}
