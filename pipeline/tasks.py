"""The doit actions of parse, extract and catalog: read inputs, call a pure stage, write its output
atomically, report problems. The artifacts' actions are in pipeline/artifacts.py.

This, pipeline/artifacts.py, pipeline/commands.py (the commands it shares with cli.py), cli.py and
the check task's pipeline/releases/buildstate.py are the modules that print. Every action returns
True on success and False on failure, as doit expects, and never lets a traceback reach a
maintainer for bad input.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import io
import sys
from pathlib import Path
from typing import Any, Callable, Sequence, TypeVar

import orjson
from doit.exceptions import TaskError, TaskFailed

from pipeline import files, paths
from pipeline.catalog.build import merge_catalog as merge
from pipeline.commands import EXIT_SAME, guarded, run_diff, run_release
from pipeline.entries.pandoc_json import load_ast_file
from pipeline.caches import read_kept, read_records, write_kept
from pipeline.limits import Limits, limits_for, run_bounded
from pipeline.manifest import DECISIONS_NAME, MANIFEST_NAME, accompanied_paper, manifest_entry, read_config, \
    resolve_sources
from pipeline.problems import PipelineError, Problem, plural, report, say, sort_key
from pipeline.read.crosscheck import crosscheck
from pipeline.read.github import GithubView, github_view
from pipeline.pandoc import pandoc_path
from pipeline.paths import FileArg
from pipeline.read.parse import decode_source, parse_markdown
from pipeline.read.prescan import prescan
from pipeline.records.build import build_records
from pipeline.records.shapes import Counts, RecordsFile, SourceRef
from pipeline.releases.buildstate import record_build
from pipeline.releases.release import releases
from pipeline.validate import prepare, problems_but_known, schema_problems

__all__ = ["build_catalog", "code_digest", "collector_paused", "diff", "extract_source", "in_own_process", "manifest_entry",
           "parse_source", "release", "remove_orphans", "report", "write_code_stamp"]

T = TypeVar("T")
#: pandoc's JSON (with source positions) is 15-35 times the markdown it came from; the extract
#: stage's limits are those of a source this many times smaller than the AST file.
AST_GROWTH = 16
#: The counts of a source that yields nothing (it could not be read, parsed or extracted).
NO_COUNTS: Counts = {"items_and_rows": 0, "records": 0, "rejects": 0, "skipped_blank": 0, "skipped_folded": 0,
             "github_differs": 0, "pandoc_only": 0, "paragraph_entries": 0}


#: No bound on the actions that read the whole build (in_own_process): only a deadline no build reaches.
UNBOUNDED = Limits(None, 7 * 24 * 3600.0, "no bound", "no bound")
#: The catalog task's own problems (manifest, decisions), beside papers.json.
CATALOG_PROBLEMS = paths.CATALOG_PROBLEMS


def parse_source(source: FileArg, target: FileArg) -> bool:
    """sources/<id>.md -> build/ast/<id>.json: the decoded text's pandoc AST, GitHub's items and rows
    (cmark-gfm) and the problems.

    A source that cannot be read or parsed gets ``"ast": null`` and an error: it yields no records
    and the other sources still build. The parse runs in a child process under limits for the
    file's size (pipeline/limits.py), so a hostile source costs bounded memory and time.
    """
    source, target = Path(source), Path(target)
    shown = paths.display_path(source)
    info: SourceRef = {"id": paths.source_id(source), "path": shown, "sha256": None}
    try:
        data = source.read_bytes()
    except OSError as error:
        problems = [Problem(shown, None, "unreadable-source", f"cannot read the file: {error.strerror}")]
        _write_ast(target, info, problems, None)
    else:
        info["sha256"] = files.sha256_bytes(data)
        try:
            pandoc_path()  # found once here: pypandoc's check runs pandoc, which the child's limit would stop
            problems = run_bounded(lambda: collector_paused(lambda: _parse_to_file(data, info, target)), limits_for(len(data)),
                                   shown, "parse")
        except PipelineError as error:
            problems = [error.problem]
            _write_ast(target, info, problems, None)
    report(problems)
    return True


def collector_paused(work: Callable[[], T]) -> T:
    """``work()`` with Python's cyclic garbage collector paused: a source's AST is a tree of a
    million small dicts and lists, made and read in one go, with no cycles to collect, and the
    collector scanning them as they are made took a sixth of the parse and extract stages' time.
    Their child process ends with the source (pipeline/limits.py), and its memory with it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return work()
    finally:
        if enabled:
            gc.enable()


