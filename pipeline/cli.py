"""Command line: ``python -m pipeline COMMAND``. The only place besides tasks.py that prints.

    python -m pipeline diff OLD.json NEW.json [--json] [--moves] [--ignore FIELD ...]
    python -m pipeline release VERSION
    python -m pipeline decisions [--reanchor]
    python -m pipeline records SOURCE.md
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Sequence

from pipeline import __version__, files, paths
from pipeline.problems import PipelineError, Problem

EXIT_SAME, EXIT_DIFFERENT, EXIT_TROUBLE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description="Merge awesome lists of papers.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    diff = commands.add_parser("diff", help="what changed between two papers.json files (exit 0 same, 1 different)")
    diff.add_argument("old", help="the older papers.json, or a release version")
    diff.add_argument("new", nargs="?", help="the newer papers.json or release version (default: the current build)")
    diff.add_argument("--json", action="store_true", help="print the diff as JSON (schemas/diff.schema.json)")
    diff.add_argument("--ignore", action="append", default=[], metavar="FIELD",
                      help="leave a field out of the comparison (repeatable), e.g. mentions")
    diff.add_argument("--moves", action="store_true",
                      help="list the mentions that only moved to other lines (always in --json's 'moved')")
    release = commands.add_parser("release", help="snapshot the current build into build/releases/VERSION")
    release.add_argument("version", help="a Semantic Versioning 2.0.0 version, e.g. 1.2.0 or 1.2.0-rc.1")
    release.add_argument("--allow-errors", action="store_true",
                         help="release a build that had errors, recording them in MANIFEST.json")
    decisions = commands.add_parser("decisions", help="find each decision's mentions in the built records "
                                    "(exit 1 when one cannot be placed)")
    decisions.add_argument("--reanchor", action="store_true",
                           help="rewrite the line hints of sources/decisions.json to where the mentions are now")
    records = commands.add_parser("records", help="print the records one markdown file gives, as JSON")
    records.add_argument("source", type=Path)
    return parser


def _catalog_path(name: str) -> Path:
    """A path to a papers.json, or the version of a release."""
    path = Path(name)
    if path.exists() or path.suffix == ".json":
        return path
    from pipeline.releases.release import find_release

    return find_release(paths.build_dir() / "releases", name)


def _read(path: Path) -> dict:
    from pipeline.releases.diff import load_catalog

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PipelineError(Problem(str(path), None, "bad-catalog", f"cannot read the file: {error.strerror}"))
    return load_catalog(text, str(path))


def run_diff(old: str, new: str | None, as_json: bool, ignore: list[str], moves: bool = False) -> int:
    from pipeline.releases.diff import check_versions, diff_catalogs, diff_markdown, has_changes

    old_path = _catalog_path(old)
    new_path = _catalog_path(new) if new else paths.build_dir() / "catalog" / "papers.json"
    before, after = _read(old_path), _read(new_path)
    check_versions(before, after, str(old_path), str(new_path))
    try:
        result = diff_catalogs(before, after, ignore)
    except ValueError as error:
        raise PipelineError(Problem("--ignore", None, "bad-catalog", str(error)))
    if as_json:
        print(json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        print(diff_markdown(result, old, new or "current build", moves), end="")
    return EXIT_DIFFERENT if has_changes(result) else EXIT_SAME


def run_release(version: str, allow_errors: bool = False) -> int:
    from pipeline.releases.release import make_release
    from pipeline.releases.buildstate import input_digests

    current = {path.stem: files.sha256_file(path) for path in paths.documents()}
    target = make_release(version, paths.build_dir() / "catalog", paths.build_dir() / "releases", current,
                          input_digests(paths.sources_dir()), allow_errors)
    print(f"released {version} in {paths.display_path(target)}", file=sys.stderr)
    return EXIT_SAME


def run_decisions(rewrite: bool) -> int:
    """Resolve (and with ``rewrite`` re-anchor) sources/decisions.json against build/records."""
    from pipeline.catalog.build import is_paper
    from pipeline.catalog.decisions import reanchor
    from pipeline.manifest import DECISIONS_NAME, MANIFEST_NAME, resolve_sources
    from pipeline.tasks import plural, report
    from pipeline.validate import schema_problems

    sources_dir = paths.sources_dir()
    decisions_path = sources_dir / DECISIONS_NAME
    shown = paths.display_path(decisions_path)
    try:
        decisions = files.read_json(decisions_path)
    except (OSError, ValueError) as error:
        raise PipelineError(Problem(shown, None, "decision-invalid", f"expected a JSON decisions file, found: {error}"))
    invalid = schema_problems(decisions, "decisions", shown, None, code="decision-invalid")
    manifest_path = sources_dir / MANIFEST_NAME
    try:
        manifest = files.read_json(manifest_path) if manifest_path.exists() else None
    except (OSError, ValueError) as error:
        raise PipelineError(Problem(paths.display_path(manifest_path), getattr(error, "lineno", None),
                                    "manifest-invalid", f"expected a JSON manifest, found: {error}")) from error
    documents = paths.documents(sources_dir)
    sources, _found = resolve_sources(manifest, [path.name for path in documents], paths.display_path(manifest_path))
    active = {source["id"] for source in sources if not source.get("superseded_by")}
    records = []
    for document in documents:
        target = paths.build_dir() / "records" / f"{paths.source_id(document)}.json"
        built = files.read_json(target) if target.exists() else None
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
        print(f"{'moved' if rewrite else 'would move'}: {line}", file=sys.stderr)
    report(problems)
    if rewrite and updated != decisions:
        files.write_json(decisions_path, updated)
        print(f"{shown}: {plural(len(moved), 'line hint')} rewritten", file=sys.stderr)
    count = sum(len(decisions.get(kind, [])) for kind in ("same", "different"))
    print(f"{shown}: {plural(count, 'decision')}, {plural(len(problems), 'mention')} that cannot be placed",
          file=sys.stderr)
    return EXIT_DIFFERENT if problems else EXIT_SAME


def run_records(source: Path) -> int:
    from pipeline.read.github import github_view
    from pipeline.limits import limits_for, run_bounded
    from pipeline.read.parse import decode_source, pandoc_path, parse_markdown
    from pipeline.read.prescan import prescan
    from pipeline.records.build import build_records
    from pipeline.manifest import MANIFEST_NAME, accompanied_paper
    from pipeline.tasks import manifest_entry, report

    shown = paths.display_path(source)
    try:
        data = source.read_bytes()
    except OSError as error:
        raise PipelineError(Problem(shown, None, "unreadable-source", f"cannot read the file: {error.strerror}"))
    text, problems = decode_source(data, shown)
    problems += prescan(text, shown, len(data))
    report(problems)
    if any(problem.severity == "error" for problem in problems):
        return EXIT_TROUBLE
    source_info = {"id": source.stem, "path": shown, "sha256": files.sha256_bytes(data)}
    entry = manifest_entry(source.parent / MANIFEST_NAME, source.stem)
    paper = accompanied_paper(entry)  # type: ignore[arg-type]
    upstream = entry.get("upstream") if entry else None

    def records() -> dict[str, Any]:
        view = github_view(text)
        return build_records(parse_markdown(text, shown, view), source_info, view, paper=paper, upstream=upstream)

    pandoc_path()  # before the bounded child, whose memory limit would stop pypandoc's check
    result = run_bounded(records, limits_for(len(data)), shown, "records")
    print(files.dumps(result), end="")
    return EXIT_SAME


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "diff":
            return run_diff(args.old, args.new, args.json, args.ignore, args.moves)
        if args.command == "release":
            return run_release(args.version, args.allow_errors)
        if args.command == "decisions":
            return run_decisions(args.reanchor)
        return run_records(args.source)
    except PipelineError as error:
        print(f"error: {error.problem}", file=sys.stderr)
        return EXIT_TROUBLE


def main_entry() -> None:
    sys.exit(main())
