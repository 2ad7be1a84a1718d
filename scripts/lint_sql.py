"""sqlfluff over the project's SQL, relinting only the files whose verdict can have changed.

``python scripts/lint_sql.py models tests analyses macros`` is ``sqlfluff lint`` of
those folders (same config, same ignore file, same rules), except that a file which
linted clean before, with the same text and the same inputs that shape every
file's verdict (the macros the templater loads, ``.sqlfluff``, ``.sqlfluffignore``,
the sqlfluff version), is not linted again. The clean verdicts live in
``.local/sqlfluff-clean.json`` (never committed): a clean clone, as in CI, lints
every file; a developer's second ``make test-fast`` lints what they changed.
``--all`` ignores the record. Exit status 1 when any file has a violation.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RECORD = REPO / ".local" / "sqlfluff-clean.json"
# What shapes every file's verdict besides its own text.
SHARED_INPUTS = [
    ".sqlfluff",
    ".sqlfluffignore",
    "pyproject.toml",
    "macros",
    "dbt_project.yml",  # its vars, rendered into every file by the lint library
    "scripts/sqlfluff_dbt",  # the lint-only templater library .sqlfluff loads
]


def _digest(paths: list[Path]) -> str:
    sha = hashlib.sha256()
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.exists():
                sha.update(str(file.relative_to(REPO)).encode())
                sha.update(file.read_bytes())
    return sha.hexdigest()


def _shared_key() -> str:
    import sqlfluff

    return f"{sqlfluff.__version__}:{_digest([REPO / p for p in SHARED_INPUTS])}"


def _file_key(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sql_files(folders: list[str]) -> list[Path]:
    """The .sql files sqlfluff would lint in ``folders`` (its ignore files applied)."""
    from sqlfluff.core.linter.discovery import paths_from_path

    found: set[Path] = set()
    for folder in folders:
        found.update(Path(p).resolve() for p in paths_from_path(folder, working_path=str(REPO)))
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--all", action="store_true", help="lint every file (ignore the record)")
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args(argv)

    from sqlfluff.core import FluffConfig, Linter

    shared = _shared_key()
    record: dict = {}
    if RECORD.exists() and not args.all:
        record = json.loads(RECORD.read_text())
        if record.get("shared") != shared:
            record = {}
    clean: dict[str, str] = record.get("clean", {})
    files = _sql_files(args.folders)
    keys = {str(p.relative_to(REPO)): _file_key(p) for p in files}
    todo = [name for name, key in keys.items() if clean.get(name) != key]
    unchanged = len(files) - len(todo)
    print(f"sqlfluff: {len(todo)} of {len(files)} files to lint ({unchanged} unchanged, clean)")

    failed = 0
    if todo:
        linter = Linter(config=FluffConfig.from_root(overrides={"processes": args.processes}))
        result = linter.lint_paths(tuple(todo), processes=args.processes)
        for file in result.as_records():
            name = str(Path(file["filepath"]).resolve().relative_to(REPO))
            violations = file["violations"]
            if not violations:
                clean[name] = keys[name]
                continue
            clean.pop(name, None)
            failed += 1
            print(f"== [{name}] FAIL")
            for v in violations:
                where = f"L:{v['start_line_no']:4d} | P:{v['start_line_pos']:4d}"
                print(f"{where} | {v['code']} | {v['description']}")
    RECORD.parent.mkdir(parents=True, exist_ok=True)
    clean = {name: key for name, key in clean.items() if name in keys}
    RECORD.write_text(json.dumps({"shared": shared, "clean": clean}, indent=1, sort_keys=True))
    print(f"sqlfluff: {failed} file(s) with violations" if failed else "sqlfluff: all clean")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
