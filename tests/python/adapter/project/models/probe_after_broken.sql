select * from {{ ref('probe_broken') }}
