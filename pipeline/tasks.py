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
from pipeline.parse import decode_source, parse_markdown
from pipeline.problems import PipelineError, Problem, sort_key
from pipeline.records import build_records


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
    files.write_json(target, {
        "source": {"id": paths.source_id(source), "path": shown, "sha256": digest},
        "problems": [problem.to_dict() for problem in sorted(problems, key=sort_key)],
        "ast": ast,
    })
    report(problems)
    return True


def extract_source(ast_file: Path, target: Path) -> bool:
    """build/ast/<id>.json -> build/records/<id>.json: records, rejects, counts and problems."""
    parsed = files.read_json(ast_file)
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
    print(f"{source['path']}: {counts['records']} records, {counts['rejects']} rejects, "
          f"{counts['skipped_blank']} blank rows skipped", file=sys.stderr)
    return True
