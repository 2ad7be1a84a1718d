{%- set codes = var('raw_code_values') -%}
{%- set key_columns = ['ocg_id', 'source_system', 'source_nominal_id', 'mapped_from'] -%}

with

source as (

    {{ raw_rows('ocgm', 'ocg_nominals') }}

),

standardised as (

    select
        {{ standardise_id('ocg_id') }} as ocg_id,
        {{ standardise_code('source_system') }} as source_system,
        {{ standardise_id('source_nominal_id') }} as source_nominal_id,
        {{ standardise_code('ocg_role') }} as ocg_role,
        cast(ocg_threat_band as int) as ocg_threat_band,
        cast(mapped_from as date) as mapped_from,
        cast(archived_at as date) as archived_at,
        {{ record_key(key_columns) }} as record_key,
        raw_row_json
    from source

),

checked as (

    select
        *,
        {{ breach_array([
            breach_null('ocg_id'),
            breach_null('source_system'),
            breach_null('source_nominal_id'),
            breach_null('ocg_role'),
            breach_null('mapped_from'),
            breach_unknown('source_system', codes['ocg_nominals_source_system']),
            breach_unknown('ocg_role', codes['ocg_role']),
            "case when ocg_threat_band not between 1 and 4"
            ~ " then 'UNKNOWN_CODE:ocg_threat_band' end",
            breach_future('mapped_from'),
            breach_impossible('archived_at', 'archived_at < mapped_from'),
        ]) }} as row_breaches
    from standardised

),

copies_numbered as (

    {{ copies_numbered(key_columns, 'archived_at desc nulls first') }}

),

final as (

    select
        md5({{ record_key(key_columns) }}) as ocg_membership_id,
        ocg_id,
        {{ record_id() }} as record_id,
        source_system,
        source_nominal_id,
        ocg_role,
        ocg_threat_band,
        mapped_from,
        archived_at,
        {{ base_audit_columns() }}
    from copies_numbered

)

select * from final
