def explode(frame):
    raise ValueError("deliberate failure inside a Python model")


def model(dbt, session):
    frame = dbt.ref("probe_numbers")
    return explode(frame)
