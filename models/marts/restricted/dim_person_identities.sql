-- Grants apply on the cluster target only (vanilla local Spark has no GRANT);
-- the force names its readers in var restricted_identity_grants.
{{ config(
    grants=(var('restricted_identity_grants') if target.name == 'cluster' else {}),
) }}
-- RESTRICTED. Names and dates of birth of the people in the CSE link graph, for
-- analysts cleared to re-identify them. No other mart holds personal identifiers.
with

graph_persons as (
    select person_id
    from {{ ref('graph_nodes') }}
),

persons as (
    select
        person_id,
        n_records,
        date_of_birth
    from {{ ref('int_persons') }}
),

-- The names of the person's anchor record (the record resolution built on).
anchor_names as (
    select
        person_id,
        forename,
        surname,
        full_name
    from {{ ref('int_person_anchor_names') }}
),

final as (
    select
        cast(graph_persons.person_id as string) as person_id,
        cast(anchor_names.full_name as string) as display_name,
        cast(anchor_names.forename as string) as forename,
        cast(anchor_names.surname as string) as surname,
        cast(persons.date_of_birth as date) as date_of_birth,
        cast(persons.n_records as bigint) as n_records
    from graph_persons
    left join anchor_names on graph_persons.person_id = anchor_names.person_id
    left join persons on graph_persons.person_id = persons.person_id
)

select * from final
