{%- set codes = var('raw_code_values') -%}
{%- set key_columns = ['source_system', 'source_nominal_id'] -%}

with

source as (

    {{ raw_rows('person_records', 'nominals') }}

),

standardised as (

    select
        {{ standardise_code('source_system') }} as source_system,
        {{ standardise_id('source_nominal_id') }} as source_nominal_id,
        {{ canonical_pnc('pnc_id') }} as pnc_id,
        {{ standardise_name('forename') }} as forename,
        {{ standardise_name('middle_names') }} as middle_names,
        {{ standardise_name('surname') }} as surname,
        {{ standardise_code('gender') }} as gender,
        {{ standardise_code('ethnicity_code') }} as ethnicity_code,
        {{ canonical_postcode('postcode') }} as postcode,
        nullif(trim(pnc_id), '') is not null
        and {{ canonical_pnc('pnc_id') }} is null as is_pnc_unparseable,
        cast(date_of_birth as date) as date_of_birth,
        cast(created_at as timestamp) as created_at,
        cast(updated_at as timestamp) as updated_at,
        {{ record_key(['source_system', 'source_nominal_id']) }} as record_key,
        raw_row_json
    from source

),

checked as (

    select
        *,
        {{ breach_array([
            breach_null('source_system'),
            breach_null('source_nominal_id'),
            breach_null('created_at'),
            breach_unknown('source_system', codes['source_system']),
            breach_unknown('gender', codes['gender']),
            breach_future('date_of_birth'),
            breach_future('created_at'),
            breach_future('updated_at'),
            breach_impossible(
                'date_of_birth',
                "date_of_birth < to_date('" ~ var('dob_min_date') ~ "')"
                ~ " and date_of_birth != to_date('" ~ var('dob_placeholder_date') ~ "')"
            ),
        ]) }} as row_breaches
    from standardised

),

copies_numbered as (

    {{ copies_numbered(key_columns, 'updated_at desc nulls last') }}

),

final as (

    select
        {{ record_id() }} as record_id,
        source_system,
        source_nominal_id,
        pnc_id,
        forename,
        middle_names,
        surname,
        nullif(concat_ws(' ', forename, surname), '') as full_name,
        replace(surname, ' ', '') as surname_compact,
        gender,
        ethnicity_code,
        postcode,
        is_pnc_unparseable,
        coalesce(
            date_of_birth = to_date('{{ var("dob_placeholder_date") }}'), false
        ) as is_dob_placeholder,
        case
            when date_of_birth != to_date('{{ var("dob_placeholder_date") }}')
                then date_of_birth
        end as date_of_birth,
        created_at,
        updated_at,
        {{ base_audit_columns() }}
    from copies_numbered

)

select * from final
