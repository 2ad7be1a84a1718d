-- Crimes typed and standardised, with breach reasons. Offence codes are
-- checked against the `offence_codes` seed (the contract's reference list).

with

source as (

    {{ raw_rows('crimes', 'crimes') }}

),

offence_codes as (

    select
        offence_code as known_offence_code,
        category as offence_category,
        is_child_sexual_offence
    from {{ ref('offence_codes') }}

),

standardised as (

    select
        {{ standardise_id('crime_id') }} as crime_id,
        {{ standardise_code('offence_code') }} as offence_code,
        {{ standardise_code('lsoa_code') }} as lsoa_code,
        {{ standardise_code('outcome_code') }} as outcome_code,
        is_cse_flagged is null as is_cse_flag_missing,
        coalesce(is_cse_flagged, false) as is_cse_flagged,
        cast(committed_from as timestamp) as committed_from,
        cast(committed_to as timestamp) as committed_to,
        cast(recorded_at as timestamp) as recorded_at,
        {{ record_key(['crime_id']) }} as record_key,
        raw_row_json
    from source

),

checked as (

    select
        *,
        {{ breach_array([
            breach_null('crime_id'),
            breach_null('offence_code'),
            breach_null('recorded_at'),
            "case when offence_code is not null and known_offence_code is null"
            ~ " then 'UNKNOWN_CODE:offence_code' end",
            breach_future('committed_from'),
            breach_future('committed_to'),
            breach_future('recorded_at'),
            breach_impossible('committed_to', 'committed_to < committed_from'),
        ]) }} as row_breaches
    from standardised
    left join offence_codes
        on standardised.offence_code = offence_codes.known_offence_code

),

copies_numbered as (

    {{ copies_numbered(['crime_id']) }}

),

final as (

    select
        crime_id,
        offence_code,
        offence_category,
        lsoa_code,
        outcome_code,
        coalesce(is_child_sexual_offence, false) as is_child_sexual_offence,
        is_cse_flagged,
        is_cse_flag_missing,
        committed_from,
        committed_to,
        recorded_at,
        coalesce(committed_from, recorded_at) as offence_at,
        {{ base_audit_columns() }}
    from copies_numbered

)

select * from final
