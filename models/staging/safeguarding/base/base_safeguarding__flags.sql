{%- set codes = var('raw_code_values') -%}
{%- set key_columns = ['source_system', 'source_nominal_id', 'flag_type', 'flagged_at'] -%}

with

source as (

    {{ raw_rows('safeguarding', 'safeguarding_flags') }}

),

standardised as (

    select
        {{ standardise_code('source_system') }} as source_system,
        {{ standardise_id('source_nominal_id') }} as source_nominal_id,
        {{ standardise_code('flag_type') }} as flag_type,
        cast(flagged_at as timestamp) as flagged_at,
        {{ record_key(key_columns, ['flagged_at']) }} as record_key,
        raw_row_json
    from source

),

checked as (

    select
        *,
        {{ breach_array([
            breach_null('source_system'),
            breach_null('source_nominal_id'),
            breach_null('flag_type'),
            breach_null('flagged_at'),
            breach_unknown('source_system', codes['safeguarding_flags_source_system']),
            breach_unknown('flag_type', codes['flag_type']),
            breach_future('flagged_at'),
        ]) }} as row_breaches
    from standardised

),

copies_numbered as (

    {{ copies_numbered(key_columns) }}

),

final as (

    select
        md5({{ record_key(key_columns, ['flagged_at']) }}) as safeguarding_flag_id,
        {{ record_id() }} as record_id,
        source_system,
        source_nominal_id,
        flag_type,
        flagged_at,
        {{ base_audit_columns() }}
    from copies_numbered

)

select * from final
