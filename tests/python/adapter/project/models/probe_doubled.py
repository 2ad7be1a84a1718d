def model(dbt, session):
    """Read a SQL model, compute in pandas, hand the result to a SQL model."""
    dbt.config(materialized="table")
    numbers = dbt.ref("probe_numbers").toPandas()
    numbers["doubled_amount"] = numbers["amount"] * 2
    return numbers
