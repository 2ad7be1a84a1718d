-- The graph's nodes: every person reached (graph_nodes_reached: the CSE seed set
-- expanded var('graph_hops') hops, plus OCG members), with their seed-set flags,
-- crimes and harm as suspect or offender, and whether they are only ever victims.
with

nodes as (
    select
        person_id,
        hop_distance,
        is_added_via_ocg
    from {{ ref('graph_nodes_reached') }}
),

seed_set as (
    select
        person_id,
        n_cse_crimes_as_suspect,
        n_credible_cse_intel_as_subject,
        is_cse_crime_suspect,
        is_credible_cse_intel_subject
    from {{ ref('int_cse_nominals_identified') }}
),

persons as (
    select
        person_id,
        is_ocg_member,
        has_safeguarding_flag
    from {{ ref('int_persons') }}
),

involvements as (
    select
        crime_id,
        person_id,
        involvement,
        is_suspect_or_offender
    from {{ ref('int_crime_involvements_resolved') }}
),

crimes as (
    select
        crime_id,
        harm_days
    from {{ ref('int_crimes_cse_classified') }}
),

crimes_as_suspect as (
    select distinct
        involvements.person_id,
        involvements.crime_id,
        crimes.harm_days
    from involvements
    inner join crimes on involvements.crime_id = crimes.crime_id
    where involvements.is_suspect_or_offender
),

harm_by_person as (
    select
        person_id,
        count(*) as n_crimes_as_suspect,
        cast(sum(harm_days) as double) as harm_days
    from crimes_as_suspect
    group by person_id
),

victims as (
    select distinct person_id
    from involvements
    where involvement = 'VICTIM'
),

final as (
    select
        nodes.person_id,
        nodes.hop_distance,
        nodes.is_added_via_ocg,
        seed_set.person_id is not null as is_cse_nominal,
        victims.person_id is not null as is_victim,
        coalesce(persons.is_ocg_member, false) as is_ocg_member,
        coalesce(seed_set.is_cse_crime_suspect, false) as is_cse_crime_suspect,
        coalesce(seed_set.is_credible_cse_intel_subject, false) as is_credible_cse_intel_subject,
        coalesce(seed_set.n_cse_crimes_as_suspect, 0) as n_cse_crimes_as_suspect,
        coalesce(seed_set.n_credible_cse_intel_as_subject, 0) as n_credible_cse_intel_as_subject,
        coalesce(harm_by_person.n_crimes_as_suspect, 0) as n_crimes_as_suspect,
        coalesce(harm_by_person.harm_days, 0.0) as harm_days,
        -- victim only: a crime victim or a child with a safeguarding flag, and
        -- never a suspect or offender, CSE nominal or OCG member; left out of
        -- network finding (docs block network_definition). The flag counts: a
        -- child's safeguarding record not resolved with their crime record is
        -- still a child at risk, not an associate of the group.
        (victims.person_id is not null or coalesce(persons.has_safeguarding_flag, false))
        and coalesce(harm_by_person.n_crimes_as_suspect, 0) = 0
        and seed_set.person_id is null
        and not coalesce(persons.is_ocg_member, false) as is_victim_only
    from nodes
    left join seed_set on nodes.person_id = seed_set.person_id
    left join victims on nodes.person_id = victims.person_id
    left join persons on nodes.person_id = persons.person_id
    left join harm_by_person on nodes.person_id = harm_by_person.person_id
)

select * from final
