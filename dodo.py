"""Task index of the catalog build: `doit list` shows the tasks, `doit` builds what is out of date.

Choose other folders with `doit sources=DIR build=DIR` (or PAPERLISTS_SOURCES / PAPERLISTS_BUILD).
`doit strict=1` (or PAPERLISTS_STRICT=1) makes warnings fail the build too, as CI may want.
"""

import os
import sys
from pathlib import Path

from doit import get_var
from doit.reporter import ConsoleReporter
from doit.task import clean_targets

# The folders are settled before pipeline.paths is read, so actions and tasks agree on them.
for _name, _variable in (("sources", "PAPERLISTS_SOURCES"), ("build", "PAPERLISTS_BUILD")):
    if get_var(_name):
        os.environ[_variable] = str(Path(get_var(_name)).resolve())

from pipeline import paths, tasks  # noqa: E402
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
    # "check" comes last: it fails the run when any stage recorded an error.
    "default_tasks": ["parse", "extract", "catalog", "tables", "listing", "plot", "report", "check"],
    "backend": "json",
    "dep_file": str(BUILD / ".doit-db.json"),
    "continue": True,
    # Two workers, like the two cores of a maintainer's laptop: independent tasks (one per source,
    # the four artifacts) run side by side; the outputs are the same bytes either way.
    "num_process": 2,
}

PARSE_CODE = [CODE / name for name in ("parse.py", "crosscheck.py", "problems.py", "files.py", "tasks.py")]
EXTRACT_CODE = [CODE / name for name in ("extract.py", "fields.py", "venues.py", "identifiers.py",
                                         "records.py", "validate.py", "parse.py", "problems.py", "files.py",
                                         "tasks.py")] + [paths.schema("record")]
CATALOG_CODE = [CODE / name for name in ("catalog.py", "decisions.py", "cluster.py", "dedup.py", "identifiers.py",
                                         "manifest.py",
                                         "validate.py", "problems.py", "files.py", "tasks.py",
                                         "__init__.py")] + \
    [paths.schema(name) for name in ("papers", "manifest", "decisions")]
CATALOG = BUILD / "catalog"


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
            "targets": [_ast(source)],
            "clean": True,
        }


def task_extract():
    """Turn each AST into schema-valid records and rejects (build/records/<source>.json)."""
    for source in paths.documents(SOURCES):
        yield {
            "name": paths.source_id(source),
            "actions": [(tasks.extract_source, [_ast(source), _records(source)])],
            "file_dep": [_ast(source), *EXTRACT_CODE],
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
        "file_dep": [CATALOG / "papers.json", *extra, *[CODE / name for name in (*code, "files.py", "tasks.py")]],
        "targets": targets,
        "clean": True,
    }


def task_tables():
    """Write papers.csv, mentions.csv, resources.csv and their datapackage.json."""
    names = ("papers.csv", "mentions.csv", "resources.csv", "datapackage.json")
    return _emit([(tasks.write_tables, [CATALOG / "papers.json", CATALOG])], [CATALOG / name for name in names],
                 ("tables.py",))


def task_listing():
    """Write papers.md, the merged list as GitHub markdown."""
    return _emit([(tasks.write_listing, [CATALOG / "papers.json", CATALOG / "papers.md"])],
                 [CATALOG / "papers.md"], ("listing.py", "document.py", "overlap.py", "parse.py"))


def task_plot():
    """Draw overlap.png, how many papers each pair of lists shares."""
    return _emit([(tasks.write_plot, [CATALOG / "papers.json", CATALOG / "overlap.png"])],
                 [CATALOG / "overlap.png"], ("overlap.py",))


def task_report():
    """Write report.json and report.md: rejects, warnings, conflicts, missing identifiers."""
    records = [_records(source) for source in paths.documents(SOURCES)]
    targets = [CATALOG / "report.json", CATALOG / "report.md"]
    return _emit([(tasks.write_report, [CATALOG / "papers.json", records, *targets])], targets,
                 ("report.py", "document.py", "overlap.py", "parse.py"), records)


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
