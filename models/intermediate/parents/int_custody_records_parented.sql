{#- Custody records that pass every check, their parents' included: the rows
    of int_custody_records_parents_checked with no breach. -#}

with

checked as (

    select * from {{ ref('int_custody_records_parents_checked') }}

),

final as (

    select
        custody_id,
        record_id,
        source_system,
        source_nominal_id,
        offence_code,
        crime_id,
        incident_id,
        arrest_postcode,
        arrested_at
    from checked
    where n_breaches = 0

)

select * from final
