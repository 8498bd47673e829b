"""Build the catalog of the real sources in memory, once per test session."""

import functools
import json
from typing import Any

from pipeline import files, paths
from pipeline.catalog import build_catalog
from pipeline.manifest import accompanied_paper, resolve_sources, upstream_of
from pipeline.github import github_view
from pipeline.parse import decode_source, parse_markdown
from pipeline.records import build_records

SOURCES = paths.ROOT / "sources"


@functools.cache
def own_paper(source_id: str) -> dict[str, str] | None:
    """The paper the manifest says a real source accompanies (its "Ours" row), or None."""
    manifest = json.loads((SOURCES / "manifest.json").read_text(encoding="utf-8"))
    return accompanied_paper(next((entry for entry in manifest["sources"] if entry["id"] == source_id), None))


@functools.cache
def real_records() -> tuple[dict[str, Any], ...]:
    out = []
    manifest = files.read_json(SOURCES / "manifest.json")
    for source in paths.documents(SOURCES):
        data = source.read_bytes()
        text, _problems = decode_source(data, paths.display_path(source))
        view = github_view(text)
        ast = parse_markdown(text, paths.display_path(source), view)
        out.append(build_records(ast, {"id": source.stem, "path": paths.display_path(source),
                                       "sha256": files.sha256_bytes(data)}, view, own_paper(source.stem),
                                 upstream_of(manifest, source.stem)))
    return tuple(out)


def real_catalog(records: list[dict[str, Any]] | None = None, decisions: Any = "default") -> dict[str, Any]:
    manifest = json.loads((SOURCES / "manifest.json").read_text(encoding="utf-8"))
    if decisions == "default":
        decisions = json.loads((SOURCES / "decisions.json").read_text(encoding="utf-8"))
    sources, problems = resolve_sources(manifest, [p.name for p in paths.documents(SOURCES)], "manifest.json")
    assert problems == []
    catalog, problems = build_catalog(list(records if records is not None else real_records()), sources, decisions)
    assert problems == []
    return catalog
