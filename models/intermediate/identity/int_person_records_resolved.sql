-- Every staged person record with its pseudonymous person id.
with

records as (
    select
        record_id,
        source_system,
        source_nominal_id
    from {{ ref('int_person_records_prepared') }}
),

clusters as (
    select
        record_id,
        anchor_record_id,
        resolution_rule,
        match_probability,
        n_pairs_refused
    from {{ ref('int_person_records_clustered') }}
),

-- keyed in a Python model: the key never enters SQL
person_ids as (
    select
        anchor_record_id,
        person_id
    from {{ ref('int_person_ids_keyed') }}
),

final as (
    select
        records.record_id,
        records.source_system,
        records.source_nominal_id,
        person_ids.person_id,
        clusters.anchor_record_id,
        clusters.resolution_rule,
        clusters.match_probability,
        clusters.n_pairs_refused
    from records
    inner join clusters on records.record_id = clusters.record_id
    inner join person_ids
        on clusters.anchor_record_id = person_ids.anchor_record_id
)

select * from final
