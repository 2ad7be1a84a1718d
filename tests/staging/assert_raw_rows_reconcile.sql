{#- Nothing silently dropped: per contract table, raw rows = staged rows +
    quarantined rows. Staged: the stg_ model, or int_<table>_parented for a
    table whose rows name another source's records (their orphan checks are
    in models/intermediate/parents). Fails with one row per table that does
    not reconcile. -#}
{%- set tables = [
    ('person_records', 'nominals', 'stg_person_records__nominals'),
    ('person_records', 'nominal_identifiers', 'stg_person_records__identifiers'),
    ('crimes', 'crimes', 'stg_crimes__crimes'),
    ('crimes', 'crime_nominals', 'int_crime_nominals_parented'),
    ('custody', 'custody_records', 'int_custody_records_parented'),
    ('intel', 'intel_reports', 'stg_intel__reports'),
    ('intel', 'intel_nominals', 'int_intel_nominals_parented'),
    ('ocgm', 'ocg_nominals', 'int_ocg_nominals_parented'),
    ('safeguarding', 'safeguarding_flags', 'int_safeguarding_flags_parented'),
] -%}

-- noqa: disable=RF04
with

quarantined as (

    select
        table_name,
        count(*) as n_quarantined
    from {{ ref('int_quarantined_rows_unioned') }}
    group by table_name

),

counted as (
    {% for source_name, table_name, model in tables %}
        select
            '{{ table_name }}' as table_name,
            (select count(*) as n_rows from {{ source(source_name, table_name) }}) as n_raw,
            (select count(*) as n_rows from {{ ref(model) }}) as n_staged
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (

    select
        counted.table_name,
        counted.n_raw,
        counted.n_staged,
        coalesce(quarantined.n_quarantined, 0) as n_quarantined
    from counted
    left join quarantined
        on counted.table_name = quarantined.table_name
    where counted.n_raw != counted.n_staged + coalesce(quarantined.n_quarantined, 0)

)

select * from final
