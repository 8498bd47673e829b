"""Problems are data: a stable code, a file:line and a message naming what was expected and found."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any, Iterable, Literal, Mapping, TextIO, TypedDict

Severity = Literal["error", "warning"]


class ProblemData(TypedDict):
    """A problem as JSON (``Problem.to_dict``), as records files and the catalog's problems hold it."""

    file: str
    line: int | None
    code: str
    message: str
    severity: Severity

#: Every problem code, its severity and a one-line description (the README table is generated from it).
CODES: dict[str, tuple[Severity, str]] = {
    # reading a source
    "not-utf8": ("warning", "the source is not valid UTF-8; it was decoded as Windows-1252"),
    "bom": ("warning", "the source starts with a byte-order mark, which was dropped"),
    "crlf": ("warning", "the source has CRLF line endings, read as LF"),
    "nul-byte": ("warning", "the source holds NUL bytes, replaced by U+FFFD as CommonMark says"),
    "empty-source": ("warning", "the source is empty: it yields no records"),
    "long-line": ("warning", "a line is longer than 10,000 characters"),
    "not-markdown": ("error", "the source is binary, not markdown text: it is skipped"),
    "pandoc-failed": ("error", "pandoc could not read the source: it is skipped"),
    "unreadable-source": ("error", "the source file cannot be read: it is skipped"),
    # bounds on hostile sources (pipeline/read/prescan.py, pipeline/limits.py)
    "large-source": ("warning", "the source is larger than 2 MB"),
    "too-large": ("error", "the source is larger than 16 MB: it is skipped"),
    "line-too-long": ("error", "a line is longer than 250,000 characters: the source is skipped"),
    "many-links": ("warning", "a line holds more than 100 links"),
    "too-many-links": ("error", "a line holds more than 1,000 links: the source is skipped"),
    "deep-nesting": ("warning", "lists, quotes and HTML nest more than 8 deep"),
    "too-deep": ("error", "lists, quotes or HTML nest more than 32 deep (or deeper than Python can "
                          "read): the source is skipped"),
    "parse-limit": ("error", "a reader ran out of its memory or time limit on the source: it is skipped"),
    "bad-limit": ("error", "PAPERLISTS_PARSE_MEMORY or PAPERLISTS_PARSE_SECONDS is not a size or a duration"),
    "stage-failed": ("error", "a per-source stage stopped unexpectedly: the source is skipped"),
    # the parser cross-check
    "crosscheck": ("warning", "pandoc and mistune disagree on the structure of a section"),
    # the manifest
    "manifest-invalid": ("error", "the manifest does not match schemas/manifest.schema.json"),
    "manifest-missing-file": ("error", "a manifest entry names a file that does not exist"),
    "not-in-manifest": ("warning", "a source has no manifest entry: defaults were used"),
    # extraction
    "record-invalid": ("error", "an extracted record does not match schemas/record.schema.json"),
    "schema-invalid": ("error", "a file in schemas/ is not valid JSON or not a valid JSON Schema 2020-12"),
    "accounting": ("error", "list items + table rows differ from records + rejects + skipped entries"),
    "github-differs": ("warning", "GitHub shows a list item or table row that pandoc's reading has not (or the reverse)"),
    "toc-entry": ("warning", "an entry links only to the list itself (its anchors, pages or repository)"),
    "no-title": ("warning", "a list item or table row names no paper or resource"),
    "prose": ("warning", "a list item has no link and no 'Title, venue year' form"),
    "title-suspect": ("warning", "a record's title still holds a URL, markup, a venue tail or authors, "
                                 "or is only a link label"),
    "bad-doi": ("warning", "a DOI in a link is malformed"),
    "repaired-doi": ("warning", "a DOI in a link had stray characters, which were removed"),
    "repaired-arxiv": ("warning", "an arXiv id in a link had stray characters, which were removed"),
    # deduplication (its conflicts, such as wrong links, are listed in the catalog and the report)
    "decision-invalid": ("error", "the decisions file is invalid or names one mention twice"),
    "decision-stale": ("error", "a decision's mention (source and title) is gone or ambiguous: it is not applied"),
    # releases
    "release-exists": ("error", "a release with this version exists already"),
    "bad-version": ("error", "a release version is missing or not Semantic Versioning 2.0.0 (1.2.0, 1.2.0-rc.1)"),
    "release-missing": ("error", "no release has this version"),
    "build-stale": ("error", "the build is not up to date with its sources, manifest, decisions, code or schemas"),
    "build-errors": ("error", "the last build had errors: no release without --allow-errors"),
    "bad-catalog": ("error", "a papers.json file is not valid JSON or not a catalog"),
    "bad-ignore": ("error", "diff --ignore names a field that papers.json does not have"),
    "schema-version": ("error", "two catalogs have different schema versions"),
}


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, printed compiler style: ``sources/x.md:42: code: message``."""

    file: str
    line: int | None
    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown problem code {self.code!r}; expected one of {sorted(CODES)}")

    @property
    def severity(self) -> Severity:
        return CODES[self.code][0]

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.code}: {self.message}"

    def to_dict(self) -> ProblemData:
        return {"file": self.file, "line": self.line, "code": self.code, "message": self.message,
                "severity": self.severity}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Problem:
        return cls(data["file"], data["line"], data["code"], data["message"])


def sort_key(problem: Problem) -> tuple[str, int, str, str]:
    """Order problems by file, then line (None first), then code and message."""
    return (problem.file, problem.line or 0, problem.code, problem.message)


def report(problems: Iterable[Problem], stream: TextIO | None = None) -> None:
    """Print problems compiler style, one a line, in a stable order (stderr by default).

    Only the shells call it (pipeline/tasks.py, pipeline/artifacts.py, pipeline/cli.py and the doit
    check); stages return their problems."""
    for problem in sorted(problems, key=sort_key):
        say(f"{problem.severity}: {problem}", stream)


def say(line: str, stream: TextIO | None = None) -> None:
    """Print one line (on stderr by default) in a single write.

    doit's workers and its reporter, in other processes, write to the same terminal, and print()
    writes a line's text and its newline separately (stderr writes through at once): a reporter's
    ".  check" then landed between them, at the end of another task's line instead of on its own."""
    (stream or sys.stderr).write(line + "\n")


def plural(count: int, noun: str) -> str:
    """The count and its noun, in the plural unless the count is one.

    >>> plural(1, "record"), plural(2, "record"), plural(0, "warning")
    ('1 record', '2 records', '0 warnings')
    """
    return f"{count} {noun}{'' if count == 1 else 's'}"


class PipelineError(Exception):
    """Raised when going on makes no sense; carries the problem that explains why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem
