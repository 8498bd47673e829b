"""Where sources, schemas and build outputs live: one truth for dodo.py, the CLI and the tests.

The sources and build folders can be moved with the environment variables PAPERLISTS_SOURCES and
PAPERLISTS_BUILD (or ``doit sources=DIR build=DIR``, which dodo.py turns into the same settings).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIPELINE = ROOT / "pipeline"
SCHEMAS = ROOT / "schemas"
#: Beside the sources: what each list is (schemas/manifest.schema.json) and the maintainers'
#: same/different decisions (schemas/decisions.schema.json). Here, not in manifest.py, so that
#: dodo.py can name them without importing jsonschema.
MANIFEST_NAME = "manifest.json"
DECISIONS_NAME = "decisions.json"


#: What the catalog task found wrong (manifest, decisions, conflicts), beside papers.json.
CATALOG_PROBLEMS = "problems.json"
#: build/<this>: the papers of each component of the merge, reused by the next merge (a cache, and a
#: target of the catalog task so that `doit clean` removes it)
PARTS_CACHE = "cache/catalog-parts.json"
#: build/<this>: papers.md's items as pandoc wrote them, reused by the next listing (a cache, and a
#: target of the listing task)
LISTING_CACHE = "cache/listing-items.json"
#: build/<this>: digests of the papers of the last papers.json written, all valid against its schema
#: (a cache, and a target of the catalog task)
VALID_CACHE = "cache/catalog-valid.json"
#: build/<this>: the sha256 of overlap.png by a digest of what it shows, for the next plot to draw
#: only a picture that changed (a cache, and a target of the plot task)
PLOT_CACHE = "cache/overlap-png.json"
#: build/<this>: what the report read of each records file, by the sha256 of the file's bytes (a
#: cache, and a target of the report task)
REPORT_CACHE = "cache/report-parts.json"
#: build/<this>: each part of report.md as pandoc wrote it, by a digest of what it shows (a cache,
#: and a target of the report task)
REPORT_TEXT_CACHE = "cache/report-markdown.json"
#: build/<this>/<sha256>.marshal: each records file decoded, for the next catalog (a cache the
#: catalog task keeps and `doit clean` removes)
RECORDS_CACHE = "cache/records"
CACHES = (PARTS_CACHE, VALID_CACHE, LISTING_CACHE, PLOT_CACHE, REPORT_CACHE, REPORT_TEXT_CACHE)


#: How dodo.py names a file to an action: a string (at a thousand sources, path objects cost a
#: no-op `doit` a tenth of its time, made by dodo.py and turned back into strings by doit), or a Path.
FileArg = str | Path


def sources_dir() -> Path:
    return Path(os.environ.get("PAPERLISTS_SOURCES", ROOT / "sources"))


def build_dir() -> Path:
    return Path(os.environ.get("PAPERLISTS_BUILD", ROOT / "build"))


def document_names(folder: Path) -> list[str]:
    """The file names of every markdown source, sorted so that every run sees them in the same order.

    The names ``Path.glob("*.md")`` gives, listed with os.scandir: dodo.py lists the sources on
    every `doit`, and glob made a path object of every file of the folder (30 ms at a thousand).
    """
    try:
        with os.scandir(folder) as entries:
            return sorted(entry.name for entry in entries if entry.name.endswith(".md"))
    except (FileNotFoundError, NotADirectoryError):
        return []  # as glob finds nothing there


def documents(sources: Path | None = None) -> list[Path]:
    """Every markdown source (``document_names``), as paths."""
    folder = sources or sources_dir()
    return [folder / name for name in document_names(folder)]


def source_id(path: Path | str) -> str:
    """The id of a source is its file name without the suffix, as ``Path.stem`` says (a name is
    enough: dodo.py passes names, to make no path object per source)."""
    name = os.path.basename(path)
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def display_path(path: Path) -> str:
    """The path as problems show it: relative to the project when inside it."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def schema(name: str) -> Path:
    return SCHEMAS / f"{name}.schema.json"
