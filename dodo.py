"""Task index of the catalog build: `doit list` shows the tasks, `doit` builds what is out of date.

Choose other folders with `doit sources=DIR build=DIR` (or PAPERLISTS_SOURCES / PAPERLISTS_BUILD),
and the limits of each source's parse with `doit parse_memory=2G parse_seconds=600` (or
PAPERLISTS_PARSE_MEMORY / PAPERLISTS_PARSE_SECONDS).
`doit strict=1` (or PAPERLISTS_STRICT=1) makes warnings fail the build too, as CI may want.
"""

import os
import sys
from pathlib import Path

from doit import get_var
from doit.reporter import ConsoleReporter
from doit.task import clean_targets
from doit.tools import config_changed

# The folders are settled before pipeline.paths is read, so actions and tasks agree on them.
for _name, _variable in (("sources", "PAPERLISTS_SOURCES"), ("build", "PAPERLISTS_BUILD")):
    if get_var(_name):
        os.environ[_variable] = str(Path(get_var(_name)).resolve())
# The parse limits reach the actions (also in doit's worker processes) through the environment.
for _name, _variable in (("parse_memory", "PAPERLISTS_PARSE_MEMORY"), ("parse_seconds", "PAPERLISTS_PARSE_SECONDS")):
    if get_var(_name):
        os.environ[_variable] = get_var(_name)

from pipeline import deps, paths, tasks  # noqa: E402
from pipeline.manifest import DECISIONS_NAME, MANIFEST_NAME  # noqa: E402

STRICT = (get_var("strict", "") or os.environ.get("PAPERLISTS_STRICT", "")).lower() in ("1", "true", "yes")
SOURCES = paths.sources_dir()
BUILD = paths.build_dir()
CODE = paths.PIPELINE


class StderrReporter(ConsoleReporter):
    """doit's own lines (".  task", failures) on stderr, so that stdout holds only what a task prints
    for the user: `doit diff --json > diff.json` is exactly the JSON."""

    def __init__(self, outstream, options):
        super().__init__(sys.stderr, options)


DOIT_CONFIG = {
    "reporter": StderrReporter,
    # citations, database and webpage: the catalog for reference managers, datasette and a browser.
    # check comes last: it fails the run when any stage recorded an error.
    "default_tasks": ["parse", "extract", "catalog", "tables", "listing", "plot", "report", "citations",
                      "database", "webpage", "check"],
    "backend": "json",
    "dep_file": str(BUILD / ".doit-db.json"),
    "continue": True,
    # Two workers, like the two cores of a maintainer's laptop: independent tasks (one per source,
    # the four artifacts) run side by side; the outputs are the same bytes either way.
    "num_process": 2,
}


def _code(*modules):
    """The files of the named stage modules and all they import (pipeline/deps.py), plus tasks.py,
    whose action runs them: editing any of these re-runs the task."""
    return [*deps.code_of(*modules), CODE / "tasks.py"]


PARSE_CODE = _code("parse", "github", "crosscheck", "prescan", "limits", "files", "paths")
EXTRACT_CODE = _code("extract", "records", "manifest", "limits", "files", "paths") + [paths.schema("record")]
#: A source refused under one limit is read again when the limits change.
LIMITS = {name: os.environ.get(name, "") for name in ("PAPERLISTS_PARSE_MEMORY", "PAPERLISTS_PARSE_SECONDS")}
CATALOG_CODE = _code("catalog", "decisions", "manifest", "validate", "files", "paths") + \
    [paths.schema(name) for name in ("papers", "manifest", "decisions")]
CATALOG = BUILD / "catalog"


def _manifest() -> list[Path]:
    return [SOURCES / MANIFEST_NAME] if (SOURCES / MANIFEST_NAME).exists() else []


def _ast(source: Path) -> Path:
    return BUILD / "ast" / f"{paths.source_id(source)}.json"


def _records(source: Path) -> Path:
    return BUILD / "records" / f"{paths.source_id(source)}.json"


def task_parse():
    """Read each source into a pandoc AST (build/ast/<source>.json) and cross-check it with mistune."""
    for source in paths.documents(SOURCES):
        yield {
            "name": paths.source_id(source),
            "actions": [(tasks.parse_source, [source, _ast(source)])],
            "file_dep": [source, *PARSE_CODE],
            "uptodate": [config_changed(LIMITS)],
            "targets": [_ast(source)],
            "clean": True,
        }


def task_extract():
    """Turn each AST into schema-valid records and rejects (build/records/<source>.json)."""
    for source in paths.documents(SOURCES):
        yield {
            "name": paths.source_id(source),
            # The manifest names the list's upstream (its own links are its table of contents) and
            # the paper it accompanies (its "Ours" row).
            "actions": [(tasks.extract_source, [_ast(source), _records(source), SOURCES / MANIFEST_NAME])],
            "file_dep": [_ast(source), *EXTRACT_CODE, *_manifest()],
            "uptodate": [config_changed(LIMITS)],
            "targets": [_records(source)],
            "clean": True,
        }


