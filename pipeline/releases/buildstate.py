"""What a finished build recorded (build/catalog/build.json), and the `check` task that reads it.

Kept apart from pipeline/tasks.py because `check`'s up-to-date test runs on every `doit`, a no-op
one included, in doit's own process: it must not pay for importing the stages (pandoc's bindings,
mistune, the readers) to compare file times.
Like tasks.py, it is a doit action module and prints its one summary line.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any, Sequence

from doit.exceptions import TaskFailed

from pipeline import files, paths
from pipeline.paths import CATALOG_PROBLEMS, DECISIONS_NAME, MANIFEST_NAME, FileArg
from pipeline.problems import Problem, plural, say, sort_key

#: What the last build recorded (check_build): its inputs, artifacts and problems.
STAMP = "build.json"


#: Beside build.json (a dot file, so never an artifact): what the last `check` learnt of each file
#: it read, by size and time, so that a no-op run reads and hashes only the files that changed.
CACHE = ".check-cache.json"


class _Files:
    """sha256 digests and records-file problems, read again only for files whose size or time changed
    since the cache was written (doit trusts the same signature for its inputs)."""

    def __init__(self, cached: dict[str, Any]) -> None:
        self.cached = cached
        self.seen: dict[str, Any] = {}

    def _entry(self, path: FileArg, with_problems: bool) -> dict[str, Any]:
        signature = _signature(path)
        entry = self.cached.get(str(path))
        if entry is None or entry["stat"] != signature or (with_problems and "problems" not in entry):
            data = Path(path).read_bytes()
            entry = {"stat": signature, "sha256": files.sha256_bytes(data)}
            if with_problems:
                problems = json.loads(data)["problems"]
                entry["problems"] = [p for p in problems if Problem.from_dict(p).severity == "error"]
                entry["warnings"] = len(problems) - len(entry["problems"])
        self.seen[str(path)] = entry
        return entry

    def sha256(self, path: FileArg) -> str:
        digest: str = self._entry(path, False)["sha256"]
        return digest

    def problems(self, path: FileArg) -> tuple[list[Problem], int]:
        """The errors of one records file, and its number of warnings."""
        entry = self._entry(path, True)
        return [Problem.from_dict(p) for p in entry["problems"]], entry["warnings"]


def _signature(path: FileArg) -> list[int]:
    """What the cache knows a file by: its time and size (doit trusts the same for its inputs)."""
    stat = os.stat(path)
    return [stat.st_mtime_ns, stat.st_size]


def _read_cache(catalog: Path) -> dict[str, Any]:
    try:
        cached = files.read_json(catalog / CACHE)
    except (OSError, ValueError):
        return {}
    return cached if isinstance(cached, dict) else {}


def input_paths(sources_dir: Path) -> dict[str, str]:
    """Everything a build reads, by the name build.json gives it: sources, manifest, decisions,
    pipeline code, schemas, dodo.py. Named by strings: the check's up-to-date test stats them all
    on every `doit` (a thousand sources: a path object each cost more than the stat)."""
    found = {f"sources/{name}": f"{sources_dir}/{name}" for name in paths.document_names(sources_dir)}
    found.update({f"sources/{name}": str(sources_dir / name) for name in (MANIFEST_NAME, DECISIONS_NAME)
                  if (sources_dir / name).exists()})
    found.update({f"pipeline/{path.relative_to(paths.PIPELINE).as_posix()}": str(path)
                  for path in paths.PIPELINE.rglob("*.py")})
    found.update({f"schemas/{path.name}": str(path) for path in paths.SCHEMAS.glob("*.json")})
    if (paths.ROOT / "dodo.py").exists():
        found["dodo.py"] = str(paths.ROOT / "dodo.py")
    return dict(sorted(found.items()))


def input_digests(sources_dir: Path, known: _Files | None = None) -> dict[str, str]:
    """sha256 of everything a build reads (``input_paths``)."""
    digest = files.sha256_file if known is None else known.sha256
    return {name: digest(path) for name, path in input_paths(sources_dir).items()}


def _artifact_paths(catalog: Path) -> dict[str, Path]:
    """The catalog's artifacts, by name: its files but build.json and the dot files (caches)."""
    return {path.name: path for path in sorted(catalog.iterdir())
            if path.is_file() and path.name != STAMP and not path.name.startswith(".")}


