"""The sources manifest (sources/manifest.json): what each list is, where it came from, and which
older snapshots a newer one supersedes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.paths import DECISIONS_NAME, MANIFEST_NAME
from pipeline.problems import Problem
from pipeline.validate import schema_problems

__all__ = ["DECISIONS_NAME", "MANIFEST_NAME", "default_entry", "resolve_sources"]
SourceInfo = dict[str, Any]


def default_entry(file_name: str) -> SourceInfo:
    """What a source without a manifest entry is taken to be."""
    stem = Path(file_name).stem
    return {"id": stem, "title": stem, "upstream": None, "commit": None,
            "date": None, "language": "und", "superseded_by": None}


def resolve_sources(manifest: dict[str, Any] | None, files: list[str],
                    manifest_path: str) -> tuple[list[SourceInfo], list[Problem]]:
    """Match the manifest with the markdown files present, sorted by id.

    Files without an entry get defaults and a warning; entries without a file, duplicate ids and
    ``superseded_by`` naming no source are errors. The manifest may be absent (None).
    """
    problems: list[Problem] = []
    entries: list[SourceInfo] = []
    if manifest is not None:
        invalid = schema_problems(manifest, "manifest", manifest_path, None, code="manifest-invalid")
        if invalid:
            return [default_entry(name) for name in sorted(files)], invalid
        entries = list(manifest["sources"])
    by_file = {f"{entry['id']}.md": entry for entry in entries}
    seen_ids: set[str] = set()
    for entry in entries:
        if entry["id"] in seen_ids:
            problems.append(Problem(manifest_path, None, "manifest-invalid",
                                    f"expected unique source ids, found {entry['id']!r} twice"))
        seen_ids.add(entry["id"])
        if f"{entry['id']}.md" not in files:
            problems.append(Problem(manifest_path, None, "manifest-missing-file",
                                    f"source {entry['id']!r} expects the file {entry['id']}.md, which "
                                    f"is not in the sources folder (found: {', '.join(sorted(files)) or 'none'})"))
    sources = [entry for entry in entries if f"{entry['id']}.md" in files]
    for name in sorted(files):
        if name not in by_file:
            problems.append(Problem(name, None, "not-in-manifest",
                                    f"expected an entry for {name!r} in {manifest_path}; using "
                                    f"id {Path(name).stem!r} and no upstream"))
            sources.append(default_entry(name))
    ids = {source["id"] for source in sources}
    for source in sources:
        newer = source.get("superseded_by")
        if newer is not None and newer not in ids:
            problems.append(Problem(manifest_path, None, "manifest-invalid",
                                    f"source {source['id']!r} is superseded_by {newer!r}, which is "
                                    f"not a source (expected one of {sorted(ids)})"))
    return sorted(sources, key=lambda source: source["id"]), problems