def in_own_process(action: Callable[..., bool]) -> Callable[..., bool]:
    """The action, run in a child process forked for it, with the collector paused.

    The catalog and each of its outputs hold a whole catalog: at 1,000 lists, 0.8-1 GiB. Python
    keeps the memory it freed for its next objects, so a doit worker that built the catalog and
    then the tables held 1.4 GiB; a child gives all of it back when it ends (limits.run_bounded,
    with no bound: these read the build's own files, not a list). What the action prints is
    printed here, after it. Anything unexpected becomes one ``stage-failed`` problem.

    The collector (see collector_paused): these are built from papers.json, a tree of a million
    containers, and pausing the collector took the seven output tasks from 6.5 to 3.8 CPU seconds
    at 100 lists. It runs again after the action, so what the libraries left in cycles
    (matplotlib's figures) is collected then.
    """
    @functools.wraps(action)
    def in_child(*args: Any, **kwargs: Any) -> bool:
        def work() -> tuple[bool, str, str]:
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                done = collector_paused(lambda: action(*args, **kwargs))
            return done, out.getvalue(), err.getvalue()

        try:
            done, out, err = run_bounded(work, UNBOUNDED, paths.display_path(paths.build_dir()), action.__name__)
        except PipelineError as error:
            report([error.problem])
            return False
        sys.stdout.write(out)
        sys.stderr.write(err)
        return done

    return in_child


def _parse_to_file(data: bytes, info: SourceRef, target: Path) -> list[Problem]:
    """The parse stage proper (run bounded): decode, check the shape, GitHub's reading, pandoc,
    cross-check, write."""
    shown = info["path"]
    problems: list[Problem] = []
    ast = None
    view: GithubView = {"items": [], "rows": [], "tables_after_text": []}
    try:
        text, problems = decode_source(data, shown)
        problems += prescan(text, shown, len(data))
        if not any(problem.severity == "error" for problem in problems):
            view = github_view(text)
            ast = parse_markdown(text, shown, view)
            problems += crosscheck(text, ast, shown)
    except PipelineError as error:
        problems.append(error.problem)
    _write_ast(target, info, problems, ast, view)
    return problems


def _write_ast(target: Path, info: SourceRef, problems: list[Problem], ast: Any,
               view: GithubView | None = None) -> None:
    # The AST cache is compact (no indent): it is large, and only the next stage reads it.
    files.write_json(target, {
        "source": info,
        "problems": [problem.to_dict() for problem in sorted(problems, key=sort_key)],
        "github": view or {"items": [], "rows": [], "tables_after_text": []},
        "ast": ast,
    }, compact=True)


def extract_source(ast_file: FileArg, target: FileArg, manifest_path: FileArg | None = None) -> bool:
    """build/ast/<id>.json (+ sources/manifest.json) -> build/records/<id>.json: records, rejects,
    counts and problems. The manifest's ``upstream`` tells links back to the list itself (its table
    of contents) apart, and its ``paper`` is what the list's "Ours" row names.

    Runs in a child process under limits, as the parse does; when it fails, the records file
    holds no records and the error, and the other sources still build.
    """
    ast_file, target = Path(ast_file), Path(target)
    shown = paths.display_path(paths.sources_dir() / f"{ast_file.stem}.md")
    entry = manifest_entry(None if manifest_path is None else Path(manifest_path), ast_file.stem)
    try:
        size = ast_file.stat().st_size // AST_GROWTH
        prepare("record")  # once in this process, not once per child
        found, counts, source = run_bounded(lambda: collector_paused(lambda: _extract_to_file(ast_file, target, entry)), limits_for(size),
                                            shown, "extract")
    except PipelineError as error:
        report([error.problem])
        if error.problem.code in ("accounting", "record-invalid", "schema-invalid"):  # our bug, not the source's
            return False
        files.write_json(target, {"source": {"id": ast_file.stem, "path": shown, "sha256": None},
                                  "records": [], "rejects": [], "problems": [error.problem.to_dict()],
                                  "counts": dict(NO_COUNTS)})
        return True
    report(found)
    say(f"{source['path']}: {plural(counts['records'], 'record')}, {plural(counts['rejects'], 'reject')}, "
        f"{plural(counts['skipped_blank'], 'blank row')} and {plural(counts['skipped_folded'], 'sub-item')} "
        f"folded into its parent skipped, of {counts['items_and_rows']} items and rows GitHub shows")
    return True