def record_build(records_paths: Sequence[FileArg], sources_dir: Path, catalog: Path) -> tuple[list[Problem], int]:
    """Record the finished build (inputs, artifacts, errors) in build/catalog/build.json, the release
    guard's reference; return its errors and the number of warnings, as the stages recorded them."""
    known = _Files(_read_cache(catalog))
    errors: list[Problem] = []
    warnings = 0
    for path in records_paths:
        if os.path.exists(path):
            found, warned = known.problems(path)
            errors += found
            warnings += warned
    if (catalog / CATALOG_PROBLEMS).exists():
        problems = [Problem.from_dict(p) for p in files.read_json(catalog / CATALOG_PROBLEMS)]
        errors += [p for p in problems if p.severity == "error"]
        warnings += sum(p.severity != "error" for p in problems)
    errors.sort(key=sort_key)
    stamp = {"inputs": input_digests(sources_dir, known),
             "artifacts": {name: known.sha256(path) for name, path in _artifact_paths(catalog).items()},
             "errors": [str(problem) for problem in errors], "warnings": warnings}
    if not (catalog / STAMP).exists() or files.read_json(catalog / STAMP) != stamp:
        files.write_json(catalog / STAMP, stamp)
    if known.seen != known.cached:
        files.write_json(catalog / CACHE, known.seen, compact=True)
    return errors, warnings


def check_build(records_paths: Sequence[FileArg], sources_dir: Path, catalog: Path, strict: bool) -> Any:
    """The `check` task, run after any task ran and after a failed check: records the build, prints
    a one-line summary of its problems, and fails the run on an error (or a warning in strict mode),
    so that a second `doit` after a failed one is not green either."""
    errors, warnings = record_build(records_paths, sources_dir, catalog)
    failing = bool(errors) or (strict and warnings > 0)
    if errors or warnings:
        where = errors[0].file if errors and errors[0].line is None else f"{errors[0].file}:{errors[0].line}" \
            if errors else ""
        first = f" (first error: {where}: {errors[0].code})" if errors else ""
        say(f"{'failed' if failing else 'built'}: {plural(len(errors), 'error')}{first}, "
            f"{plural(warnings, 'warning')}{' (strict: warnings fail)' if strict else ''}; "
            f"see {paths.display_path(catalog / 'report.md')}")
    return TaskFailed(f"{plural(len(errors), 'error')}, {plural(warnings, 'warning')}") if failing else True


def build_is_checked(records_paths: Sequence[FileArg], sources_dir: Path, catalog: Path, strict: bool) -> bool:
    """doit's up-to-date test of `check`: the last check passed, and every file it read (records,
    inputs, artifacts) still has the size and time it had then, with none added or removed. The
    check would then record and print what it did last time, so a no-op `doit` runs nothing; a
    check that failed is never up to date, so the run after a failed one fails again."""
    try:
        stamp = files.read_json(catalog / STAMP)
    except (OSError, ValueError):
        return False
    if not isinstance(stamp, dict) or stamp.get("errors") != [] or (strict and stamp.get("warnings") != 0):
        return False
    cached = _read_cache(catalog)
    read: dict[str, list[int]] = {}
    try:
        for path in map(str, records_paths):
            with contextlib.suppress(FileNotFoundError):  # a source with no records file: nothing read
                read[path] = _signature(path)
        for path in [*input_paths(sources_dir).values(), *map(str, _artifact_paths(catalog).values())]:
            read[path] = _signature(path)
        return read.keys() == cached.keys() and all(cached[path].get("stat") == stat for path, stat in read.items())
    except (OSError, AttributeError):  # a file gone meanwhile, a cache entry that is not a dict
        return False


def forget_build(catalog: Path) -> None:
    """`doit clean` of the check task: what it recorded goes with the build."""
    for name in (STAMP, CACHE):
        (catalog / name).unlink(missing_ok=True)
