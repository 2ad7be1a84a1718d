{#- Accent map for names (Spark has no unaccent): each character of `from`
    becomes the character at the same position of `to`. Applied after
    upper(), so only upper-case forms are listed. Ligatures that need two
    letters (Æ, Œ, ß) are expanded by regexp_replace in standardise_name. -#}
{% macro accent_map_from() -%}
    ÀÁÂÃÄÅĀĂĄÇĆĈĊČĎĐÈÉÊËĒĔĖĘĚĜĞĠĢĤĦÌÍÎÏĨĪĬĮİĴĶĹĻĽĿŁÑŃŅŇÒÓÔÕÖØŌŎŐŔŖŘŚŜŞŠŢŤŦÙÚÛÜŨŪŬŮŰŲŴÝŸŶŹŻŽ
{%- endmacro %}

{% macro accent_map_to() -%}
    AAAAAAAAACCCCCDDEEEEEEEEEGGGGHHIIIIIIIIIJKLLLLLNNNNOOOOOOOOORRRSSSSTTTUUUUUUUUUUWYYYZZZ
{%- endmacro %}

{#- Person name -> comparable form (see docs block `standardisation_rules`):
    upper case; accents removed; apostrophes removed (O'Brien -> OBRIEN);
    hyphens, digits and any other punctuation become a space (Smith-Jones ->
    SMITH JONES, so the hyphenated and spaced spellings agree); whitespace
    collapsed; blank -> null. -#}
{% macro standardise_name(expression) -%}
    nullif(trim(regexp_replace(regexp_replace(regexp_replace(
        translate(
            regexp_replace(regexp_replace(regexp_replace(upper({{ expression }}),
                'Æ', 'AE'), 'Œ', 'OE'), 'ẞ|ß', 'SS'),
            '{{ accent_map_from() }}',
            '{{ accent_map_to() }}'
        ),
        '[\\x27’‘`´]', ''), '[^A-Z ]', ' '), '\\s+', ' ')), '')
{%- endmacro %}
