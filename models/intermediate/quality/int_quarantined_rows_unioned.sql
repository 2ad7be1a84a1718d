{#- Every quarantined raw row of every contract table, in one place. -#}
{%- set tables = [
    ('nominals', 'base_person_records__nominals'),
    ('nominal_identifiers', 'base_person_records__identifiers'),
    ('crimes', 'base_crimes__crimes'),
    ('crime_nominals', 'base_crimes__crime_nominals'),
    ('custody_records', 'base_custody__custody_records'),
    ('intel_reports', 'base_intel__reports'),
    ('intel_nominals', 'base_intel__nominals'),
    ('ocg_nominals', 'base_ocgm__ocg_nominals'),
    ('safeguarding_flags', 'base_safeguarding__flags'),
] -%}

-- noqa: disable=RF04
with

quarantined as (
    {% for table_name, model in tables %}
        select
            '{{ table_name }}' as table_name,
            record_key,
            copy_number,
            breach_reasons,
            n_breaches,
            raw_row_json
        from {{ ref(model) }}
        where n_breaches > 0
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (

    select
        md5(concat_ws('|', table_name, record_key, cast(copy_number as string)))
            as quarantined_row_id,
        table_name,
        record_key,
        copy_number,
        breach_reasons,
        n_breaches,
        raw_row_json
    from quarantined

)

select * from final
