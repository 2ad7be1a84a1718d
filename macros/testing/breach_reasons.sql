{#- Building blocks of a base model's `breach_reasons` array (see docs block
    `quarantine_rules`). Each returns a reason text or null; `breach_array`
    drops the nulls. -#}

{% macro breach_array(reasons) -%}
    array_compact(array({{ reasons | join(', ') }}))
{%- endmacro %}

{#- `name`: the contract column reported, when the checked expression differs. -#}
{% macro breach_null(column, name=none) -%}
    case when {{ column }} is null then 'NULL_REQUIRED:{{ name or column }}' end
{%- endmacro %}

{% macro breach_unknown(column, values) -%}
    case
        when {{ column }} is not null and {{ column }} not in {{ sql_list(values) }}
            then 'UNKNOWN_CODE:{{ column }}'
    end
{%- endmacro %}

{#- After the day the extract was taken (macro `extract_date`: the extract's
    control totals, else its load time): a date later than it, or a timestamp
    on a later day. Nothing in an extract can postdate the extract; the same
    extract gives the same result on a rerun, on any day. -#}
{% macro breach_future(column) -%}
    case
        when cast({{ column }} as date) > to_date('{{ extract_date() }}')
            then 'FUTURE_DATE:{{ column }}'
    end
{%- endmacro %}

{% macro breach_impossible(column, condition) -%}
    case when {{ condition }} then 'IMPOSSIBLE_DATE:{{ column }}' end
{%- endmacro %}

{#- A foreign key checked against its parent: `parent_has_row` is null when
    the key is in no raw row of the parent table (ORPHAN_KEY) and false when
    it is there but every copy was quarantined (QUARANTINED_PARENT). -#}
{% macro breach_orphan(column, parent_has_row) -%}
    case
        when {{ column }} is null then null
        when {{ parent_has_row }} is null then 'ORPHAN_KEY:{{ column }}'
        when not {{ parent_has_row }} then 'QUARANTINED_PARENT:{{ column }}'
    end
{%- endmacro %}

{#- The raw primary key as one text: values joined by `|`, null as empty,
    dates ISO, timestamps to the second (`yyyy-MM-dd HH:mm:ss`). -#}
{% macro record_key(columns, timestamp_columns=[]) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- if column in timestamp_columns -%}
            {%- do parts.append("coalesce(date_format(" ~ column ~ ", 'yyyy-MM-dd HH:mm:ss'), '')") -%}
        {%- else -%}
            {%- do parts.append("coalesce(cast(" ~ column ~ " as string), '')") -%}
        {%- endif -%}
    {%- endfor -%}
    concat_ws('|', {{ parts | join(', ') }})
{%- endmacro %}

{#- 1 for the copy of a primary key that is kept, 2.. for the rest
    (DUPLICATE_KEY): fewest other breaches first, then `preference`
    (e.g. latest update), then the raw row text, so the choice is
    deterministic. -#}
{% macro copy_number(key_columns, preference=none) -%}
    row_number() over (
        partition by {{ key_columns | join(', ') }}
        order by
            size(row_breaches),
            {% if preference %}{{ preference }}, {% endif %}raw_row_json
    )
{%- endmacro %}

{#- The last two columns of a base model: `breach_reasons`, the row's own
    breaches plus DUPLICATE_KEY on every copy of a key but the kept one
    (`copy_number` 1), and `n_breaches`, their count (0 = staged). Lines after
    the first are indented for the call site, the `final` select list. -#}
{% macro breach_reasons_with_copies(row_breaches='row_breaches', copy_number='copy_number') -%}
    case
            when {{ copy_number }} > 1 then concat({{ row_breaches }}, array('DUPLICATE_KEY'))
            else {{ row_breaches }}
        end as breach_reasons,
        size({{ row_breaches }}) + if({{ copy_number }} > 1, 1, 0) as n_breaches
{%- endmacro %}

{#- A row's own breaches back from its `breach_reasons`: without the
    DUPLICATE_KEY that breach_reasons_with_copies adds (no check gives that
    reason), for a later model that adds breaches (the cross-source orphan
    checks of models/intermediate/parents) and closes the row again with
    base_audit_columns. -#}
{% macro own_breaches(breach_reasons='breach_reasons') -%}
    array_remove({{ breach_reasons }}, 'DUPLICATE_KEY')
{%- endmacro %}

{#- Body of a parent-key CTE for breach_orphan: one row per key of the parent
    base model, its key columns prefixed `parent_`, and `has_row_name` true
    when at least one copy of the key passes (is staged). -#}
{% macro parent_keys(model, key_columns, has_row_name) -%}
    {%- set renamed = [] -%}
    {%- for column in key_columns -%}
        {%- do renamed.append(column ~ ' as parent_' ~ column) -%}
    {%- endfor -%}
    select
        {{ renamed | join(', ') }},
        bool_or(n_breaches = 0) as {{ has_row_name }}
    from {{ ref(model) }}
    group by {{ key_columns | join(', ') }}
{%- endmacro %}
