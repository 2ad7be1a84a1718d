-- One row per seed label, with whether it survived the seed load byte for byte.
select
    label_id,
    label,
    label = case label_id
        when 1 then 'plain text'
        when 2 then 'it\'s quoted'
        when 3 then 'back\\slash'
    end as is_intact
from {{ ref('probe_labels') }}
