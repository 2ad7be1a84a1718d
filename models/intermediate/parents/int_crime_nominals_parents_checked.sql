{#- Crime involvements checked against the person records they name, which another
    source holds (docs block quarantine_rules): every row of base_crimes__crime_nominals,
    its own breaches plus ORPHAN_KEY / QUARANTINED_PARENT on source_nominal_id.
    The copy numbering of the base model stands: (source_system,
    source_nominal_id) is part of the primary key, so every copy of a key has
    the same parent and the check adds the same breaches to each copy. -#}

with

crime_nominals as (

    select * from {{ ref('base_crimes__crime_nominals') }}

),

nominals as (

    {{ staged_nominal_keys() }}

),

checked as (

    select
        crime_nominal_id,
        crime_id,
        record_id,
        source_system,
        source_nominal_id,
        involvement,
        linked_at,
        record_key,
        raw_row_json,
        copy_number,
        concat(
            {{ own_breaches() }},
            {{ breach_array([breach_orphan('source_nominal_id', 'has_staged_nominal')]) }}
        ) as row_breaches
    from crime_nominals
    {{ join_parent_keys('nominals', ['source_system', 'source_nominal_id'], 'crime_nominals') }}

),

final as (

    select
        crime_nominal_id,
        crime_id,
        record_id,
        source_system,
        source_nominal_id,
        involvement,
        linked_at,
        {{ base_audit_columns() }}
    from checked

)

select * from final
