{#- The key of the pseudonymous person id, as a SQL string expression.
    The key is the Spark conf `spark.cse.person_id_key`, set by the profile from
    the secret environment variable DBT_ENV_SECRET_CSE_PERSON_ID_KEY (dbt scrubs
    DBT_ENV_SECRET_ values from its logs). Spark substitutes it when the query
    runs, so the key never appears in compiled SQL, dbt's logs or target/. The
    local target defaults to a public development key (synthetic data only); the
    cluster target stops with dbt's "Env var required" error when it is unset. -#}
{% macro person_id_key() %}
    '${spark.cse.person_id_key}'
{%- endmacro %}


{#- A person id: 'P' and 16 hex digits of sha-256 over key|anchor record id. -#}
{% macro person_id(anchor_record_id) %}
    concat('P', substr(sha2(concat({{ person_id_key() }}, '|', {{ anchor_record_id }}), 256), 1, 16))
{%- endmacro %}
