{#- The key of the pseudonymous person id, as a SQL string expression.
    Set: Spark substitutes ${env:CSE_PERSON_ID_KEY} when it runs the query, so
    the secret never appears in compiled SQL, dbt's logs or target/.
    Unset: a fixed, public development key on the local target only; any other
    target stops with an error. -#}
{% macro person_id_key() %}
    {#- env_var is undefined only when linting (sqlfluff's jinja templater) -#}
    {%- set key_is_set = env_var('CSE_PERSON_ID_KEY', '') != '' if env_var is defined else false -%}
    {%- if key_is_set -%}
        '${env:CSE_PERSON_ID_KEY}'
    {%- elif target is not defined or target.name == 'local' -%}
        '{{ var("person_id_local_dev_key") }}'
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "CSE_PERSON_ID_KEY is not set: person ids are keyed hashes and target '"
            ~ target.name ~ "' needs the force's key (from its secret store)."
        ) }}
    {%- endif -%}
{% endmacro %}


{#- A person id: 'P' and 16 hex digits of sha-256 over key|anchor record id. -#}
{% macro person_id(anchor_record_id) %}
    concat('P', substr(sha2(concat({{ person_id_key() }}, '|', {{ anchor_record_id }}), 256), 1, 16))
{%- endmacro %}
