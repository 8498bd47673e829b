"""Task index of the catalog build: `doit list` shows the tasks, `doit` builds what is out of date.

Choose other folders with `doit sources=DIR build=DIR` (or PAPERLISTS_SOURCES / PAPERLISTS_BUILD).
"""

import os
import time
from pathlib import Path

from doit import get_var
from doit.reporter import ConsoleReporter

# The folders are settled before pipeline.paths is read, so actions and tasks agree on them.
for _name, _variable in (("sources", "PAPERLISTS_SOURCES"), ("build", "PAPERLISTS_BUILD")):
    if get_var(_name):
        os.environ[_variable] = str(Path(get_var(_name)).resolve())

# Only light modules here: a no-op `doit` must not pay for the stages' imports (pipeline/lazy.py).
from pipeline import paths  # noqa: E402
from pipeline.lazy import Action  # noqa: E402
from pipeline.paths import DECISIONS_NAME, MANIFEST_NAME  # noqa: E402
from pipeline.progress import COMPACT_ABOVE, Progress, reachable  # noqa: E402

SOURCES = paths.sources_dir()
BUILD = paths.build_dir()
CODE = paths.PIPELINE


class BuildReporter(ConsoleReporter):
    """doit's console lines for a small build; for a large one (more than COMPACT_ABOVE tasks), the
    global tasks' lines, failures, and every few seconds how many tasks are done and the time left.
    Warnings and errors go to stderr from the tasks themselves and stay visible either way."""

    desc = "console output, a progress line every few seconds for large builds"
    progress: Progress | None = None
    counted: frozenset[str] | set[str] = frozenset()

    def initialize(self, tasks, selected_tasks):
        names = reachable(selected_tasks, {name: [*task.task_dep, *task.setup_tasks] for name, task in tasks.items()})
        self.counted = {name for name in names if tasks[name].actions}
        self.progress = Progress(len(self.counted), time.monotonic()) if len(self.counted) > COMPACT_ABOVE else None

    def _quiet(self, task):
        # Per-source tasks (parse:x, extract:x) are the many; the global ones still get their line.
        return self.progress is not None and ":" in task.name

    def execute_task(self, task):
        if not self._quiet(task):
            super().execute_task(task)

    def skip_uptodate(self, task):
        if not self._quiet(task):
            super().skip_uptodate(task)
        self._finish(task, ran=False)

    def skip_ignore(self, task):
        super().skip_ignore(task)
        self._finish(task, ran=False)

    def add_success(self, task):
        self._finish(task, ran=True)

    def add_failure(self, task, fail):
        super().add_failure(task, fail)
        self._finish(task, ran=True)

    def _finish(self, task, ran):
        if self.progress is not None and task.name in self.counted:
            line = self.progress.finish(time.monotonic(), ran)
            if line:
                self.write(line + "\n")


DOIT_CONFIG = {
    "default_tasks": ["parse", "extract", "catalog", "tables", "listing", "plot", "report"],
    "backend": "json",
    "dep_file": str(BUILD / ".doit-db.json"),
    "continue": True,
    # Two workers, like the two cores of a maintainer's laptop: independent tasks (one per source,
    # the four artifacts) run side by side; the outputs are the same bytes either way.
    "num_process": 2,
    "reporter": BuildReporter,
}

PARSE_CODE = [CODE / name for name in ("parse.py", "crosscheck.py", "problems.py", "files.py", "tasks.py")]
EXTRACT_CODE = [CODE / name for name in ("extract.py", "fields.py", "venues.py", "identifiers.py",
                                         "records.py", "validate.py", "parse.py", "problems.py", "files.py",
                                         "tasks.py")] + [paths.schema("record")]
CATALOG_CODE = [CODE / name for name in ("catalog.py", "cluster.py", "dedup.py", "identifiers.py", "manifest.py",
                                         "paths.py", "validate.py", "problems.py", "files.py", "tasks.py",
                                         "__init__.py")] + \
    [paths.schema(name) for name in ("papers", "manifest", "decisions")]
CATALOG = BUILD / "catalog"
# A thousand parse and extract tasks would each list a dozen modules: doit would check every module
# once per task and keep every check in its state file, which a no-op `doit` reads and writes
# whole. They depend on one digest file per stage instead (task_code).
STAMPS = {"parse": BUILD / "code" / "parse.json", "extract": BUILD / "code" / "extract.json"}


# Each path is made once: with a thousand sources, making them again in every task creator cost
# more than the rest of loading this file (pathlib parses every path it joins).
_ast_dir, _records_dir = BUILD / "ast", BUILD / "records"
DOCUMENTS = [(paths.source_id(source), source) for source in paths.documents(SOURCES)]
ASTS = {stem: _ast_dir / f"{stem}.json" for stem, _source in DOCUMENTS}
RECORDS = [_records_dir / f"{stem}.json" for stem, _source in DOCUMENTS]


