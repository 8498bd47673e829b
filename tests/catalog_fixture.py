"""Build the catalog of the real sources in memory, once per test session."""

import functools
import json
from dataclasses import dataclass
from typing import Any

from pipeline import files, paths
from pipeline.catalog.build import build_catalog
from pipeline.manifest import accompanied_paper, entry_of, resolve_sources, upstream_of
from pipeline.read.github import github_view
from pipeline.read.parse import decode_source, parse_markdown
from pipeline.problems import Problem
from pipeline.records.build import build_records

SOURCES = paths.ROOT / "sources"


@functools.cache
def own_paper(source_id: str) -> dict[str, str] | None:
    """The paper the manifest says a real source accompanies (its "Ours" row), or None."""
    return accompanied_paper(entry_of(files.read_json(SOURCES / "manifest.json"), source_id))


@dataclass(frozen=True)
class Reading:
    """What the first stages make of a source's bytes: its text, the problems of decoding it, the pandoc
    AST and the records (with their rejects, problems and counts)."""

    text: str
    decode_problems: list[Problem]
    ast: Any
    records: dict[str, Any]


@functools.lru_cache(maxsize=16)
def read_source(source_id: str, data: bytes) -> Reading:
    """A real source read from ``data`` (its bytes as they are, or as an upstream edit made them) as the
    build reads it, with its manifest entry. The last few readings are kept: several tests read the
    same edit (a badge on top of a list, the list as it is). Callers must not change what they get."""
    shown = f"sources/{source_id}.md"
    text, problems = decode_source(data, shown)
    view = github_view(text)
    ast = parse_markdown(text, shown, view)
    return Reading(text, problems, ast, build_records(
        ast, {"id": source_id, "path": shown, "sha256": files.sha256_bytes(data)}, view,
        paper=own_paper(source_id), upstream=upstream_of(files.read_json(SOURCES / "manifest.json"), source_id)))


def source_records(source_id: str, data: bytes) -> tuple[dict[str, Any], list[Problem]]:
    """A real source's records from ``data``, and the problems of decoding it."""
    reading = read_source(source_id, data)
    return reading.records, reading.decode_problems


@functools.cache
def real_reading(source_id: str) -> Reading:
    """A real source as it is in sources/, read once per test session (pandoc is most of a test run's
    time otherwise): the golden records, the catalog, the cross-check and the kind audit share it.
    Callers must not change what they get."""
    return read_source(source_id, (SOURCES / f"{source_id}.md").read_bytes())


def real_records() -> tuple[dict[str, Any], ...]:
    return tuple(real_reading(source.stem).records for source in paths.documents(SOURCES))


def real_catalog(records: list[dict[str, Any]] | None = None, decisions: Any = "default") -> dict[str, Any]:
    manifest = json.loads((SOURCES / "manifest.json").read_text(encoding="utf-8"))
    if decisions == "default":
        decisions = json.loads((SOURCES / "decisions.json").read_text(encoding="utf-8"))
    sources, problems = resolve_sources(manifest, [p.name for p in paths.documents(SOURCES)], "manifest.json")
    assert problems == []
    catalog, problems = build_catalog(list(records if records is not None else real_records()), sources, decisions)
    assert problems == []
    return catalog
