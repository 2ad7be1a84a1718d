"""The packages under python/ import one another one way (issue 23): the generator
(``cse_synth``) knows the raw contract (``cse_contract``) and nothing of the pipeline,
and no product package imports the generator; tests and benchmarks may.

Read statically (``ast``), every import statement in every module, those inside
functions included, so a lazy import cannot hide one."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
# What each package may import of the project's own packages; None: not restricted here.
ALLOWED = {"cse_synth": {"cse_contract"}}
GENERATOR = "cse_synth"


def project_imports(python_dir: Path) -> dict[str, set[tuple[str, str]]]:
    """package -> {(imported project package, module file)} for every top-level folder
    of ``python_dir`` holding Python modules (namespace packages included)."""
    packages = {p.name for p in python_dir.iterdir() if p.is_dir() and any(p.rglob("*.py"))}
    found: dict[str, set[tuple[str, str]]] = {p: set() for p in packages}
    for package in packages:
        for module in (python_dir / package).rglob("*.py"):
            for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top in packages and top != package:
                        found[package].add((top, str(module.relative_to(python_dir))))
    return found


def boundary_breaches(imports: dict[str, set[tuple[str, str]]]) -> list[str]:
    breaches = []
    for package, used in sorted(imports.items()):
        for target, module in sorted(used):
            if package in ALLOWED and target not in ALLOWED[package]:
                breaches.append(
                    f"{module} imports {target}: {package} may import only {ALLOWED[package]}"
                )
            if target == GENERATOR:
                breaches.append(f"{module} imports the generator {GENERATOR}")
    return breaches


def test_the_scan_finds_planted_breaches(tmp_path: Path) -> None:
    """Negative control: a generator that reads the pipeline's paths inside a function, and
    a product package that imports the generator, are both named."""
    (tmp_path / "cse_contract").mkdir()
    (tmp_path / "cse_contract" / "__init__.py").write_text("X = 1\n")
    (tmp_path / "cse_networks").mkdir()
    (tmp_path / "cse_networks" / "paths.py").write_text("import cse_synth.generate\n")
    (tmp_path / "cse_synth").mkdir()
    (tmp_path / "cse_synth" / "generate.py").write_text(
        "from cse_contract import X\n\ndef main():\n    from cse_networks.paths import data_dir\n"
    )
    breaches = boundary_breaches(project_imports(tmp_path))
    assert breaches == [
        "cse_networks/paths.py imports the generator cse_synth",
        "cse_synth/generate.py imports cse_networks: cse_synth may import only {'cse_contract'}",
    ]


def test_the_generator_knows_only_the_contract_and_nothing_imports_it() -> None:
    imports = project_imports(REPO / "python")
    assert GENERATOR in imports and "cse_contract" in {t for t, _ in imports[GENERATOR]}
    assert boundary_breaches(imports) == []
