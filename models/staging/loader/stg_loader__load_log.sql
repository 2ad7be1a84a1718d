with

source as (

    select * from {{ source('loader', 'load_log') }}

),

final as (

    select
        load_id,
        table_name,
        file_name,
        file_format,
        file_encoding,
        file_sha256,
        formats_file,
        n_files,
        file_size_bytes,
        rows_read,
        rows_loaded,
        is_manifest_checked,
        loaded_at,
        extracted_at
    from source

)

select * from final
