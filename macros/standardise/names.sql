{#- Person names (docs block `standardisation_rules`). The reference definition is
    the Python function person_resolution.standardise.standardise_name; this macro
    is pinned to it by the shared hard cases of the unit test
    nominals_standardise_name_hard_cases, and the maps below by
    tests/python/person_resolution/test_name_reference.py (which checks every
    upper-case Latin letter of U+00C0-U+024F and U+1E00-U+1EFF). -#}

{#- Letters written as two, expanded before accents are removed
    (pattern -> letters). -#}
{% macro name_letter_expansions() -%}
    {{ return({
        'Æ': 'AE', 'Œ': 'OE', 'ẞ|ß': 'SS', 'Ĳ': 'IJ',
        'Ǆ|Ǳ': 'DZ', 'Ǉ': 'LJ', 'Ǌ': 'NJ', 'Þ': 'TH',
    }) }}
{%- endmacro %}

{#- Accent map (Spark has no unaccent): each character of `from` becomes the
    character at the same position of `to`. Applied after upper(), so only
    upper-case forms are listed; letters with a stroke (Ł, Ø, Đ) included. -#}
{% macro accent_map_from() -%}
    ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŌŎŐŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽƗƠƯǍǏǑǓǕǗǙǛǞǠǦǨǪǬǴǸǺȀȂȄȆȈȊȌȎȐȒȔȖȘȚȞȦȨȪȬȮȰȲȽḀḂḄḆḈḊḌḎḐḒḔḖḘḚḜḞḠḢḤḦḨḪḬḮḰḲḴḶḸḺḼḾṀṂṄṆṈṊṌṎṐṒṔṖṘṚṜṞṠṢṤṦṨṪṬṮṰṲṴṶṸṺṼṾẀẂẄẆẈẊẌẎẐẒẔẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ
{%- endmacro %}

{% macro accent_map_to() -%}
    AAAAAACEEEEIIIIDNOOOOOOUUUUYAAACCCCDDEEEEEGGGGHHIIIIIJKLLLLLNNNOOORRRSSSSTTTUUUUUUWYYZZZIOUAIOUUUUUAAGKOOGNAAAEEIIOORRUUSTHAEOOOOYLABBBCDDDDDEEEEEFGHHHHHIIKKKLLLLMMMNNNNOOOOPPRRRRSSSSSTTTTUUUUUVVWWWWWXXYZZZAAAAAAAAAAAAEEEEEEEEIIOOOOOOOOOOOOUUUUUUUYYYY
{%- endmacro %}

{#- Person name -> comparable form: upper case; two-letter letters expanded
    (Æ -> AE, ß -> SS); accents removed (the accent map for precomposed
    letters, any remaining combining mark for decomposed ones: S + U+0326 -> S);
    apostrophes removed (O'Brien -> OBRIEN); hyphens, digits and any other
    punctuation become a space (Smith-Jones -> SMITH JONES, so the hyphenated
    and spaced spellings agree); whitespace collapsed; blank -> null. -#}
{% macro standardise_name(expression) -%}
    {%- set expanded = namespace(sql='upper(' ~ expression ~ ')') -%}
    {%- for pattern, letters in name_letter_expansions().items() -%}
        {%- set expanded.sql = "regexp_replace(" ~ expanded.sql
            ~ ", '" ~ pattern ~ "', '" ~ letters ~ "')" -%}
    {%- endfor -%}
    nullif(trim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
        translate({{ expanded.sql }}, '{{ accent_map_from() }}', '{{ accent_map_to() }}'),
        '\\p{M}', ''), '[\\x27’‘`´]', ''), '[^A-Z ]', ' '), '\\s+', ' ')), '')
{%- endmacro %}
