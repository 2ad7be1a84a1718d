with

base as (

    select * from {{ ref('base_person_records__nominals') }}

),

final as (

    select
        record_id,
        source_system,
        source_nominal_id,
        pnc_id,
        forename,
        middle_names,
        surname,
        full_name,
        surname_compact,
        gender,
        ethnicity_code,
        postcode,
        is_pnc_unparseable,
        is_dob_placeholder,
        date_of_birth,
        created_at,
        updated_at
    from base
    where n_breaches = 0

)

select * from final
