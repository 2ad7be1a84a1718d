{#- Police National Computer id -> canonical `YYYY/NNNNNNNL`.
    Accepts two or four year digits, an optional slash (a slash allows a
    serial without its leading zeros; without a slash the serial must have
    all 7 digits), spaces anywhere and a check letter in any case.
    Two-digit years up to the as-of date's two-digit year are 20xx, later
    ones 19xx. Anything else -> null (the row keeps `is_pnc_unparseable`). -#}
{% macro canonical_pnc(expression) -%}
    {%- set pattern = "'^([0-9]{4}|[0-9]{2})(/[0-9]{1,7}|[0-9]{7})([A-Z])$'" -%}
    {%- set compact = "upper(regexp_replace(" ~ expression ~ ", '\\\\s', ''))" -%}
    {%- set as_of_yy = as_of_date()[2:4] -%}
    case
        when {{ compact }} rlike {{ pattern }}
            then concat(
                case
                    when length(regexp_extract({{ compact }}, {{ pattern }}, 1)) = 4
                        then regexp_extract({{ compact }}, {{ pattern }}, 1)
                    when regexp_extract({{ compact }}, {{ pattern }}, 1) <= '{{ as_of_yy }}'
                        then concat('20', regexp_extract({{ compact }}, {{ pattern }}, 1))
                    else concat('19', regexp_extract({{ compact }}, {{ pattern }}, 1))
                end,
                '/',
                lpad(replace(regexp_extract({{ compact }}, {{ pattern }}, 2), '/', ''), 7, '0'),
                regexp_extract({{ compact }}, {{ pattern }}, 3)
            )
    end
{%- endmacro %}

{#- UK phone number -> national form with leading 0 (`07700900123`).
    Non-digits dropped; a 0044 / 44 country prefix and a "(0)" trunk digit
    are removed; a 10-digit national number gets its 0. Numbers that are not
    10 national digits after that (foreign, short) keep their digits only. -#}
{% macro canonical_phone(expression) -%}
    {%- set digits = "regexp_replace(" ~ expression ~ ", '[^0-9]', '')" -%}
    {%- set national -%}
        regexp_replace(
            case
                when {{ digits }} like '0044%' then substr({{ digits }}, 5)
                when {{ digits }} like '44%' and length({{ digits }}) >= 12
                    then substr({{ digits }}, 3)
                else {{ digits }}
            end,
            '^0', ''
        )
    {%- endset -%}
    case
        when length({{ national }}) = 10 then concat('0', {{ national }})
        else nullif({{ digits }}, '')
    end
{%- endmacro %}

{#- UK postcode: upper, spaces removed, then one space before the 3-character
    inward code (`s114ab` -> `S11 4AB`). Too short/long values stay compact. -#}
{% macro canonical_postcode(expression) -%}
    {%- set compact = "upper(regexp_replace(" ~ expression ~ ", '[^A-Za-z0-9]', ''))" -%}
    case
        when length({{ compact }}) between 5 and 7
            then concat(
                substr({{ compact }}, 1, length({{ compact }}) - 3),
                ' ',
                substr({{ compact }}, -3)
            )
        else nullif({{ compact }}, '')
    end
{%- endmacro %}

{#- Vehicle registration: upper, letters and digits only (`ab12 cde` -> `AB12CDE`). -#}
{% macro canonical_vehicle(expression) -%}
    nullif(upper(regexp_replace({{ expression }}, '[^A-Za-z0-9]', '')), '')
{%- endmacro %}

{#- Email address: trimmed, lower case. -#}
{% macro canonical_email(expression) -%}
    nullif(lower(trim({{ expression }})), '')
{%- endmacro %}

{#- Online handle: trimmed, lower case, leading @ removed. -#}
{% macro canonical_handle(expression) -%}
    nullif(regexp_replace(lower(trim({{ expression }})), '^@+', ''), '')
{%- endmacro %}

{#- Address: upper; commas, full stops and semicolons become spaces;
    whitespace collapsed (`12, s11 4ab` -> `12 S11 4AB`). -#}
{% macro canonical_address(expression) -%}
    nullif(trim(regexp_replace(regexp_replace(upper({{ expression }}),
        '[,.;]', ' '), '\\s+', ' ')), '')
{%- endmacro %}

{#- Identifier value canonicalised by its (already standardised) type. -#}
{% macro canonical_identifier(type_expression, value_expression) -%}
    case {{ type_expression }}
        when 'PHONE' then {{ canonical_phone(value_expression) }}
        when 'VEHICLE' then {{ canonical_vehicle(value_expression) }}
        when 'EMAIL' then {{ canonical_email(value_expression) }}
        when 'ONLINE_HANDLE' then {{ canonical_handle(value_expression) }}
        when 'ADDRESS' then {{ canonical_address(value_expression) }}
        else {{ standardise_text(value_expression) }}
    end
{%- endmacro %}