def task_catalog():
    """Deduplicate the records of every source into build/catalog/papers.json."""
    records = [_records(source) for source in paths.documents(SOURCES)]
    config = [SOURCES / name for name in (MANIFEST_NAME, DECISIONS_NAME) if (SOURCES / name).exists()]
    return {
        "actions": [(tasks.build_catalog, [records, SOURCES, CATALOG / "papers.json"])],
        "file_dep": [*records, *config, *CATALOG_CODE],
        "targets": [CATALOG / "papers.json", CATALOG / tasks.CATALOG_PROBLEMS],
        # Also the ASTs and records of sources deleted since they were built, which no task names.
        "clean": [clean_targets, (tasks.remove_orphans, [BUILD, SOURCES])],
    }


def _emit(actions, targets, code, extra=()):
    return {
        "actions": actions,
        "file_dep": [CATALOG / "papers.json", *extra, *_code(*code, "files")],
        "targets": targets,
        "clean": True,
    }


def task_tables():
    """Write papers.csv, mentions.csv, resources.csv and their datapackage.json."""
    names = ("papers.csv", "mentions.csv", "resources.csv", "datapackage.json")
    return _emit([(tasks.write_tables, [CATALOG / "papers.json", CATALOG])], [CATALOG / name for name in names],
                 ("tables",))


def task_listing():
    """Write papers.md, the merged list as GitHub markdown."""
    return _emit([(tasks.write_listing, [CATALOG / "papers.json", CATALOG / "papers.md"])],
                 [CATALOG / "papers.md"], ("listing",))


def task_plot():
    """Draw overlap.png, how many papers each pair of lists shares."""
    return _emit([(tasks.write_plot, [CATALOG / "papers.json", CATALOG / "overlap.png"])],
                 [CATALOG / "overlap.png"], ("overlap",))


def task_report():
    """Write report.json and report.md: rejects, warnings, conflicts, missing identifiers."""
    records = [_records(source) for source in paths.documents(SOURCES)]
    targets = [CATALOG / "report.json", CATALOG / "report.md"]
    return _emit([(tasks.write_report, [CATALOG / "papers.json", records, *targets])], targets,
                 ("report",), records)


def task_check():
    """Count the problems every stage recorded: fail on an error (strict=1: on a warning too), every run."""
    return {
        "actions": [(tasks.check_build, [[_records(source) for source in paths.documents(SOURCES)], SOURCES,
                                         CATALOG, STRICT])],
        "task_dep": [name for name in DOIT_CONFIG["default_tasks"] if name != "check"],
        "uptodate": [False],
        "clean": [(_remove, [CATALOG / "build.json"])],
    }


def _remove(path):
    path.unlink(missing_ok=True)


def task_release():
    """Snapshot the built catalog into build/releases/<version>: doit release --version 1.0.0"""
    return {
        "actions": [(tasks.release, [], {"records_paths": [_records(source) for source in paths.documents(SOURCES)],
                                         "sources_dir": SOURCES, "catalog": CATALOG})],
        "params": [{"name": "version", "long": "version", "default": "",
                    "help": "the release's version, e.g. 1.0.0 (releases are never overwritten)"},
                   {"name": "allow_errors", "long": "allow-errors", "type": bool, "default": False,
                    "help": "release a build that had errors, recording them in MANIFEST.json"}],
        "task_dep": [name for name in DOIT_CONFIG["default_tasks"] if name != "check"],
        "uptodate": [False],
        "verbosity": 2,
    }


def task_diff():
    """Show what changed: newest release -> current build, or doit diff --old 1.0.0 --new 1.1.0 (exit as diff(1))"""
    return {
        "actions": [(tasks.diff, [])],
        "params": [{"name": "old", "long": "old", "default": "", "help": "older release (default: the newest)"},
                   {"name": "new", "long": "new", "default": "", "help": "newer release (default: the current build)"},
                   {"name": "as_json", "long": "json", "type": bool, "default": False, "help": "print JSON"},
                   {"name": "moves", "long": "moves", "type": bool, "default": False,
                    "help": "list the mentions that only moved to other lines"},
                   {"name": "ignore", "long": "ignore", "type": list, "default": [],
                    "help": "leave a field out of the comparison (repeatable), e.g. mentions"}],
        "task_dep": ["catalog"],
        "uptodate": [False],
        "verbosity": 2,
    }


def task_citations():
    """Write papers.bib (BibTeX) and papers.csl.json (CSL-JSON) for reference managers."""
    targets = [CATALOG / "papers.bib", CATALOG / "papers.csl.json"]
    return _emit([(tasks.write_citations, [CATALOG / "papers.json", *targets])], targets, ("citations",))


def task_database():
    """Write papers.db (SQLite with full-text search) and metadata.json for datasette."""
    targets = [CATALOG / "papers.db", CATALOG / "metadata.json"]
    return _emit([(tasks.write_database, [CATALOG / "papers.json", *targets])], targets,
                 ("database",))


def task_webpage():
    """Write index.html: every paper on one self-contained page with search and filters."""
    return _emit([(tasks.write_webpage, [CATALOG / "papers.json", CATALOG / "index.html"])], [CATALOG / "index.html"],
                 ("webpage",))
