select
    id as number_id,
    cast(id * 10 as bigint) as amount
from range(1, 6) as t (id)
