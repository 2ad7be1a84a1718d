-- Involvements in crimes known at the as-of date (docs block as_of_date): the
-- one place a crime involvement enters the analysis. An involvement counts
-- from when the person record was linked to the crime (linked_at): a suspect
-- named, or a victim identified, months after the crime was recorded was not
-- a suspect or victim of it on an earlier day. The crime itself must be known
-- too (int_crimes_known); every reader joins the involvement to it.
with

crime_nominals as (
    select * from {{ ref('int_crime_nominals_parented') }}
),

final as (
    select *
    from crime_nominals
    where linked_at < {{ as_of_cutoff() }}
)

select * from final