def _extract_to_file(ast_file: Path, target: Path, entry: dict[str, Any] | None,
                     ) -> tuple[list[Problem], Counts, SourceRef]:
    """The extract stage proper (run bounded); returns the new problems, the counts and the source."""
    parsed = load_ast_file(ast_file.read_text(encoding="utf-8"))
    source = parsed["source"]
    paper = accompanied_paper(entry)
    home = entry.get("upstream") if entry else None
    earlier = [Problem.from_dict(problem) for problem in parsed["problems"]]
    if parsed["ast"] is None:
        result: RecordsFile = {"source": source, "records": [], "rejects": [], "problems": [],
                               "counts": NO_COUNTS.copy()}
    else:
        result = build_records(parsed["ast"], source, parsed["github"], paper=paper, upstream=home)
    found = [Problem.from_dict(problem) for problem in result["problems"]]
    result["problems"] = [problem.to_dict() for problem in sorted(earlier + found, key=sort_key)]
    files.write_json(target, result)
    return found, result["counts"], source


@in_own_process
def build_catalog(records_paths: Sequence[FileArg], sources_dir: Path, target: Path) -> bool:
    """build/records/*.json + sources/manifest.json + sources/decisions.json -> build/catalog/papers.json.

    Each records file is kept decoded in build/cache/records/ (pipeline/caches.py: read_records), and
    the papers and conflicts of each component of the merge in build/cache/catalog-parts.json
    (with a digest of the code that made them) for the next merge, which clusters again only the
    components whose records changed (pipeline/catalog/components.py); the digests of the papers
    written, in build/cache/catalog-valid.json, for the next check against the schema, which checks
    only the papers it does not find there. Caches, not outputs, and never a dependency of any task.
    """
    manifest_path = sources_dir / MANIFEST_NAME
    decisions_path = sources_dir / DECISIONS_NAME
    manifest, problems = read_config(manifest_path, "manifest-invalid", "a JSON manifest")
    decisions, found = read_config(decisions_path, "decision-invalid", "a JSON decisions file")
    problems += found
    if decisions is not None:
        invalid = schema_problems(decisions, "decisions", paths.display_path(decisions_path), None,
                                  code="decision-invalid")
        problems += invalid
        decisions = None if invalid else decisions
    names = paths.document_names(sources_dir)
    sources, found = resolve_sources(manifest, names, paths.display_path(manifest_path))
    problems += found
    build = target.parent.parent
    records_files, record_digests = read_records(records_paths, build / paths.RECORDS_CACHE, code_digest("caches"))
    cache_path = build / paths.PARTS_CACHE
    code = code_digest("catalog.build")
    catalog, found, parts = merge(records_files, sources, decisions, paths.display_path(decisions_path),
                                  read_kept(cache_path, code, "parts"), record_digests)
    problems += found
    write_kept(cache_path, code, "parts", parts)
    # What the merge read is not needed from here on: let go before the check and the writing, whose
    # objects can then reuse its memory (as measured in one process: 984 -> 982 MiB, a small gain).
    del records_files, parts
    # The digests of the papers last written, all valid: only the papers an edit changed are checked;
    # each with whether orjson wrote it (files.json_chunks), which json need not prove again.
    valid_path = build / paths.VALID_CACHE
    schema_code = f"{code_digest('validate', 'files')} {files.sha256_file(paths.schema('papers'))} " \
        f"orjson {orjson.__version__} python {sys.version}"
    known = read_kept(valid_path, schema_code, "papers")
    found, digests = problems_but_known(catalog, "papers", paths.display_path(target), "papers", known)
    problems += found
    report(problems)
    # Recorded for the check task, which shows them again on runs that rebuild nothing.
    files.write_json(target.parent / CATALOG_PROBLEMS,
                     [problem.to_dict() for problem in sorted(problems, key=sort_key)])
    if any(problem.severity == "error" for problem in problems):
        return False
    digested = list(zip(catalog["papers"], digests))  # empty when the papers were checked together
    proven: set[int] = set()
    trusted = {id(paper) for paper, digest in digested if digest and known.get(digest) is True}
    files.write_json(target, catalog, trusted=trusted, proven=proven)
    write_kept(valid_path, schema_code, "papers", {digest: id(paper) in proven for paper, digest in digested if digest})
    counts = catalog["counts"]
    say(f"{paths.display_path(target)}: {counts['papers']} papers from {counts['mentions']} mentions "
        f"({counts['papers_in_two_or_more_lists']} in two or more lists), {counts['resources']} "
        f"resources, {counts['conflicts']} conflicts")
    return True


