"""Task index of the catalog build: `doit list` shows the tasks, `doit` builds what is out of date.

Choose other folders with `doit sources=DIR build=DIR` (or PAPERLISTS_SOURCES / PAPERLISTS_BUILD),
and the limits of each source's parse with `doit parse_memory=2G parse_seconds=600` (or
PAPERLISTS_PARSE_MEMORY / PAPERLISTS_PARSE_SECONDS).
`doit strict=1` (or PAPERLISTS_STRICT=1) makes warnings fail the build too, as CI may want.
"""

import gc
import os
import sys
import time
from importlib import metadata
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

# Only light modules here: a no-op `doit` must not pay for the stages' imports (pipeline/lazy.py).
from pipeline import deps, paths, statefile  # noqa: E402
from pipeline.lazy import Action  # noqa: E402
from pipeline.paths import (  # noqa: E402
    CATALOG_PROBLEMS, DECISIONS_NAME, LISTING_CACHE, MANIFEST_NAME, PARTS_CACHE, PLOT_CACHE, REPORT_CACHE,
    REPORT_TEXT_CACHE, VALID_CACHE)
from pipeline.progress import COMPACT_ABOVE, Progress, reachable  # noqa: E402
from pipeline.targets import record_written, unchanged  # noqa: E402

# A thousand sources' tasks are some hundred thousand objects that live until doit exits: the cyclic
# collector scanning them again and again while they are made and checked was a tenth of a no-op
# `doit`. It is off while this file and the tasks load; BuildReporter.initialize sets what exists
# by then aside from its scans (gc.freeze) and turns it back on before any task is checked or run.
# (Commands that run no task, `doit list` or `doit clean`, end with it off: they are short.)
gc.disable()

STRICT = (get_var("strict", "") or os.environ.get("PAPERLISTS_STRICT", "")).lower() in ("1", "true", "yes")
SOURCES = paths.sources_dir()
BUILD = paths.build_dir()
CODE = paths.PIPELINE


class BuildReporter(ConsoleReporter):
    """doit's console lines, on stderr, so that stdout holds only what a task prints for the user
    (`doit diff --json > diff.json` is exactly the JSON). For a large build (more than
    COMPACT_ABOVE tasks): the global tasks' lines, failures, and every few seconds how many tasks
    are done and the time left. Warnings and errors come from the tasks themselves either way."""

    desc = "console output on stderr, a progress line every few seconds for large builds"
    progress: Progress | None = None
    counted: frozenset[str] | set[str] = frozenset()

    def __init__(self, outstream, options):
        # doit hands every reporter its stdout; ours writes where a given stream says, else stderr
        super().__init__(sys.stderr if outstream is sys.stdout else outstream, options)

    def initialize(self, tasks, selected_tasks):
        gc.freeze()
        gc.enable()
        names = reachable(selected_tasks, {name: [*task.task_dep, *task.setup_tasks] for name, task in tasks.items()})
        # A group task ("parse", doit's has_subtask) runs nothing of its own. (Asking a task for its
        # actions would make doit build them for every task, up to date or not.)
        self.counted = {name for name in names if not tasks[name].has_subtask}
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


def _state_backend():
    """pipeline/statefile.py when the installed project registers it with doit (a checkout used
    without `pip install -e .` has no entry point), doit's own JSON backend otherwise."""
    try:
        points = metadata.distribution("paperlists").entry_points
    except metadata.PackageNotFoundError:
        return "json"
    return statefile.NAME if any(point.group == "doit.BACKEND" and point.name == statefile.NAME
                                 for point in points) else "json"


DOIT_CONFIG = {
    "reporter": BuildReporter,
    # citations, database and webpage: the catalog for reference managers, datasette and a browser.
    # check comes last: it fails the run when any stage recorded an error.
    "default_tasks": ["parse", "extract", "catalog", "tables", "listing", "plot", "report", "citations",
                      "database", "webpage", "check"],
    "backend": _state_backend(),
    "check_file_uptodate": statefile.MD5Checker,
    "dep_file": str(BUILD / ".doit-db.json"),
    "continue": True,
    # Two workers, like the two cores of a maintainer's laptop: independent tasks (one per source,
    # the four artifacts) run side by side; the outputs are the same bytes either way.
    "num_process": 2,
}


