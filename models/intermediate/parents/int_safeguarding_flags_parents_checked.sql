{#- Safeguarding flags checked against the person records they name, which another
    source holds (docs block quarantine_rules): every row of base_safeguarding__flags,
    its own breaches plus ORPHAN_KEY / QUARANTINED_PARENT on source_nominal_id.
    The copy numbering of the base model stands: (source_system,
    source_nominal_id) is part of the primary key, so every copy of a key has
    the same parent and the check adds the same breaches to each copy. -#}

with

safeguarding_flags as (

    select * from {{ ref('base_safeguarding__flags') }}

),

nominals as (

    {{ staged_nominal_keys() }}

),

checked as (

    select
        safeguarding_flag_id,
        record_id,
        source_system,
        source_nominal_id,
        flag_type,
        flagged_at,
        record_key,
        raw_row_json,
        copy_number,
        concat(
            {{ own_breaches() }},
            {{ breach_array([breach_orphan('source_nominal_id', 'has_staged_nominal')]) }}
        ) as row_breaches
    from safeguarding_flags
    {{ join_parent_keys('nominals', ['source_system', 'source_nominal_id'], 'safeguarding_flags') }}

),

final as (

    select
        safeguarding_flag_id,
        record_id,
        source_system,
        source_nominal_id,
        flag_type,
        flagged_at,
        {{ base_audit_columns() }}
    from checked

)

select * from final
