"""The commands the CLI and the doit actions share: diff, release, decisions and records, each
reading its inputs, running the stages, writing atomically and printing its problems.

pipeline/cli.py parses arguments and pipeline/tasks.py adapts to doit; both call these functions,
which return an exit status (EXIT_SAME, EXIT_DIFFERENT, EXIT_TROUBLE) and raise PipelineError when
going on makes no sense.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from pipeline import files, paths
from pipeline.manifest import DECISIONS_NAME, MANIFEST_NAME, accompanied_paper, manifest_entry, read_config, \
    resolve_sources
from pipeline.catalog.shapes import Catalog
from pipeline.problems import PipelineError, Problem, plural, report, say
from pipeline.records.shapes import Record, RecordsFile, SourceRef
from pipeline.releases.buildstate import input_digests
from pipeline.releases.diff import check_versions, diff_catalogs, diff_markdown, has_changes, load_catalog
from pipeline.releases.release import find_release, make_release
from pipeline.validate import schema_problems

#: Exit statuses, as diff(1): the same, different (or a problem found), trouble (nothing could be done).
EXIT_SAME, EXIT_DIFFERENT, EXIT_TROUBLE = 0, 1, 2


def _catalog_path(name: str) -> Path:
    """A path to a papers.json, or the version of a release."""
    path = Path(name)
    if path.exists() or path.suffix == ".json":
        return path
    return find_release(paths.build_dir() / "releases", name)


def _read(path: Path) -> Catalog:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PipelineError(Problem(str(path), None, "bad-catalog", f"cannot read the file: {error.strerror}")) from error
    return load_catalog(text, str(path))


def run_diff(old: str, new: str | None, as_json: bool, ignore: list[str], moves: bool = False) -> int:
    """Print what changed between two catalogs (paths or release versions; ``new`` defaults to the
    current build), as markdown or JSON; EXIT_DIFFERENT when anything did."""
    old_path = _catalog_path(old)
    new_path = _catalog_path(new) if new else paths.build_dir() / "catalog" / "papers.json"
    before, after = _read(old_path), _read(new_path)
    check_versions(before, after, str(old_path), str(new_path))
    try:
        result = diff_catalogs(before, after, ignore)
    except ValueError as error:
        raise PipelineError(Problem("--ignore", None, "bad-ignore", str(error))) from error
    if as_json:
        print(json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        print(diff_markdown(result, old, new or "current build", moves), end="")
    return EXIT_DIFFERENT if has_changes(result) else EXIT_SAME


def run_release(version: str, allow_errors: bool = False) -> int:
    """Snapshot the current build into build/releases/<version>."""
    current = {path.stem: files.sha256_file(path) for path in paths.documents()}
    target = make_release(version, paths.build_dir() / "catalog", paths.build_dir() / "releases", current,
                          input_digests(paths.sources_dir()), allow_errors)
    say(f"released {version} in {paths.display_path(target)}")
    return EXIT_SAME


def run_decisions(rewrite: bool) -> int:
    """Resolve (and with ``rewrite`` re-anchor) sources/decisions.json against build/records."""
    # The stages are imported by the commands that run them, so that `python -m pipeline diff` or
    # `--help` does not load the matcher, pandoc's bindings and the readers (0.3 s of start-up).
    from pipeline.catalog.build import is_paper
    from pipeline.catalog.decisions import reanchor

    sources_dir = paths.sources_dir()
    decisions_path = sources_dir / DECISIONS_NAME
    shown = paths.display_path(decisions_path)
    try:
        decisions = files.read_json(decisions_path)
    except (OSError, ValueError) as error:
        raise PipelineError(Problem(shown, None, "decision-invalid", f"expected a JSON decisions file, found: {error}")) from error
    invalid = schema_problems(decisions, "decisions", shown, None, code="decision-invalid")
    manifest_path = sources_dir / MANIFEST_NAME
    manifest, unreadable = read_config(manifest_path, "manifest-invalid", "a JSON manifest")
    if unreadable:
        raise PipelineError(unreadable[0])
    documents = paths.documents(sources_dir)
    sources, _found = resolve_sources(manifest, [path.name for path in documents], paths.display_path(manifest_path))
    active = {source["id"] for source in sources if not source.get("superseded_by")}
    records: list[Record] = []
    for document in documents:
        target = paths.build_dir() / "records" / f"{paths.source_id(document)}.json"
        built: RecordsFile | None = files.read_json(target) if target.exists() else None
        # Anchoring against records of an older text would write hints for lines that no longer exist.
        if built is None or built["source"]["sha256"] != files.sha256_file(document):
            raise PipelineError(Problem(paths.display_path(target), None, "build-stale",
                                        f"expected records built from the current {paths.display_path(document)}, "
                                        f"found {'none' if built is None else 'an older build'}: run doit first"))
        if paths.source_id(document) in active:
            records += [record for record in built["records"] if is_paper(record)]
    if invalid:
        report(invalid)
        return EXIT_DIFFERENT
    updated, moved, problems = reanchor(decisions, records, shown)
    for line in moved:
        say(f"{'moved' if rewrite else 'would move'}: {line}")
    report(problems)
    if rewrite and updated != decisions:
        files.write_json(decisions_path, updated)
        say(f"{shown}: {plural(len(moved), 'line hint')} rewritten")
    count = sum(len(decisions.get(kind, [])) for kind in ("same", "different"))
    say(f"{shown}: {plural(count, 'decision')}, {plural(len(problems), 'mention')} that cannot be placed")
    return EXIT_DIFFERENT if problems else EXIT_SAME


def run_records(source: Path) -> int:
    """Print the records one markdown file gives, as JSON (parse and extract in one bounded child)."""
    from pipeline.limits import limits_for, run_bounded  # lazily, as in run_decisions
    from pipeline.pandoc import pandoc_path
    from pipeline.read.parse import decode_source
    from pipeline.read.prescan import prescan
    from pipeline.records.build import records_from_text

    shown = paths.display_path(source)
    try:
        data = source.read_bytes()
    except OSError as error:
        raise PipelineError(Problem(shown, None, "unreadable-source",
                                    f"cannot read the file: {error.strerror}")) from error
    text, problems = decode_source(data, shown)
    problems += prescan(text, shown, len(data))
    report(problems)
    if any(problem.severity == "error" for problem in problems):
        return EXIT_TROUBLE
    source_info: SourceRef = {"id": source.stem, "path": shown, "sha256": files.sha256_bytes(data)}
    entry = manifest_entry(source.parent / MANIFEST_NAME, source.stem)
    paper = accompanied_paper(entry)
    upstream = entry.get("upstream") if entry else None

    def records() -> RecordsFile:
        return records_from_text(text, source_info, paper=paper, upstream=upstream)

    pandoc_path()  # before the bounded child, whose memory limit would stop pypandoc's check
    result = run_bounded(records, limits_for(len(data)), shown, "records")
    print(files.dumps(result), end="")
    return EXIT_SAME


def guarded(command: Callable[..., int], *args: Any) -> int:
    """Run a command; a PipelineError becomes one ``error: file:line: code: message`` line on stderr
    and EXIT_TROUBLE, never a traceback."""
    try:
        return command(*args)
    except PipelineError as error:
        say(f"error: {error.problem}")
        return EXIT_TROUBLE