def _code(*modules, actions=("tasks",)):
    """The files of the named stage modules and all they import (pipeline/deps.py), plus the module
    of the task's action (pipeline/tasks.py or pipeline/artifacts.py, whose other imports are other
    tasks' stages): editing any of these re-runs the task."""
    return [*deps.code_of(*modules), *(CODE / f"{name}.py" for name in actions)]


PARSE_CODE = _code("read.parse", "read.github", "read.crosscheck", "read.prescan", "limits", "files", "paths")
EXTRACT_CODE = _code("entries.extract", "records.build", "manifest", "limits", "files", "paths") + [paths.schema("record")]
CATALOG_CODE = _code("catalog.build", "catalog.decisions", "manifest", "validate", "caches", "files", "paths", "limits") + \
    [paths.schema(name) for name in ("papers", "manifest", "decisions")]
#: A source refused under one limit is read again when the limits change: they are written into
#: the stamps every parse and extract task depends on (task_code).
LIMITS = {name: os.environ.get(name, "") for name in ("PAPERLISTS_PARSE_MEMORY", "PAPERLISTS_PARSE_SECONDS")}
CATALOG = BUILD / "catalog"
#: The module of the actions that write the artifacts from papers.json.
ARTIFACTS = "pipeline.artifacts"
# A thousand parse and extract tasks would each list a dozen modules: doit would check every module
# once per task and keep every check in its state file, which a no-op `doit` reads and writes
# whole. They depend on one digest file per stage instead (task_code).
STAMPS = {"parse": f"{BUILD}/code/parse.json", "extract": f"{BUILD}/code/extract.json"}
# The per-source files are named by strings (pipeline/paths.py: FileArg), each made once: doit keeps
# and compares names as strings, and a thousand path objects, made here and turned back into
# strings by doit, were a tenth of a no-op `doit` at a thousand sources.
DOCUMENTS = [(paths.source_id(name), f"{SOURCES}/{name}") for name in paths.document_names(SOURCES)]
ASTS = {stem: f"{BUILD}/ast/{stem}.json" for stem, _source in DOCUMENTS}
RECORDS = [f"{BUILD}/records/{stem}.json" for stem, _source in DOCUMENTS]
MANIFEST_PATH = str(SOURCES / MANIFEST_NAME)
MANIFEST = [MANIFEST_PATH] if os.path.exists(MANIFEST_PATH) else []


def _writes(task):
    """A task that writes files also records what it wrote (pipeline/targets.py): a target edited
    by hand afterwards is then out of date, and the next `doit` builds it again."""
    return {**task, "actions": [*task["actions"], (record_written, [task["targets"]])],
            "uptodate": [*task.get("uptodate", []), unchanged]}


def task_code():
    """Record the modules' digests and the limits parse and extract run with (build/code/<stage>.json)."""
    for stage, modules in (("parse", PARSE_CODE), ("extract", EXTRACT_CODE)):
        yield _writes({
            "name": stage,
            "actions": [(Action("write_code_stamp"), [modules, STAMPS[stage], LIMITS])],
            "file_dep": modules,
            "uptodate": [config_changed(LIMITS)],
            "targets": [STAMPS[stage]],
            "clean": True,
        })


def task_parse():
    """Read each source into a pandoc AST (build/ast/<source>.json) and cross-check it with mistune."""
    for stem, source in DOCUMENTS:
        yield _writes({
            "name": stem,
            "actions": [(Action("parse_source"), [source, ASTS[stem]])],
            "file_dep": [source, STAMPS["parse"]],
            "targets": [ASTS[stem]],
            "clean": True,
        })


def task_extract():
    """Turn each AST into schema-valid records and rejects (build/records/<source>.json)."""
    for (stem, _source), records in zip(DOCUMENTS, RECORDS):
        yield _writes({
            "name": stem,
            # The manifest names the list's upstream (its own links are its table of contents) and
            # the paper it accompanies (its "Ours" row).
            "actions": [(Action("extract_source"), [ASTS[stem], records, MANIFEST_PATH])],
            "file_dep": [ASTS[stem], STAMPS["extract"], *MANIFEST],
            "targets": [records],
            "clean": True,
        })


