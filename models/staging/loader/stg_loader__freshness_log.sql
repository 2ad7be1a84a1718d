with

source as (

    select * from {{ source('loader', 'freshness_log') }}

),

final as (

    select
        check_id,
        load_id,
        source_name,
        table_name,
        status as freshness_status,
        warn_after as freshness_warn_after,
        error_after as freshness_error_after,
        age_seconds as freshness_age_seconds,
        checked_at as freshness_checked_at,
        max_loaded_at
    from source

)

select * from final
