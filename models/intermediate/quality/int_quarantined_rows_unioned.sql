-- Every quarantined raw row of every contract table, in one place.
{% set tables = contract_tables() -%}

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
