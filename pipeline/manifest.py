"""The sources manifest (sources/manifest.json): what each list is, where it came from, and which
older snapshots a newer one supersedes; read here, and only here, for every stage that needs it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline import files, paths
from pipeline.paths import DECISIONS_NAME, MANIFEST_NAME
from pipeline.problems import Problem
from pipeline.validate import schema_problems

__all__ = ["DECISIONS_NAME", "MANIFEST_NAME", "default_entry", "manifest_entry", "read_config", "resolve_sources"]
SourceInfo = dict[str, Any]


def default_entry(file_name: str) -> SourceInfo:
    """What a source without a manifest entry is taken to be."""
    stem = Path(file_name).stem
    return {"id": stem, "title": stem, "upstream": None, "commit": None,
            "date": None, "language": "und", "superseded_by": None}


def accompanied_paper(entry: SourceInfo | None) -> dict[str, str] | None:
    """The paper a list accompanies, from its manifest entry's ``paper``: {"title", "url"}, the title
    being the entry's (a survey's list is named after it), or None.

    >>> accompanied_paper({"title": "A Survey", "paper": "arXiv:2410.19744"})
    {'title': 'A Survey', 'url': 'https://arxiv.org/abs/2410.19744'}
    >>> accompanied_paper({"title": "A Survey", "paper": "10.1145/3626772.3657865"})["url"]
    'https://doi.org/10.1145/3626772.3657865'
    """
    paper = (entry or {}).get("paper")
    if not paper or entry is None:
        return None
    if paper.startswith("arXiv:"):
        return {"title": entry["title"], "url": f"https://arxiv.org/abs/{paper.removeprefix('arXiv:')}"}
    return {"title": entry["title"], "url": f"https://doi.org/{paper}"}


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


def entry_of(manifest: Any, source_id: str) -> SourceInfo | None:
    """A source's manifest entry, or None (no manifest, no entry, or not a manifest: the catalog task
    reports invalid manifests; extraction only needs where a list lives and the paper it accompanies)."""
    entries = manifest.get("sources") if isinstance(manifest, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and entry.get("id") == source_id:
            return entry
    return None


def upstream_of(manifest: Any, source_id: str) -> str | None:
    """The manifest's ``upstream`` URL for a source, or None."""
    upstream = (entry_of(manifest, source_id) or {}).get("upstream")
    return upstream if isinstance(upstream, str) else None


def read_config(path: Path, code: str, what: str) -> tuple[Any, list[Problem]]:
    """A JSON file beside the sources (the manifest, the decisions): None and no problem when it is
    absent; None and a ``code`` problem naming line and column when it is not JSON (``what`` says
    what was expected, e.g. "a JSON manifest")."""
    if not path.exists():
        return None, []
    try:
        return files.read_json(path), []
    except (OSError, ValueError) as error:
        return None, [Problem(paths.display_path(path), getattr(error, "lineno", None), code,
                              f"expected {what}, found: {error}")]


def manifest_entry(manifest_path: Path | None, source_id: str) -> SourceInfo | None:
    """A source's entry in the manifest at ``manifest_path``; None when the manifest is absent or
    unreadable (the catalog task reports a broken manifest; extraction only loses the list's upstream
    and paper)."""
    if manifest_path is None:
        return None
    manifest, _problems = read_config(manifest_path, "manifest-invalid", "a JSON manifest")
    return dict(entry_of(manifest, source_id) or {}) or None
