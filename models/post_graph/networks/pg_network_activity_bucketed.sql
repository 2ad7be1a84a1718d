-- Activity of each network per calendar quarter, from its first recorded
-- activity to the as-of date: crimes and harm, arrests and credible intelligence
-- naming members, links active in the quarter, and members first seen in it.
with

members as (
    select
        person_id,
        network_id
    from {{ ref('pg_network_members_classified') }}
),

records as (
    select
        record_id,
        person_id
    from {{ ref('int_person_records_resolved') }}
),

network_crimes as (
    select
        network_id,
        crime_id,
        offence_at,
        is_cse,
        harm_days
    from {{ ref('pg_network_crimes_attributed') }}
),

member_offences as (
    select
        person_id,
        offence_at
    from {{ ref('int_person_offences_attributed') }}
),

custody_records as (
    select
        custody_id,
        record_id,
        arrested_at
    from {{ ref('stg_custody__custody_records') }}
    where arrested_at < date_add(date '{{ as_of_date() }}', 1)
),

intel_nominals as (
    select distinct
        intel_id,
        record_id
    from {{ ref('stg_intel__nominals') }}
),

credible_intel as (
    select
        intel_id,
        submitted_at
    from {{ ref('int_intel_reports_graded') }}
    where is_credible and submitted_at < date_add(date '{{ as_of_date() }}', 1)
),

edges as (
    select
        person_id_a,
        person_id_b,
        first_seen_at,
        least(last_seen_at, timestamp '{{ as_of_date() }}') as last_seen_at
    from {{ ref('graph_edges') }}
    where
        first_seen_at is not null
        and first_seen_at < date_add(date '{{ as_of_date() }}', 1)
),

arrests_by_network as (
    select distinct
        members.network_id,
        members.person_id,
        custody_records.custody_id,
        custody_records.arrested_at
    from custody_records
    inner join records on custody_records.record_id = records.record_id
    inner join members on records.person_id = members.person_id
),

intel_by_network as (
    select distinct
        members.network_id,
        members.person_id,
        credible_intel.intel_id,
        credible_intel.submitted_at
    from credible_intel
    inner join intel_nominals on credible_intel.intel_id = intel_nominals.intel_id
    inner join records on intel_nominals.record_id = records.record_id
    inner join members on records.person_id = members.person_id
),

links_inside_networks as (
    select
        members_a.network_id,
        edges.person_id_a,
        edges.person_id_b,
        edges.first_seen_at,
        edges.last_seen_at
    from edges
    inner join members as members_a on edges.person_id_a = members_a.person_id
    inner join members as members_b
        on
            edges.person_id_b = members_b.person_id
            and members_a.network_id = members_b.network_id
),

-- A member's first appearance in any evidence: crime, arrest, credible intel or link.
member_events as (
    select
        person_id,
        offence_at as seen_at
    from member_offences
    union all
    select
        person_id,
        arrested_at as seen_at
    from arrests_by_network
    union all
    select
        person_id,
        submitted_at as seen_at
    from intel_by_network
    union all
    select
        person_id_a as person_id,
        first_seen_at as seen_at
    from edges
    union all
    select
        person_id_b as person_id,
        first_seen_at as seen_at
    from edges
),

member_first_seen as (
    select
        members.network_id,
        members.person_id,
        min(member_events.seen_at) as first_seen_at
    from members
    inner join member_events on members.person_id = member_events.person_id
    group by members.network_id, members.person_id
),

link_quarters as (
    select
        network_id,
        person_id_a,
        person_id_b,
        quarter_start_date
    from links_inside_networks
        lateral view explode(
            sequence(
                to_date(date_trunc('quarter', first_seen_at)),
                to_date(date_trunc('quarter', last_seen_at)),
                interval 3 month
            )
        ) as quarter_start_date
),

