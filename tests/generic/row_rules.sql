{#- A node's rules in one test: its keys (unique columns and combinations), required
    columns, accepted values, accepted ranges and boolean expressions, counted in one
    scan of the node. Fails once for every rule some row breaks, naming the rule and
    counting the rows that break it.

    A test per rule costs a Spark job each, and in a build of small tables the job,
    not the rows, is most of a test's time (benchmarks/notes/20-test-suite-wall-time.md):
    one scan per node instead of one per rule.

    Each rule means what dbt's own test of that name means:
    - unique (column list): the non-null values of each column occur once each;
    - unique_combination (list of column lists): each combination occurs once, nulls
      counting as a value; for both, the rows beyond the first of each repeat break it;
    - not_null: the column is never null;
    - accepted_values (column: [values], or column: {values: [...], quote: false}):
      every non-null value is in the list (quoted as strings unless quote: false);
    - accepted_range (column: {min_value, max_value, inclusive}): every non-null value
      is within the bounds (each optional; inclusive by default);
    - expressions: the boolean expression is true on every row (false or null fails). -#}
{% test row_rules(
    model,
    unique=[],
    unique_combination=[],
    not_null=[],
    accepted_values={},
    accepted_range={},
    expressions=[]
) %}
{%- set rules = row_rule_checks(
    not_null, accepted_values, accepted_range, expressions, unique, unique_combination
) %}
{%- set counts = rules | map(attribute=1) | join(', ') %}
{%- set names = rules | map(attribute=0) | list %}

with

rules_counted as (

    select array({{ counts }}) as n_rows_breaking_by_rule
    from {{ model }}

),

rules_named as (

    select posexplode(array{{ sql_list(names) }}) as (position, rule)

),

rules_broken as (

    select
        rules_named.rule,
        rules_counted.n_rows_breaking_by_rule[rules_named.position] as n_rows_breaking
    from rules_counted
    cross join rules_named

),

final as (

    select
        rule,
        n_rows_breaking
    from rules_broken
    where n_rows_breaking > 0

)

select * from final

{% endtest %}
