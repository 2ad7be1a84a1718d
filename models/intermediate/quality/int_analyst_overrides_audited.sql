-- Every analyst override in the three feedback seeds, with whether this run
-- found the ids it names and whether its decision holds in the output.
-- Read by rpt_run_audit, so each applied override is on the run's record.
with

merge_overrides as (
    select
        override_id,
        upper(trim(decision)) as decision,
        record_id_a,
        record_id_b,
        reason,
        cast(decided_at as date) as decided_at
    from {{ ref('person_merge_overrides') }}
),

resolved as (
    select
        record_id,
        person_id
    from {{ ref('int_person_records_resolved') }}
),

merges_checked as (
    select
        merge_overrides.override_id,
        if(
            merge_overrides.decision = 'MERGE', 'PERSON_MERGE', 'PERSON_DO_NOT_MERGE'
        ) as override_kind,
        'person_merge_overrides' as seed_name,
        resolved_a.person_id is not null and resolved_b.person_id is not null as is_resolved,
        case
            when resolved_a.person_id is null or resolved_b.person_id is null then false
            when merge_overrides.decision = 'MERGE'
                then resolved_a.person_id = resolved_b.person_id
            else resolved_a.person_id != resolved_b.person_id
        end as is_applied,
        cast(null as bigint) as n_links_removed,
        merge_overrides.reason,
        merge_overrides.decided_at,
        -- merge decisions name source records, never person ids
        0 as n_ids_via_pointer
    from merge_overrides
    left join resolved as resolved_a on merge_overrides.record_id_a = resolved_a.record_id
    left join resolved as resolved_b on merge_overrides.record_id_b = resolved_b.record_id
),

{#- The two exclusion seeds, each applied (and its links counted) in intermediate/links. -#}
{%- set exclusion_kinds = [
    ('int_link_exclusions_applied', 'link_exclusions', 'LINK_EXCLUSION'),
    ('int_person_exclusions_applied', 'person_exclusions', 'PERSON_EXCLUSION'),
] %}

exclusions_checked as (
    {%- for applied_model, seed_name, kind in exclusion_kinds %}
        select
            applied.exclusion_id as override_id,
            '{{ kind }}' as override_kind,
            '{{ seed_name }}' as seed_name,
            applied.is_resolved,
            -- an exclusion holds once its ids resolve: nothing of it reaches the graph
            applied.is_resolved as is_applied,
            applied.n_links_removed,
            decisions.reason,
            cast(decisions.decided_at as date) as decided_at,
            applied.n_ids_via_pointer
        from {{ ref(applied_model) }} as applied
        inner join {{ ref(seed_name) }} as decisions
            on applied.exclusion_id = decisions.exclusion_id
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

overrides_unioned as (
    select * from merges_checked
    union all
    select * from exclusions_checked
),

final as (
    select
        override_id,
        override_kind,
        seed_name,
        is_resolved,
        is_applied,
        n_links_removed,
        case
            when not is_resolved
                then 'Not applied: an id it names is not in this run''s records or persons.'
            when override_kind = 'PERSON_MERGE' and is_applied
                then 'Applied: the two records are one person.'
            when override_kind = 'PERSON_MERGE'
                then 'NOT HONOURED: the two records are still different persons.'
            when override_kind = 'PERSON_DO_NOT_MERGE' and is_applied
                then 'Applied: the two records are kept in different persons.'
            when override_kind = 'PERSON_DO_NOT_MERGE'
                then 'NOT HONOURED: the two records are one person.'
            when override_kind = 'LINK_EXCLUSION'
                then concat('Applied: ', n_links_removed, ' link(s) between the pair removed.')
            else concat(
                    'Applied: the person is kept out of the graph; ',
                    n_links_removed,
                    ' link(s) removed.'
                )
        end
        || if(
            n_ids_via_pointer > 0,
            ' It names a person id retired by a merge; the id was followed to the live id it'
            || ' points to (docs block id_rules).',
            ''
        ) as effect,
        reason,
        decided_at,
        n_ids_via_pointer
    from overrides_unioned
)

select * from final
