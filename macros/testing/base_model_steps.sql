{#- The steps every base model takes (docs block `quarantine_rules`): read the
    raw rows with their JSON text, join the parents' keys for breach_orphan,
    number the copies of a key, and close the `final` select list with the
    same audit columns. Each macro is one CTE body, join or column list. -#}

{#- Body of the `source` CTE: every raw column, plus the raw row as JSON text
    (`raw_row_json`: kept for inspection of quarantined rows, and the last
    tie-break of copy_number). -#}
{% macro raw_rows(source_name, table_name) -%}
    select
        *,
        to_json(struct(*)) as raw_row_json
    from {{ source(source_name, table_name) }}
{%- endmacro %}

{#- Body of the `nominals` CTE: the keys of the source-system nominals
    (parent_keys of base_person_records__nominals), flag `has_staged_nominal`,
    for breach_orphan('source_nominal_id', 'has_staged_nominal'). Staging uses
    it only in person_records (nominal_identifiers); the other sources' rows
    are checked against the nominals in models/intermediate/parents. -#}
{% macro staged_nominal_keys() -%}
    {{ parent_keys(
        'base_person_records__nominals',
        ['source_system', 'source_nominal_id'],
        'has_staged_nominal',
    ) }}
{%- endmacro %}

{#- Left join of a parent-key CTE (parent_keys) on its key columns: each
    `child.<column>` matched to `parent.parent_<column>`. -#}
{% macro join_parent_keys(parent, key_columns, child='standardised') -%}
    {%- set conditions = [] -%}
    {%- for column in key_columns -%}
        {%- do conditions.append(child ~ '.' ~ column ~ ' = ' ~ parent ~ '.parent_' ~ column) -%}
    {%- endfor -%}
    left join {{ parent }}
        on {{ conditions | join(' and ') }}
{%- endmacro %}

{#- Body of the `copies_numbered` CTE: every column of `relation`, plus
    `copy_number` (macro copy_number: 1 = the kept copy of a key). -#}
{% macro copies_numbered(key_columns, preference=none, relation='checked') -%}
    select
        *,
        {{ copy_number(key_columns, preference) }} as copy_number
    from {{ relation }}
{%- endmacro %}

{#- The last columns of a base model's `final` select list: `record_key`,
    `raw_row_json`, `copy_number`, then `breach_reasons` and `n_breaches`
    (macro breach_reasons_with_copies). -#}
{% macro base_audit_columns() -%}
    record_key,
        raw_row_json,
        copy_number,
        {{ breach_reasons_with_copies() }}
{%- endmacro %}

{#- The whole body of a cross-source orphan check against the person records
    (models/intermediate/parents, int_<table>_parents_checked) for a table whose
    rows name a person record by (source_system, source_nominal_id): every row of
    `base_model` (imported as `relation`), its own breaches plus ORPHAN_KEY /
    QUARANTINED_PARENT on source_nominal_id, then the base audit columns.
    `columns`: the table's columns, in order, before the audit columns. The
    base model's copy numbering stands (the person key is part of the primary
    key, so every copy of a key gets the same breaches). -#}
{% macro person_record_parent_checked(base_model, relation, columns) -%}
with

{{ relation }} as (

    select * from {{ ref(base_model) }}

),

nominals as (

    {{ staged_nominal_keys() }}

),

checked as (

    select
        {{ columns | join(', ') }},
        record_key,
        raw_row_json,
        copy_number,
        concat(
            {{ own_breaches() }},
            {{ breach_array([breach_orphan('source_nominal_id', 'has_staged_nominal')]) }}
        ) as row_breaches
    from {{ relation }}
    {{ join_parent_keys('nominals', ['source_system', 'source_nominal_id'], relation) }}

),

final as (

    select
        {{ columns | join(', ') }},
        {{ base_audit_columns() }}
    from checked

)

select * from final
{%- endmacro %}

{#- The whole body of an int_<table>_parented model (models/intermediate/parents):
    the staged rows (stg_<source>__<table>, its own source's checks passed) whose
    row also passes the cross-source orphan checks, i.e. has no breach in
    int_<table>_parents_checked. Matched on the surrogate key: the one copy of a
    key that can pass is the copy staging kept. -#}
{% macro rows_with_parents(staged_model, checked_model, key) -%}
with

staged as (

    select * from {{ ref(staged_model) }}

),

passed as (

    select {{ key }}
    from {{ ref(checked_model) }}
    where n_breaches = 0

),

final as (

    select staged.*
    from staged
    left semi join passed on staged.{{ key }} = passed.{{ key }}

)

select * from final
{%- endmacro %}

{#- A whole staged model (stg_<source>__<table>): the rows of its base model
    that breach no rule of the raw contract, with the columns its YAML
    declares (macro declared_columns: the audit columns stay in the base
    model). Quarantined rows are read from the base models (int_quarantined_rows_unioned). -#}
{% macro staged_rows(base_model) -%}
    {{ declared_rows(base_model, where='n_breaches = 0', import_name='base') }}
{%- endmacro %}
