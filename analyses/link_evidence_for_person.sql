-- Audit query (compiled, never materialised): every link of one person with
-- its type, weight and evidence ids, so an auditor can trace a score back to
-- the records behind it. Compile with:
--   dbt compile -s link_evidence_for_person --vars '{audit_person_id: P0123456789abcdef}'
-- and run the SQL in target/compiled/ against the warehouse.

with

links as (

    select * from {{ ref('int_person_links_weighted') }}

),

of_person as (

    select *
    from links
    where
        person_id_a = '{{ var("audit_person_id", "") }}'
        or person_id_b = '{{ var("audit_person_id", "") }}'

),

final as (

    select *
    from of_person

)

select * from final
