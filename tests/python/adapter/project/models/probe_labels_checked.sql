-- One row per seed label, with whether it survived the seed load byte for byte
-- (an empty cell must load as null, not as the text 'None').
select
    label_id,
    label,
    case label_id
        when 1 then label = 'plain text'
        when 2 then label = 'it\'s quoted'
        when 3 then label = 'back\\slash'
        when 4 then label is null
    end as is_intact
from {{ ref('probe_labels') }}
