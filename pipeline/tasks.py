"""The doit actions: read inputs, call a pure stage, write its output atomically, report problems.

This and cli.py are the only modules that print. Every action returns True on success and False
on failure, as doit expects, and never lets a traceback reach a maintainer for bad input.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Iterable

from pipeline import files, paths
from pipeline.crosscheck import crosscheck
from pipeline.extract import load_ast_file
from pipeline.parse import decode_source, parse_markdown
from pipeline.problems import PipelineError, Problem, sort_key
from pipeline.records import build_records


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def report(problems: Iterable[Problem], stream: Any = None) -> None:
    """Print problems compiler style, one a line, in a stable order."""
    stream = stream or sys.stderr
    for problem in sorted(problems, key=sort_key):
        print(f"{problem.severity}: {problem}", file=stream)


def parse_source(source: Path, target: Path) -> bool:
    """sources/<id>.md -> build/ast/<id>.json: the decoded text's pandoc AST and its problems.

    A source that cannot be read or parsed gets ``"ast": null`` and an error: it yields no records
    and the other sources still build.
    """
    shown = paths.display_path(source)
    problems: list[Problem] = []
    ast = None
    digest = None
    try:
        data = source.read_bytes()
        digest = files.sha256_bytes(data)
        text, problems = decode_source(data, shown)
        ast = parse_markdown(text, shown)
        problems += crosscheck(text, ast, shown)
    except OSError as error:
        problems.append(Problem(shown, None, "unreadable-source", f"cannot read the file: {error.strerror}"))
    except PipelineError as error:
        problems.append(error.problem)
    # The AST cache is compact (no indent): it is large, and only the next stage reads it.
    files.write_json(target, {
        "source": {"id": paths.source_id(source), "path": shown, "sha256": digest},
        "problems": [problem.to_dict() for problem in sorted(problems, key=sort_key)],
        "ast": ast,
    }, compact=True)
    report(problems)
    return True


def extract_source(ast_file: Path, target: Path) -> bool:
    """build/ast/<id>.json -> build/records/<id>.json: records, rejects, counts and problems."""
    parsed = load_ast_file(ast_file.read_text(encoding="utf-8"))
    source = parsed["source"]
    earlier = [Problem.from_dict(problem) for problem in parsed["problems"]]
    if parsed["ast"] is None:
        result: dict[str, Any] = {"source": source, "records": [], "rejects": [], "problems": [],
                                  "counts": {"items_and_rows": 0, "records": 0, "rejects": 0,
                                             "skipped_blank": 0}}
    else:
        try:
            result = build_records(parsed["ast"], source)
        except PipelineError as error:
            report([error.problem])
            return False
    found = [Problem.from_dict(problem) for problem in result["problems"]]
    result["problems"] = [problem.to_dict() for problem in sorted(earlier + found, key=sort_key)]
    files.write_json(target, result)
    report(found)
    counts = result["counts"]
    print(f"{source['path']}: {plural(counts['records'], 'record')}, {plural(counts['rejects'], 'reject')}, "
          f"{plural(counts['skipped_blank'], 'blank row')} skipped", file=sys.stderr)
    return True


def build_catalog(records_paths: list[Path], sources_dir: Path, target: Path) -> bool:
    """build/records/*.json + sources/manifest.json + sources/decisions.json -> build/catalog/papers.json."""
    from pipeline.catalog import build_catalog as merge
    from pipeline.manifest import DECISIONS_NAME, MANIFEST_NAME, resolve_sources
    from pipeline.validate import schema_problems

    problems: list[Problem] = []
    manifest_path = sources_dir / MANIFEST_NAME
    decisions_path = sources_dir / DECISIONS_NAME
    manifest = _read_optional(manifest_path, "manifest-invalid", problems)
    decisions = _read_optional(decisions_path, "decision-invalid", problems)
    if decisions is not None:
        invalid = schema_problems(decisions, "decisions", paths.display_path(decisions_path), None,
                                  code="decision-invalid")
        problems += invalid
        decisions = None if invalid else decisions
    names = [path.name for path in paths.documents(sources_dir)]
    sources, found = resolve_sources(manifest, names, paths.display_path(manifest_path))
    problems += found
    records_files = [files.read_json(path) for path in records_paths if path.exists()]
    catalog, found = merge(records_files, sources, decisions, paths.display_path(decisions_path))
    problems += found
    problems += schema_problems(catalog, "papers", paths.display_path(target), None)
    report(problems)
    if any(problem.severity == "error" for problem in problems):
        return False
    files.write_json(target, catalog)
    counts = catalog["counts"]
    print(f"{paths.display_path(target)}: {counts['papers']} papers from {counts['mentions']} mentions "
          f"({counts['papers_in_two_or_more_lists']} in two or more lists), {counts['resources']} "
          f"resources, {counts['conflicts']} conflicts", file=sys.stderr)
    return True


def _read_optional(path: Path, code: str, problems: list[Problem]) -> Any:
    """A JSON file that may be absent (None); invalid JSON is an error naming line and column."""
    if not path.exists():
        return None
    try:
        return files.read_json(path)
    except (OSError, ValueError) as error:
        line = getattr(error, "lineno", None)
        problems.append(Problem(paths.display_path(path), line, code, f"expected JSON, found: {error}"))
        return None


def write_tables(catalog_path: Path, folder: Path) -> bool:
    """papers.json -> papers.csv, mentions.csv, resources.csv and datapackage.json."""
    from pipeline.tables import catalog_tables, datapackage

    catalog = files.read_json(catalog_path)
    for name, text in catalog_tables(catalog).items():
        files.write_text(folder / name, text)
    files.write_json(folder / "datapackage.json", datapackage(catalog))
    return True


def write_listing(catalog_path: Path, target: Path) -> bool:
    """papers.json -> papers.md, the merged list for GitHub."""
    from pipeline.listing import papers_markdown

    return _render(lambda: papers_markdown(files.read_json(catalog_path), paths.display_path(target)), target)


def write_plot(catalog_path: Path, target: Path) -> bool:
    """papers.json -> overlap.png, the heatmap of shared papers."""
    from pipeline.overlap import overlap_counts, overlap_png

    files.write_bytes(target, overlap_png(overlap_counts(files.read_json(catalog_path))))
    return True


def write_report(catalog_path: Path, records_paths: list[Path], json_target: Path, md_target: Path) -> bool:
    """papers.json + records -> report.json and report.md."""
    from pipeline.report import build_report, report_markdown

    records = [files.read_json(path) for path in records_paths if path.exists()]
    report = build_report(files.read_json(catalog_path), records)
    files.write_json(json_target, report)
    summary = report["summary"]
    print(f"{paths.display_path(md_target)}: {summary['records']} records, {summary['rejects']} rejects, "
          f"{summary['conflicts']} conflicts, {summary['papers_without_identifier']} papers without "
          f"identifier", file=sys.stderr)
    return _render(lambda: report_markdown(report, paths.display_path(md_target)), md_target)


def _render(make: Any, target: Path) -> bool:
    try:
        files.write_text(target, make())
    except PipelineError as error:
        report([error.problem])
        return False
    return True


def release(version: str) -> bool:
    """The `doit release` action: snapshot build/catalog into build/releases/<version>."""
    from pipeline.cli import main

    if not version:
        report([Problem("doit release", None, "bad-version", "expected a version: doit release --version 1.0.0")])
        return False
    return main(["release", version]) == 0


def diff(old: str, new: str, as_json: bool) -> bool:
    """The `doit diff` action: the newest release (or --old) against the current build (or --new)."""
    from pipeline.cli import main
    from pipeline.release import releases

    known = releases(paths.build_dir() / "releases")
    if not old and not known:
        report([Problem(paths.display_path(paths.build_dir() / "releases"), None, "release-missing",
                        "no release to compare with yet: make one with doit release --version 1.0.0")])
        return False
    args = ["diff", old or known[-1], *([new] if new else []), *(["--json"] if as_json else [])]
    return main(args) in (0, 1)  # differences are the point of the task, not a failure


def write_citations(catalog_path: Path, bib_target: Path, csl_target: Path) -> bool:
    """papers.json -> papers.bib (BibTeX) and papers.csl.json (CSL-JSON), with the same citation keys."""
    from pipeline.citations import papers_bibtex, papers_csl

    catalog = files.read_json(catalog_path)
    files.write_text(bib_target, papers_bibtex(catalog))
    files.write_json(csl_target, papers_csl(catalog))
    return True


def write_database(catalog_path: Path, db_target: Path, metadata_target: Path) -> bool:
    """papers.json -> papers.db (SQLite, for datasette) and its metadata.json."""
    from pipeline.database import catalog_database, datasette_metadata

    catalog = files.read_json(catalog_path)
    files.write_bytes(db_target, catalog_database(catalog))
    files.write_json(metadata_target, datasette_metadata(catalog))
    return True


def write_webpage(catalog_path: Path, target: Path) -> bool:
    """papers.json -> index.html, the searchable page."""
    from pipeline.webpage import index_html

    files.write_text(target, index_html(files.read_json(catalog_path)))
    return True


def write_code_stamp(modules: list[Path], target: Path) -> bool:
    """The code a stage runs -> build/code/<stage>.json, the sha256 of each module and schema.

    Per-source tasks depend on this one file instead of on every module, so that a no-op `doit`
    checks each module once, not once per source. Unchanged digests are not rewritten.
    """
    text = files.dumps({paths.display_path(module): files.sha256_file(module) for module in modules})
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        files.write_text(target, text)
    return True