crimes_by_quarter as (
    select
        network_id,
        to_date(date_trunc('quarter', offence_at)) as quarter_start_date,
        count(*) as n_crimes,
        count_if(is_cse) as n_cse_crimes,
        sum(harm_days) as harm_days
    from network_crimes
    group by network_id, quarter_start_date
),

arrests_by_quarter as (
    select
        network_id,
        to_date(date_trunc('quarter', arrested_at)) as quarter_start_date,
        count(distinct custody_id) as n_arrests
    from arrests_by_network
    group by network_id, quarter_start_date
),

intel_by_quarter as (
    select
        network_id,
        to_date(date_trunc('quarter', submitted_at)) as quarter_start_date,
        count(distinct intel_id) as n_intel_reports
    from intel_by_network
    group by network_id, quarter_start_date
),

links_by_quarter as (
    select
        network_id,
        quarter_start_date,
        count(*) as n_active_links
    from link_quarters
    group by network_id, quarter_start_date
),

new_members_by_quarter as (
    select
        network_id,
        to_date(date_trunc('quarter', first_seen_at)) as quarter_start_date,
        count(*) as n_new_members
    from member_first_seen
    where first_seen_at is not null
    group by network_id, quarter_start_date
),

quarters_with_activity as (
    select
        network_id,
        quarter_start_date
    from crimes_by_quarter
    union
    select
        network_id,
        quarter_start_date
    from arrests_by_quarter
    union
    select
        network_id,
        quarter_start_date
    from intel_by_quarter
    union
    select
        network_id,
        quarter_start_date
    from links_by_quarter
    union
    select
        network_id,
        quarter_start_date
    from new_members_by_quarter
),

-- Every quarter from the first activity to the as-of quarter, so quiet quarters show as 0.
quarter_spine as (
    select
        network_id,
        quarter_start_date
    from (
        select
            network_id,
            min(quarter_start_date) as first_quarter_date
        from quarters_with_activity
        group by network_id
    ) as network_spans
        lateral view explode(
            sequence(
                first_quarter_date,
                to_date(date_trunc('quarter', date '{{ as_of_date() }}')),
                interval 3 month
            )
        ) as quarter_start_date
),

final as (
    select
        quarter_spine.network_id,
        quarter_spine.quarter_start_date,
        date_sub(add_months(quarter_spine.quarter_start_date, 3), 1) as quarter_end_date,
        coalesce(crimes_by_quarter.n_crimes, 0) as n_crimes,
        coalesce(crimes_by_quarter.n_cse_crimes, 0) as n_cse_crimes,
        cast(coalesce(crimes_by_quarter.harm_days, 0.0) as double) as harm_days,
        coalesce(arrests_by_quarter.n_arrests, 0) as n_arrests,
        coalesce(intel_by_quarter.n_intel_reports, 0) as n_intel_reports,
        coalesce(links_by_quarter.n_active_links, 0) as n_active_links,
        coalesce(new_members_by_quarter.n_new_members, 0) as n_new_members
    from quarter_spine
    left join crimes_by_quarter
        on
            quarter_spine.network_id = crimes_by_quarter.network_id
            and quarter_spine.quarter_start_date = crimes_by_quarter.quarter_start_date
    left join arrests_by_quarter
        on
            quarter_spine.network_id = arrests_by_quarter.network_id
            and quarter_spine.quarter_start_date = arrests_by_quarter.quarter_start_date
    left join intel_by_quarter
        on
            quarter_spine.network_id = intel_by_quarter.network_id
            and quarter_spine.quarter_start_date = intel_by_quarter.quarter_start_date
    left join links_by_quarter
        on
            quarter_spine.network_id = links_by_quarter.network_id
            and quarter_spine.quarter_start_date = links_by_quarter.quarter_start_date
    left join new_members_by_quarter
        on
            quarter_spine.network_id = new_members_by_quarter.network_id
            and quarter_spine.quarter_start_date = new_members_by_quarter.quarter_start_date
)

select * from final
