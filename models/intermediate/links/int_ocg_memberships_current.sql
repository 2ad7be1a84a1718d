-- Organised crime group memberships current at the as-of date (the one
-- definition of "current member"): mapped on or before it (int_ocg_nominals_known)
-- and not archived on or before it. One row per known membership.
with

ocg_nominals as (
    select
        ocg_membership_id,
        ocg_id,
        record_id,
        ocg_role,
        ocg_threat_band,
        mapped_from,
        archived_at
    from {{ ref('int_ocg_nominals_known') }}
),

final as (
    select *
    from ocg_nominals
    where archived_at is null or archived_at > date '{{ as_of_date() }}'
)

select * from final
