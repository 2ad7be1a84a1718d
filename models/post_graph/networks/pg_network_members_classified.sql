-- Every person in the graph with their network, role flags and graph metrics.
-- Members are the offender side of the graph only (docs block
-- network_definition): the graph step leaves out persons who are only victims,
-- so is_victim is false for every member; a member with a victim record is an
-- offender for grouping and keeps has_victim_record as an attribute.
with

metrics_labelled as (
    select
        person_id,
        component_id,
        network_id as network_key,
        degree,
        strength,
        betweenness,
        betweenness_normalised,
        eigenvector,
        pagerank,
        harm_pagerank,
        clustering,
        coreness,
        is_articulation_point,
        participation_coefficient,
        n_linked_networks,
        network_stability,
        key_player_order,
        run_id
    from {{ ref('graph_person_metrics') }}
),

-- the persistent network id in place of the graph step's working label (docs block id_rules)
network_ids as (
    select
        network_key,
        network_id
    from {{ ref('graph_network_ids') }}
    where network_key is not null
),

metrics as (
    select
        metrics_labelled.person_id,
        metrics_labelled.component_id,
        network_ids.network_id,
        metrics_labelled.degree,
        metrics_labelled.strength,
        metrics_labelled.betweenness,
        metrics_labelled.betweenness_normalised,
        metrics_labelled.eigenvector,
        metrics_labelled.pagerank,
        metrics_labelled.harm_pagerank,
        metrics_labelled.clustering,
        metrics_labelled.coreness,
        metrics_labelled.is_articulation_point,
        metrics_labelled.participation_coefficient,
        metrics_labelled.n_linked_networks,
        metrics_labelled.network_stability,
        metrics_labelled.key_player_order,
        metrics_labelled.run_id
    from metrics_labelled
    left join network_ids on metrics_labelled.network_key = network_ids.network_key
),

nodes as (
    select
        person_id,
        hop_distance,
        is_cse_nominal,
        is_victim,
        is_ocg_member,
        n_crimes_as_suspect
    from {{ ref('graph_nodes') }}
),

persons as (
    select
        person_id,
        ocg_ids,
        has_safeguarding_flag,
        is_child_at_as_of_date
    from {{ ref('int_persons') }}
),

members_flagged as (
    select
        metrics.*,
        nodes.hop_distance,
        coalesce(nodes.is_cse_nominal, false) as is_cse_nominal,
        coalesce(nodes.is_victim, false) as has_victim_record,
        coalesce(nodes.n_crimes_as_suspect, 0) > 0 as is_suspect_or_offender,
        coalesce(nodes.is_ocg_member, false) as is_ocg_member,
        coalesce(persons.ocg_ids, array()) as ocg_ids,
        coalesce(persons.has_safeguarding_flag, false) as has_safeguarding_flag,
        coalesce(persons.is_child_at_as_of_date, false) as is_child_at_as_of_date
    from metrics
    left join nodes on metrics.person_id = nodes.person_id
    left join persons on metrics.person_id = persons.person_id
),

final as (
    select
        *,
        has_victim_record
        and not is_suspect_or_offender
        and not is_cse_nominal
        and not is_ocg_member as is_victim,
        key_player_order is not null as is_key_player,
        case
            when is_cse_nominal then 'CSE_NOMINAL'
            when has_victim_record and not is_suspect_or_offender and not is_ocg_member
                then 'VICTIM'
            when is_ocg_member then 'OCG_MEMBER'
            else 'ASSOCIATE'
        end as member_role
    from members_flagged
)

select * from final
