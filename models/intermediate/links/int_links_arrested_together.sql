-- ARRESTED_TOGETHER: arrested at the same recorded incident or, when an arrest
-- has no incident id, at the same postcode within the co-arrest window.
-- The window join is a range join on (postcode, time bucket): each arrest meets
-- only the arrests of its own and the neighbouring buckets, never a cross join.
{%- set window_seconds = var('co_arrest_window_minutes') * 60 %}

with

custody as (
    select
        custody_records.custody_id,
        resolved.person_id,
        custody_records.arrested_at,
        custody_records.arrest_postcode,
        custody_records.incident_id,
        floor(unix_seconds(custody_records.arrested_at) / {{ window_seconds }}) as time_bucket
    from {{ ref('int_custody_records_known') }} as custody_records
    inner join {{ ref('int_person_records_resolved') }} as resolved
        on custody_records.record_id = resolved.record_id
),

same_incident as (
    select
        custody_x.person_id as person_id_x,
        custody_y.person_id as person_id_y,
        concat('INCIDENT:', custody_x.incident_id) as evidence_id,
        least(custody_x.arrested_at, custody_y.arrested_at) as seen_from_at,
        greatest(custody_x.arrested_at, custody_y.arrested_at) as seen_to_at
    from custody as custody_x
    inner join custody as custody_y
        on
            custody_x.incident_id = custody_y.incident_id
            and custody_x.custody_id < custody_y.custody_id
),

custody_bucket_offsets as (
    select
        *,
        explode(array(-1, 0, 1)) as bucket_offset
    from custody
    where arrest_postcode is not null
),

custody_neighbour_buckets as (
    select
        *,
        time_bucket + bucket_offset as join_bucket
    from custody_bucket_offsets
),

same_postcode_within_window as (
    select
        custody_x.person_id as person_id_x,
        custody_y.person_id as person_id_y,
        concat('CUSTODY:', custody_x.custody_id, '+', custody_y.custody_id) as evidence_id,
        least(custody_x.arrested_at, custody_y.arrested_at) as seen_from_at,
        greatest(custody_x.arrested_at, custody_y.arrested_at) as seen_to_at
    from custody as custody_x
    inner join custody_neighbour_buckets as custody_y
        on
            custody_x.arrest_postcode = custody_y.arrest_postcode
            and custody_x.time_bucket = custody_y.join_bucket
            and custody_x.custody_id < custody_y.custody_id
    where
        abs(unix_seconds(custody_x.arrested_at) - unix_seconds(custody_y.arrested_at))
        <= {{ window_seconds }}
        -- two recorded incidents are two events; one recorded incident is handled above
        and (custody_x.incident_id is null or custody_y.incident_id is null)
),

evidence as (
    select * from same_incident
    union all
    select * from same_postcode_within_window
),

final as (
    {{ links_from_evidence('evidence', 'ARRESTED_TOGETHER') }}
)

select * from final
