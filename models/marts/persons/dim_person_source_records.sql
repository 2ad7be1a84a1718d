-- Which resolved person each source record was assigned to, and by which rule.
with

records as (
    select
        source_system,
        source_nominal_id,
        record_id,
        person_id,
        resolution_rule,
        match_probability
    from {{ ref('int_person_records_resolved') }}
),

final as (
    select
        {{ contract_columns() }}
    from records
)

select * from final
