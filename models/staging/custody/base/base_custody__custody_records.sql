{%- set codes = var('raw_code_values') -%}

with

source as (

    {{ raw_rows('custody', 'custody_records') }}

),

offence_codes as (

    select offence_code as known_offence_code
    from {{ ref('offence_codes') }}

),

standardised as (

    select
        {{ standardise_id('custody_id') }} as custody_id,
        {{ standardise_code('source_system') }} as source_system,
        {{ standardise_id('source_nominal_id') }} as source_nominal_id,
        {{ standardise_code('offence_code') }} as offence_code,
        {{ standardise_id('crime_id') }} as crime_id,
        {{ standardise_id('incident_id') }} as incident_id,
        {{ canonical_postcode('arrest_postcode') }} as arrest_postcode,
        cast(arrested_at as timestamp) as arrested_at,
        {{ record_key(['custody_id']) }} as record_key,
        raw_row_json
    from source

),

checked as (

    select
        *,
        {{ breach_array([
            breach_null('custody_id'),
            breach_null('source_system'),
            breach_null('source_nominal_id'),
            breach_null('arrested_at'),
            breach_unknown('source_system', codes['custody_records_source_system']),
            "case when offence_code is not null and known_offence_code is null"
            ~ " then 'UNKNOWN_CODE:offence_code' end",
            breach_future('arrested_at'),
        ]) }} as row_breaches
    from standardised
    left join offence_codes
        on standardised.offence_code = offence_codes.known_offence_code

),

copies_numbered as (

    {{ copies_numbered(['custody_id']) }}

),

final as (

    select
        custody_id,
        {{ record_id() }} as record_id,
        source_system,
        source_nominal_id,
        offence_code,
        crime_id,
        incident_id,
        arrest_postcode,
        arrested_at,
        {{ base_audit_columns() }}
    from copies_numbered

)

select * from final
