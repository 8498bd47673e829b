"""What a finished build recorded (build/catalog/build.json), and the `check` task that reads it.

Kept apart from pipeline/tasks.py because `check` runs on every `doit`, a no-op one included: it
must not pay for importing the stages (pandoc's bindings, mistune, the readers) to count problems.
Like tasks.py, it is a doit action module and prints its one summary line.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from doit.exceptions import TaskFailed

from pipeline import files, paths
from pipeline.paths import CATALOG_PROBLEMS, DECISIONS_NAME, MANIFEST_NAME
from pipeline.problems import Problem, sort_key

#: What the last build recorded (check_build): its inputs, artifacts and problems.
STAMP = "build.json"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def input_digests(sources_dir: Path) -> dict[str, str]:
    """sha256 of everything a build reads: sources, manifest, decisions, pipeline code, schemas, dodo.py."""
    found = {f"sources/{path.name}": path for path in paths.documents(sources_dir)}
    found.update({f"sources/{name}": sources_dir / name for name in (MANIFEST_NAME, DECISIONS_NAME)
                  if (sources_dir / name).exists()})
    found.update({f"pipeline/{path.relative_to(paths.PIPELINE).as_posix()}": path
                  for path in sorted(paths.PIPELINE.rglob("*.py"))})
    found.update({f"schemas/{path.name}": path for path in sorted(paths.SCHEMAS.glob("*.json"))})
    if (paths.ROOT / "dodo.py").exists():
        found["dodo.py"] = paths.ROOT / "dodo.py"
    return {name: files.sha256_file(path) for name, path in sorted(found.items())}


def record_build(records_paths: list[Path], sources_dir: Path, catalog: Path) -> tuple[list[Problem], int]:
    """Record the finished build (inputs, artifacts, errors) in build/catalog/build.json, the release
    guard's reference; return its errors and the number of warnings, as the stages recorded them."""
    problems = [Problem.from_dict(p) for path in records_paths if path.exists()
                for p in files.read_json(path)["problems"]]
    if (catalog / CATALOG_PROBLEMS).exists():
        problems += [Problem.from_dict(p) for p in files.read_json(catalog / CATALOG_PROBLEMS)]
    errors = sorted((p for p in problems if p.severity == "error"), key=sort_key)
    warnings = len(problems) - len(errors)
    stamp = {"inputs": input_digests(sources_dir),
             "artifacts": {path.name: files.sha256_file(path) for path in sorted(catalog.iterdir())
                           if path.is_file() and path.name != STAMP and not path.name.startswith(".")},
             "errors": [str(problem) for problem in errors], "warnings": warnings}
    if not (catalog / STAMP).exists() or files.read_json(catalog / STAMP) != stamp:
        files.write_json(catalog / STAMP, stamp)
    return errors, warnings


def check_build(records_paths: list[Path], sources_dir: Path, catalog: Path, strict: bool) -> Any:
    """The `check` task, run on every `doit`: records the build, prints a one-line summary of its
    problems, and fails the run on an error (or a warning in strict mode), so that a second `doit`
    after a failed one is not green either."""
    errors, warnings = record_build(records_paths, sources_dir, catalog)
    failing = bool(errors) or (strict and warnings > 0)
    if errors or warnings:
        where = errors[0].file if errors and errors[0].line is None else f"{errors[0].file}:{errors[0].line}" \
            if errors else ""
        first = f" (first error: {where}: {errors[0].code})" if errors else ""
        print(f"{'failed' if failing else 'built'}: {plural(len(errors), 'error')}{first}, "
              f"{plural(warnings, 'warning')}{' (strict: warnings fail)' if strict else ''}; "
              f"see {paths.display_path(catalog / 'report.md')}", file=sys.stderr)
    return TaskFailed(f"{plural(len(errors), 'error')}, {plural(warnings, 'warning')}") if failing else True
