-- Intelligence mentions checked against the person records they name, which another
-- source holds (docs block quarantine_rules): every row of base_intel__nominals,
-- its own breaches plus ORPHAN_KEY / QUARANTINED_PARENT on source_nominal_id.
-- The copy numbering of the base model stands: (source_system,
-- source_nominal_id) is part of the primary key, so every copy of a key has
-- the same parent and the check adds the same breaches to each copy.

{{ person_record_parent_checked(
    'base_intel__nominals',
    'intel_nominals',
    [
        'intel_nominal_id',
        'intel_id',
        'record_id',
        'source_system',
        'source_nominal_id',
        'mention_role',
    ],
) }}
