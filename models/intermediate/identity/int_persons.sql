-- One row per resolved person: record counts, sources, OCG membership and the
-- attributes (of a representative record) the bias audit and age rules need.
with

resolved as (
    select
        record_id,
        person_id,
        anchor_record_id,
        source_system
    from {{ ref('int_person_records_resolved') }}
),

nominals as (
    select
        record_id,
        pnc_id,
        gender,
        ethnicity_code,
        date_of_birth,
        created_at
    from {{ ref('stg_person_records__nominals') }}
),

ocg_memberships as (
    select
        record_id,
        ocg_id
    from {{ ref('int_ocg_memberships_current') }}
),

safeguarding_flags as (
    select distinct record_id
    from {{ ref('int_safeguarding_flags_known') }}
),

records_described as (
    select
        resolved.person_id,
        resolved.record_id,
        resolved.anchor_record_id,
        resolved.source_system,
        nominals.pnc_id,
        nominals.gender,
        nominals.ethnicity_code,
        nominals.date_of_birth,
        ocg_memberships.ocg_id,
        safeguarding_flags.record_id is not null as has_safeguarding_flag
    from resolved
    inner join nominals on resolved.record_id = nominals.record_id
    left join ocg_memberships on resolved.record_id = ocg_memberships.record_id
    left join safeguarding_flags on resolved.record_id = safeguarding_flags.record_id
),

-- The most often recorded date of birth (ties: the earliest) stands for the person.
dates_of_birth_ranked as (
    select
        person_id,
        date_of_birth,
        row_number() over (
            partition by person_id order by count(distinct record_id) desc, date_of_birth
        ) as dob_rank
    from records_described
    where date_of_birth is not null
    group by person_id, date_of_birth
),

persons_aggregated as (
    select
        person_id,
        min(anchor_record_id) as anchor_record_id,
        count(distinct record_id) as n_records,
        array_sort(collect_set(source_system)) as source_systems,
        count(distinct pnc_id) > 0 as has_pnc_id,
        count(distinct ocg_id) > 0 as is_ocg_member,
        array_sort(collect_set(ocg_id)) as ocg_ids,
        bool_or(has_safeguarding_flag) as has_safeguarding_flag
    from records_described
    group by person_id
),

final as (
    select
        persons_aggregated.person_id,
        persons_aggregated.n_records,
        persons_aggregated.source_systems,
        persons_aggregated.has_pnc_id,
        persons_aggregated.is_ocg_member,
        persons_aggregated.ocg_ids,
        persons_aggregated.has_safeguarding_flag,
        representative.gender,
        representative.ethnicity_code,
        dates_of_birth_ranked.date_of_birth,
        year(dates_of_birth_ranked.date_of_birth) as birth_year,
        coalesce(
            {{ is_child_on("date'" ~ as_of_date() ~ "'", 'dates_of_birth_ranked.date_of_birth') }},
            false
        ) as is_child_at_as_of_date
    from persons_aggregated
    inner join nominals as representative
        on persons_aggregated.anchor_record_id = representative.record_id
    left join dates_of_birth_ranked
        on
            persons_aggregated.person_id = dates_of_birth_ranked.person_id
            and dates_of_birth_ranked.dob_rank = 1
)

select * from final