def code_digest(*modules: str) -> str:
    """A digest of the named pipeline modules and all they import: the code a cache was made by."""
    from pipeline.deps import code_of

    return files.sha256_bytes(b"".join(files.sha256_file(path).encode() for path in code_of(*modules)))


def release(version: str, records_paths: Sequence[FileArg], sources_dir: Path, catalog: Path,
            allow_errors: bool = False) -> bool:
    """The `doit release` action: record the build its dependencies just finished, then snapshot
    build/catalog into build/releases/<version>."""
    record_build(records_paths, sources_dir, catalog)
    if not version:
        report([Problem("doit release", None, "bad-version", "expected a version: doit release --version 1.0.0")])
        return False
    return guarded(run_release, version, allow_errors) == EXIT_SAME


def diff(old: str, new: str, as_json: bool, moves: bool = False, ignore: Sequence[str] = ()) -> Any:
    """The `doit diff` action: the newest release (or --old) against the current build (or --new).

    doit's exit status then follows diff(1): True (0) same, TaskFailed (1) different, TaskError (2) trouble.
    """
    known = releases(paths.build_dir() / "releases")
    if not old and not known:
        report([Problem(paths.display_path(paths.build_dir() / "releases"), None, "release-missing",
                        "no release to compare with yet: make one with doit release --version 1.0.0")])
        return TaskError("no release to compare with")
    status = guarded(run_diff, old or known[-1], new or None, as_json, list(ignore), moves)
    if status == 0:
        return True
    return TaskFailed("the catalogs differ") if status == 1 else TaskError("the diff could not be made")


def remove_orphans(build: Path, sources_dir: Path) -> None:
    """`doit clean`: remove the ASTs and records of sources that no longer exist, the caches no task
    writes any more (an earlier version's) and the records the catalog kept decoded."""
    current = {paths.source_id(name) for name in paths.document_names(sources_dir)}
    for folder in ("ast", "records"):
        for path in sorted((build / folder).glob("*.json")):
            if path.stem not in current:
                path.unlink()
                say(f"removed {paths.display_path(path)} (its source is gone)")
    for path in sorted((build / "cache").glob("*.json")):
        if path.relative_to(build).as_posix() not in paths.CACHES:
            path.unlink()
            say(f"removed {paths.display_path(path)} (no task writes it)")
    kept = sorted((build / paths.RECORDS_CACHE).glob("*.marshal"))
    for path in kept:
        path.unlink()
    with contextlib.suppress(OSError):  # absent, or holding what no build wrote
        (build / paths.RECORDS_CACHE).rmdir()
    if kept:
        say(f"removed {plural(len(kept), 'records file')} kept decoded in "
            f"{paths.display_path(build / paths.RECORDS_CACHE)}")


def write_code_stamp(modules: list[Path], target: FileArg, limits: dict[str, str] | None = None) -> bool:
    """The code a stage runs and the limits it runs under -> build/code/<stage>.json: the sha256 of
    each module and schema, and the parse limits' settings.

    Per-source tasks depend on this one file instead of on every module and on the limits, so that
    a no-op `doit` checks each module and the limits once, not once per source; a source refused
    under one limit is read again when the limits change. Unchanged stamps are not rewritten.
    """
    target = Path(target)
    text = files.dumps({"modules": {paths.display_path(module): files.sha256_file(module) for module in modules},
                        "limits": limits or {}})
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        files.write_text(target, text)
    return True