def task_catalog():
    """Deduplicate the records of every source into build/catalog/papers.json."""
    config = [SOURCES / name for name in (MANIFEST_NAME, DECISIONS_NAME) if (SOURCES / name).exists()]
    return _writes({
        "actions": [(Action("build_catalog"), [RECORDS, SOURCES, CATALOG / "papers.json"])],
        "file_dep": [*RECORDS, *config, *CATALOG_CODE],
        "targets": [CATALOG / "papers.json", CATALOG / CATALOG_PROBLEMS, BUILD / PARTS_CACHE, BUILD / VALID_CACHE],
        # Also the ASTs and records of sources deleted since they were built, which no task names.
        "clean": [clean_targets, (Action("remove_orphans"), [BUILD, SOURCES])],
    })


def _emit(actions, targets, code, extra=()):
    return _writes({
        "actions": actions,
        # The action (pipeline/artifacts.py) runs in a child made by pipeline/tasks.py's in_own_process
        # (pipeline/limits.py forks it): tasks.py counts as a file, not with the stages it imports.
        "file_dep": [CATALOG / "papers.json", *extra,
                     *_code(*code, "caches", "files", "paths", "problems", "limits", actions=("artifacts", "tasks"))],
        "targets": targets,
        "clean": True,
    })


def task_tables():
    """Write papers.csv, mentions.csv, resources.csv and their datapackage.json."""
    names = ("papers.csv", "mentions.csv", "resources.csv", "datapackage.json")
    return _emit([(Action("write_tables", ARTIFACTS), [CATALOG / "papers.json", CATALOG])],
                 [CATALOG / name for name in names], ("outputs.tables",))


def task_listing():
    """Write papers.md, the merged list as GitHub markdown."""
    return _emit([(Action("write_listing", ARTIFACTS),
                   [CATALOG / "papers.json", CATALOG / "papers.md", BUILD / LISTING_CACHE])],
                 [CATALOG / "papers.md", BUILD / LISTING_CACHE], ("outputs.listing",))


def task_plot():
    """Draw overlap.png, how many papers each pair of lists shares."""
    targets = [CATALOG / "overlap.png", BUILD / PLOT_CACHE]
    return _emit([(Action("write_plot", ARTIFACTS), [CATALOG / "papers.json", *targets])], targets,
                 ("outputs.overlap",))


def task_report():
    """Write report.json and report.md: rejects, warnings, conflicts, missing identifiers."""
    targets = [CATALOG / "report.json", CATALOG / "report.md"]
    action = Action("write_report", ARTIFACTS)
    caches = [BUILD / REPORT_CACHE, BUILD / REPORT_TEXT_CACHE]
    return _emit([(action, [CATALOG / "papers.json", RECORDS, *targets, *caches])],
                 [*targets, *caches], ("outputs.report",), RECORDS)


def task_citations():
    """Write papers.bib (BibTeX) and papers.csl.json (CSL-JSON) for reference managers."""
    targets = [CATALOG / "papers.bib", CATALOG / "papers.csl.json"]
    return _emit([(Action("write_citations", ARTIFACTS), [CATALOG / "papers.json", *targets])], targets,
                 ("outputs.citations",))


def task_database():
    """Write papers.db (SQLite with full-text search) and metadata.json for datasette."""
    targets = [CATALOG / "papers.db", CATALOG / "metadata.json"]
    return _emit([(Action("write_database", ARTIFACTS), [CATALOG / "papers.json", *targets])], targets,
                 ("outputs.database",))


def task_webpage():
    """Write index.html: every paper on one self-contained page with search and filters."""
    return _emit([(Action("write_webpage", ARTIFACTS), [CATALOG / "papers.json", CATALOG / "index.html"])],
                 [CATALOG / "index.html"], ("outputs.webpage",))


def task_check():
    """Count the problems every stage recorded: fail on an error (strict=1: on a warning too); after a failed run, again."""
    return {
        "actions": [(Action("check_build", "pipeline.releases.buildstate"), [RECORDS, SOURCES, CATALOG, STRICT])],
        "task_dep": [name for name in DOIT_CONFIG["default_tasks"] if name != "check"],
        # up to date when it passed and nothing it reads changed since: a no-op run runs nothing
        "uptodate": [(Action("build_is_checked", "pipeline.releases.buildstate"), [RECORDS, SOURCES, CATALOG, STRICT])],
        "clean": [(Action("forget_build", "pipeline.releases.buildstate"), [CATALOG])],
    }


def task_release():
    """Snapshot the built catalog into build/releases/<version>: doit release --version 1.0.0"""
    return {
        "actions": [(Action("release"), [], {"records_paths": RECORDS, "sources_dir": SOURCES, "catalog": CATALOG})],
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
        "actions": [(Action("diff"), [])],
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
