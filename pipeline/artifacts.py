"""papers.json -> the catalog's artifacts: the doit actions of the seven tasks after the catalog.

Each reads papers.json (the report also the records), calls its pure output module and writes
what it returns atomically; each runs in a child process of its own with the collector paused
(pipeline/tasks.py: in_own_process), so the whole catalog it decodes is given back when it ends.

Each action imports its output module when it runs, not at the top: a doit worker that writes the
tables must not pay for matplotlib, bibtexparser or sqlite-utils too (about a second together).
No cycle is dodged here; pipeline/deps.py counts these imports like any other.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Sequence, cast

from pipeline import files, paths
from pipeline.catalog.shapes import Catalog
from pipeline.paths import FileArg
from pipeline.problems import PipelineError, report, say
from pipeline.caches import read_kept, write_kept
from pipeline.digests import canonical
from pipeline.tasks import code_digest, in_own_process

__all__ = ["write_citations", "write_database", "write_listing", "write_plot", "write_report", "write_tables",
           "write_webpage"]


@in_own_process
def write_tables(catalog_path: Path, folder: Path) -> bool:
    """papers.json -> papers.csv, mentions.csv, resources.csv and datapackage.json."""
    from pipeline.outputs.tables import catalog_tables, datapackage

    catalog: Catalog = files.read_json(catalog_path)
    for name, text in catalog_tables(catalog).items():
        files.write_text(folder / name, text)
    files.write_json(folder / "datapackage.json", datapackage(catalog))
    return True


@in_own_process
def write_listing(catalog_path: Path, target: Path, cache_path: Path) -> bool:
    """papers.json -> papers.md, the merged list for GitHub.

    Each paper's item as pandoc wrote it is kept in ``cache_path`` (build/cache/listing-items.json,
    with a digest of the code and pandoc that wrote them) for the next build, which renders only
    the items an edit changed: a cache, never a dependency of any task.
    """
    from pipeline.outputs.listing import render_listing

    def make() -> str:
        code, known = _kept_texts(cache_path, "outputs.listing", "items")
        listing = render_listing(files.read_json(catalog_path), known, paths.display_path(target))
        write_kept(cache_path, code, "items", listing.items)
        return listing.text

    return _render(make, target)


@in_own_process
def write_plot(catalog_path: Path, target: Path, cache_path: Path) -> bool:
    """papers.json -> overlap.png, the heatmap of shared papers.

    The picture is drawn only when what it shows changed: ``cache_path`` (build/cache/overlap-png.json)
    keeps, under the code and the versions of what draws it, the sha256 of the picture last written
    by the sha256 of what it shows (the thirty largest lists and their counts, which an edit seldom
    changes). Drawing took 3 of the task's 6 s at 1,000 lists, matplotlib's import and text layout.
    """
    from pipeline.outputs.overlap import heatmap_png, overlap_counts, plotted_overlap

    shown = plotted_overlap(overlap_counts(files.read_json(catalog_path)))
    key = files.sha256_bytes(canonical(shown))
    code = f"{code_digest('outputs.overlap')} {_versions('matplotlib', 'pillow', 'numpy')} python {sys.version}"
    drawn = read_kept(cache_path, code, "pictures").get(key)
    try:
        unchanged = drawn is not None and files.sha256_file(target) == drawn
    except OSError:  # no picture yet, or none that can be read
        unchanged = False
    if not unchanged:
        picture = heatmap_png(shown)
        files.write_bytes(target, picture)
        write_kept(cache_path, code, "pictures", {key: files.sha256_bytes(picture)})
    return True


def _versions(*distributions: str) -> str:
    """The installed versions of ``distributions`` (read from their metadata, without importing them)."""
    from importlib.metadata import version

    return " ".join(f"{name} {version(name)}" for name in distributions)


@in_own_process
def write_report(catalog_path: Path, records_paths: Sequence[FileArg], json_target: Path, md_target: Path,
                 cache_path: Path, text_cache_path: Path) -> bool:
    """papers.json + records -> report.json and report.md.

    What the report reads of each records file is kept in ``cache_path`` (build/cache/report-parts.json)
    by the sha256 of the file's bytes: the next report decodes only the files an edit rewrote (reading
    and hashing 1,000 files took 0.4 s, decoding them 1.8 s). Each part of report.md as pandoc wrote it
    is kept in ``text_cache_path`` (build/cache/report-markdown.json), for the next report to render
    only the parts that changed. Caches, never a dependency of any task, and the same bytes for the
    same inputs wherever the build is.
    """
    from pipeline.outputs.report import ReportInput, build_report, render_report, report_part

    code = code_digest("outputs.report", "artifacts")  # what a part holds is read here and in the report
    kept = read_kept(cache_path, code, "parts")
    parts: list[ReportInput] = []
    keep: dict[str, ReportInput] = {}
    for path in map(Path, records_paths):
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            continue
        digest = files.sha256_bytes(data)
        part = kept.get(digest)
        parts.append(cast(ReportInput, part) if isinstance(part, dict) else report_part(files.loads(data)))
        keep[digest] = parts[-1]
    report = build_report(files.read_json(catalog_path), parts)
    write_kept(cache_path, code, "parts", keep)
    files.write_json(json_target, report)
    summary = report["summary"]
    say(f"{paths.display_path(md_target)}: {summary['records']} records, {summary['rejects']} rejects, "
        f"{summary['conflicts']} conflicts, {summary['papers_without_identifier']} papers without "
        f"identifier")

    def make() -> str:
        text_code, known = _kept_texts(text_cache_path, "outputs.report", "parts")
        text, parts = render_report(report, known, paths.display_path(md_target))
        write_kept(text_cache_path, text_code, "parts", parts)
        return text

    return _render(make, md_target)


def _kept_texts(cache_path: Path, module: str, field: str) -> tuple[str, dict[str, str]]:
    """The code that markdown rendered by ``module`` through pandoc is kept under (the module's code
    and pandoc's version), and the texts kept in ``cache_path`` under it."""
    from pipeline.pandoc import pandoc_version

    code = f"{code_digest(module)} {pandoc_version()}"
    return code, {key: text for key, text in read_kept(cache_path, code, field).items() if isinstance(text, str)}


def _render(make: Callable[[], str], target: Path) -> bool:
    try:
        files.write_text(target, make())
    except PipelineError as error:
        report([error.problem])
        return False
    return True


@in_own_process
def write_citations(catalog_path: Path, bib_target: Path, csl_target: Path) -> bool:
    """papers.json -> papers.bib (BibTeX) and papers.csl.json (CSL-JSON), with the same citation keys."""
    from pipeline.outputs.citations import citation_keys, papers_bibtex, papers_csl

    catalog: Catalog = files.read_json(catalog_path)
    keys = citation_keys(catalog["papers"])
    files.write_text(bib_target, papers_bibtex(catalog, keys))
    files.write_json(csl_target, papers_csl(catalog, keys))
    return True


@in_own_process
def write_database(catalog_path: Path, db_target: Path, metadata_target: Path) -> bool:
    """papers.json -> papers.db (SQLite, for datasette) and its metadata.json."""
    from pipeline.outputs.database import catalog_database, datasette_metadata

    catalog: Catalog = files.read_json(catalog_path)
    files.write_bytes(db_target, catalog_database(catalog))
    files.write_json(metadata_target, datasette_metadata(catalog))
    return True


@in_own_process
def write_webpage(catalog_path: Path, target: Path) -> bool:
    """papers.json -> index.html, the searchable page."""
    from pipeline.outputs.webpage import index_html

    files.write_text(target, index_html(files.read_json(catalog_path)))
    return True
