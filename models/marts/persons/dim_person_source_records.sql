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
        cast(source_system as string) as source_system,
        cast(source_nominal_id as string) as source_nominal_id,
        cast(person_id as string) as person_id,
        cast(resolution_rule as string) as resolution_rule,
        cast(record_id as string) as record_id,
        cast(match_probability as double) as match_probability
    from records
)

select * from final
