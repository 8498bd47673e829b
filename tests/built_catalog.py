"""Every artifact of build/catalog, made in memory from the five real sources once per test session.

The stages run as the doit actions run them (pipeline/tasks.py), without doit and without files:
decode, prescan, GitHub's view, pandoc and the cross-check per source; records; the merge with
sources/manifest.json and sources/decisions.json; then each emitter. Every stage after the catalog
reads it through a JSON round trip, as the build reads papers.json. The texts are the files' bytes,
so the golden tests compare whole files (tests/test_golden_catalog.py).
"""

import functools
import json
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pytest

from pipeline import files, paths
from pipeline.catalog.build import build_catalog
from pipeline.outputs.citations import papers_bibtex, papers_csl
from pipeline.read.crosscheck import crosscheck
from pipeline.outputs.database import catalog_database, datasette_metadata
from pipeline.read.github import github_view
from pipeline.outputs.listing import papers_markdown
from pipeline.manifest import DECISIONS_NAME, MANIFEST_NAME, resolve_sources, upstream_of
from pipeline.outputs.overlap import overlap_counts, overlap_png
from pipeline.read.parse import decode_source, parse_markdown
from pipeline.read.prescan import prescan
from pipeline.problems import Problem, sort_key
from pipeline.records.build import build_records
from pipeline.outputs.report import build_report, report_markdown
from pipeline.outputs.tables import catalog_tables, datapackage
from pipeline.outputs.webpage import index_html
from tests.catalog_fixture import SOURCES, own_paper

# The paths the build shows in papers.md and report.md (paths.display_path of its targets).
SHOWN_FOLDER = "build/catalog"


def records_file(source_id: str, data: bytes) -> dict[str, Any]:
    """build/records/<id>.json of a source whose bytes are ``data``: records with the problems of
    decoding, prescan and cross-check first, as the parse and extract tasks write them."""
    shown = f"sources/{source_id}.md"
    text, problems = decode_source(data, shown)
    problems += prescan(text, shown, len(data))
    view = github_view(text)
    ast = parse_markdown(text, shown, view)
    problems += crosscheck(text, ast, shown)
    manifest = files.read_json(SOURCES / MANIFEST_NAME)
    result = build_records(ast, {"id": source_id, "path": shown, "sha256": files.sha256_bytes(data)}, view,
                           paper=own_paper(source_id), upstream=upstream_of(manifest, source_id))
    found = [Problem.from_dict(problem) for problem in result["problems"]]
    result["problems"] = [problem.to_dict() for problem in sorted(problems + found, key=sort_key)]
    return json.loads(files.dumps(result))


def merged(records_files: list[dict[str, Any]]) -> dict[str, Any]:
    """papers.json of these records files with the real manifest and decisions (no problems allowed)."""
    manifest = files.read_json(SOURCES / MANIFEST_NAME)
    decisions = files.read_json(SOURCES / DECISIONS_NAME)
    sources, problems = resolve_sources(manifest, [path.name for path in paths.documents(SOURCES)],
                                        f"sources/{MANIFEST_NAME}")
    assert problems == []
    catalog, problems = build_catalog(records_files, sources, decisions, f"sources/{DECISIONS_NAME}")
    assert problems == []
    return json.loads(files.dumps(catalog))


def database_dump(data: bytes) -> str:
    """papers.db as text: each table's schema and rows in rowid order, and what the full-text index
    finds for one word. The file's bytes hold page layout, and the index's own tables (papers_fts_*)
    sqlite's internal format, which say nothing about the content and may change with sqlite."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "papers.db"
        path.write_bytes(data)
        connection = sqlite3.connect(path)
        try:
            schema = connection.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
                                        "ORDER BY type, name").fetchall()
            virtual = [name for _type, name, sql in schema if sql.startswith("CREATE VIRTUAL TABLE")]
            lines = []
            for kind, name, sql in schema:
                if any(name.startswith(f"{table}_") for table in virtual):
                    continue
                lines.append(f"{sql};")
                if kind == "table":
                    for row in connection.execute(f'SELECT rowid, * FROM "{name}" ORDER BY rowid'):
                        lines.append(f"{name}\t" + "\t".join(json.dumps(value, ensure_ascii=False) for value in row))
            for table in virtual:
                found = connection.execute(f'SELECT rowid FROM "{table}" WHERE "{table}" MATCH ? ORDER BY rowid',
                                           ("graph",)).fetchall()
                lines.append(f"{table} MATCH 'graph': rowids {[row[0] for row in found]}")
            return "\n".join(lines) + "\n"
        finally:
            connection.close()


@functools.cache
def real_records_files() -> tuple[dict[str, Any], ...]:
    return tuple(records_file(path.stem, path.read_bytes()) for path in paths.documents(SOURCES))


@functools.cache
def artifacts() -> dict[str, Any]:
    """{file name in build/catalog: its text (bytes for overlap.png and papers.db)}."""
    records = list(real_records_files())
    catalog = merged(records)
    report = build_report(catalog, records)
    found: dict[str, Any] = {"papers.json": files.dumps(catalog)}
    found.update(catalog_tables(catalog))
    found["datapackage.json"] = files.dumps(datapackage(catalog))
    found["papers.md"] = papers_markdown(catalog, f"{SHOWN_FOLDER}/papers.md")
    found["report.json"] = files.dumps(report)
    found["report.md"] = report_markdown(report, f"{SHOWN_FOLDER}/report.md")
    found["papers.bib"] = papers_bibtex(catalog)
    found["papers.csl.json"] = files.dumps(papers_csl(catalog))
    found["index.html"] = index_html(catalog)
    found["metadata.json"] = files.dumps(datasette_metadata(catalog))
    found["overlap.png"] = overlap_png(overlap_counts(catalog))
    found["papers.db"] = catalog_database(catalog)
    return found


@pytest.fixture(scope="session")
def built() -> dict[str, Any]:
    """The artifacts of the real sources, built once per session (import this fixture to use it)."""
    return artifacts()


@pytest.fixture(scope="session")
def built_catalog(built: dict[str, Any]) -> dict[str, Any]:
    """papers.json of the real sources, parsed (callers must not change it)."""
    return json.loads(built["papers.json"])
