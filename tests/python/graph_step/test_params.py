"""GraphParams: the dbt vars are its one source (no defaults), and the var table does not drift."""

from __future__ import annotations

import dataclasses
import re

import pytest
import yaml
from graph_step_cases import SMALL_GRAPH_PARAMS, small_graph_params

from cse_networks.paths import REPO_ROOT
from cse_networks.project import project_vars
from graph_step import GraphParams
from graph_step.params import VAR_FIELDS

# graph_* vars that shape the graph's scope and edges in SQL (models/graph/*.sql), before
# the graph step runs: they are not GraphParams fields. Each must be read by a SQL model.
GRAPH_SCOPE_VARS = frozenset(
    {
        "graph_hops",
        "graph_context_link_types",
        "graph_general_co_offending_min_crimes",
        "graph_scope_non_cse_offender_victim",
    }
)
MODEL_YML = REPO_ROOT / "models" / "graph" / "_graph_step__models.yml"
MODEL_PY = REPO_ROOT / "models" / "graph" / "graph_person_metrics.py"


def _sql_var_reads() -> set[str]:
    """Names of the vars read with ``var('...')`` by the SQL models and macros."""
    found: set[str] = set()
    for folder in ("models", "macros"):
        for path in (REPO_ROOT / folder).rglob("*.sql"):
            found |= set(re.findall(r"""var\(\s*['"](\w+)['"]""", path.read_text()))
    return found


def test_every_graph_var_is_a_param_or_a_scope_var() -> None:
    graph_vars = {name for name in project_vars() if name.startswith("graph_")}
    assert graph_vars - GRAPH_SCOPE_VARS == set(VAR_FIELDS)
    assert graph_vars >= GRAPH_SCOPE_VARS
    assert _sql_var_reads() >= GRAPH_SCOPE_VARS


def test_var_table_names_every_field_once() -> None:
    fields = [f.name for f in dataclasses.fields(GraphParams)]
    assert sorted(VAR_FIELDS.values()) == sorted(fields)
    assert len(set(VAR_FIELDS.values())) == len(VAR_FIELDS)


def test_the_dbt_model_passes_exactly_the_graph_vars() -> None:
    models = yaml.safe_load(MODEL_YML.read_text())["models"]
    (model,) = [m for m in models if m["name"] == "graph_person_metrics"]
    config = model["config"]["graph_vars"]
    assert config == {name: "{{ var('" + name + "') }}" for name in VAR_FIELDS}
    assert 'GraphParams.from_vars(dbt.config.get("graph_vars"))' in MODEL_PY.read_text()


def test_from_vars_reads_the_project_vars() -> None:
    variables = project_vars()
    params = GraphParams.from_vars(variables)
    for var, field in VAR_FIELDS.items():
        value = variables[var]
        assert getattr(params, field) == (tuple(value) if isinstance(value, list) else value), var
    # as the dbt model's config hands them over: every value rendered to text
    assert GraphParams.from_vars({k: str(v) for k, v in variables.items()}) == params


def test_from_vars_names_a_missing_var() -> None:
    variables = {var: project_vars()[var] for var in VAR_FIELDS}
    del variables["graph_leiden_resolution"]
    with pytest.raises(ValueError, match="graph_leiden_resolution"):
        GraphParams.from_vars(variables)
    with pytest.raises(ValueError, match="graph_seed"):
        GraphParams.from_vars({**project_vars(), "graph_seed": None})


def test_no_defaults_and_keywords_only() -> None:
    with pytest.raises(TypeError):
        GraphParams()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        GraphParams(*SMALL_GRAPH_PARAMS.to_dict().values())  # type: ignore[misc]


def test_from_dict_round_trip_and_validation() -> None:
    values = {**SMALL_GRAPH_PARAMS.to_dict(), "seed": "7", "leiden_resolution": "0.5"}
    params = GraphParams.from_dict(values)
    assert params.seed == 7 and params.leiden_resolution == 0.5
    assert GraphParams.from_dict(params.to_dict()) == params
    assert params.to_json().startswith('{"betweenness_samples":')
    with pytest.raises(ValueError, match="unknown"):
        GraphParams.from_dict({**SMALL_GRAPH_PARAMS.to_dict(), "sead": 1})
    with pytest.raises(ValueError, match="key_player_k"):
        GraphParams.from_dict({**SMALL_GRAPH_PARAMS.to_dict(), "key_player_k": None})
    with pytest.raises(ValueError):
        small_graph_params(pagerank_damping=1.0)


@pytest.mark.parametrize("text", ["[0.3, 0.5]", "0.3,0.5", '"[0.3, 0.5]"'])
def test_finer_resolutions_read_from_text(text: str) -> None:
    values = {**SMALL_GRAPH_PARAMS.to_dict(), "leiden_resolution": 0.2}
    params = GraphParams.from_dict({**values, "leiden_finer_resolutions": text})
    assert params.leiden_finer_resolutions == (0.3, 0.5)
    assert params.levels == (0.2, 0.3, 0.5)
    assert GraphParams.from_dict({**values, "leiden_finer_resolutions": "[]"}).levels == (0.2,)


@pytest.mark.parametrize("finer", [(0.2,), (0.1,), (0.5, 0.3)])
def test_finer_resolutions_must_ascend_above_the_base(finer: tuple[float, ...]) -> None:
    with pytest.raises(ValueError, match="ascend"):
        small_graph_params(leiden_resolution=0.2, leiden_finer_resolutions=finer)