def task_code():
    """Record the digests of the modules the parse and extract tasks run (build/code/<stage>.json)."""
    for stage, modules in (("parse", PARSE_CODE), ("extract", EXTRACT_CODE)):
        yield {
            "name": stage,
            "actions": [(Action("write_code_stamp"), [modules, STAMPS[stage]])],
            "file_dep": modules,
            "targets": [STAMPS[stage]],
            "clean": True,
        }


def task_parse():
    """Read each source into a pandoc AST (build/ast/<source>.json) and cross-check it with mistune."""
    for stem, source in DOCUMENTS:
        yield {
            "name": stem,
            "actions": [(Action("parse_source"), [source, ASTS[stem]])],
            "file_dep": [source, STAMPS["parse"]],
            "targets": [ASTS[stem]],
            "clean": True,
        }


def task_extract():
    """Turn each AST into schema-valid records and rejects (build/records/<source>.json)."""
    for (stem, _source), records in zip(DOCUMENTS, RECORDS):
        yield {
            "name": stem,
            "actions": [(Action("extract_source"), [ASTS[stem], records])],
            "file_dep": [ASTS[stem], STAMPS["extract"]],
            "targets": [records],
            "clean": True,
        }


def task_catalog():
    """Deduplicate the records of every source into build/catalog/papers.json."""
    config = [SOURCES / name for name in (MANIFEST_NAME, DECISIONS_NAME) if (SOURCES / name).exists()]
    return {
        "actions": [(Action("build_catalog"), [RECORDS, SOURCES, CATALOG / "papers.json"])],
        "file_dep": [*RECORDS, *config, *CATALOG_CODE],
        "targets": [CATALOG / "papers.json"],
        "clean": True,
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
    return _emit([(Action("write_tables"), [CATALOG / "papers.json", CATALOG])],
                 [CATALOG / name for name in names], ("tables.py",))


def task_listing():
    """Write papers.md, the merged list as GitHub markdown."""
    return _emit([(Action("write_listing"), [CATALOG / "papers.json", CATALOG / "papers.md"])],
                 [CATALOG / "papers.md"], ("listing.py", "document.py", "overlap.py", "parse.py"))


def task_plot():
    """Draw overlap.png, how many papers each pair of lists shares."""
    return _emit([(Action("write_plot"), [CATALOG / "papers.json", CATALOG / "overlap.png"])],
                 [CATALOG / "overlap.png"], ("overlap.py",))


def task_report():
    """Write report.json and report.md: rejects, warnings, conflicts, missing identifiers."""
    targets = [CATALOG / "report.json", CATALOG / "report.md"]
    return _emit([(Action("write_report"), [CATALOG / "papers.json", RECORDS, *targets])], targets,
                 ("report.py", "document.py", "overlap.py", "parse.py"), RECORDS)


def task_release():
    """Snapshot the built catalog into build/releases/<version>: doit release --version 1.0.0"""
    return {
        "actions": [(Action("release"), [])],
        "params": [{"name": "version", "long": "version", "default": "",
                    "help": "the release's version, e.g. 1.0.0 (releases are never overwritten)"}],
        "task_dep": ["catalog", "tables", "listing", "plot", "report", *EXPORT_TASKS],
        "uptodate": [False],
        "verbosity": 2,
    }


def task_diff():
    """Show what changed: newest release -> current build, or doit diff --old 1.0 --new 1.1"""
    return {
        "actions": [(Action("diff"), [])],
        "params": [{"name": "old", "long": "old", "default": "", "help": "older release (default: the newest)"},
                   {"name": "new", "long": "new", "default": "", "help": "newer release (default: the current build)"},
                   {"name": "as_json", "long": "json", "type": bool, "default": False, "help": "print JSON"}],
        "task_dep": ["catalog"],
        "uptodate": [False],
        "verbosity": 2,
    }


# The catalog for other tools (reference managers, datasette, a browser): built by default and released.
EXPORT_TASKS = ["citations", "database", "webpage"]
DOIT_CONFIG["default_tasks"] += EXPORT_TASKS


def task_citations():
    """Write papers.bib (BibTeX) and papers.csl.json (CSL-JSON) for reference managers."""
    targets = [CATALOG / "papers.bib", CATALOG / "papers.csl.json"]
    return _emit([(Action("write_citations"), [CATALOG / "papers.json", *targets])], targets, ("citations.py",))


def task_database():
    """Write papers.db (SQLite with full-text search) and metadata.json for datasette."""
    targets = [CATALOG / "papers.db", CATALOG / "metadata.json"]
    return _emit([(Action("write_database"), [CATALOG / "papers.json", *targets])], targets,
                 ("database.py", "tables.py"))


def task_webpage():
    """Write index.html: every paper on one self-contained page with search and filters."""
    return _emit([(Action("write_webpage"), [CATALOG / "papers.json", CATALOG / "index.html"])],
                 [CATALOG / "index.html"], ("webpage.py",))
