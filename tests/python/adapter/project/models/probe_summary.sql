select
    count(*) as n_rows,
    sum(doubled_amount) as total_doubled
from {{ ref('probe_doubled') }}
