"""Entries -> schema-valid records and rejects, with the accounting that nothing was lost.

Every list item and table body row that GitHub shows (``github.py``), matched by line, ends as a
record, a reject or a counted skip (a blank row, a sub-item folded into its parent); one that
pandoc's reading has no entry for is a ``github-differs`` warning at its line, never dropped
silently. Entries written as paragraphs are records GitHub shows as no item, counted apart.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TypedDict

from pipeline.entries.extract import Entry, extract_entries, inline_text, piece_links, piece_text
from pipeline.entries.layout import supporting
from pipeline.entries.pandoc_json import Document, count_items_and_rows, load_document
from pipeline.records.fields import SELF_NAMES, Fields, clean, read_entry, title_column
from pipeline.read.github import GithubView, github_view
from pipeline.records.kinds import Evidence, Kind, decide_kind, is_own_link, repository_of
from pipeline.read.parse import Ast, parse_markdown
from pipeline.problems import PipelineError, Problem
from pipeline.records.shapes import Counts, Link, Provenance, Record, RecordsFile, Reject, SourceRef
from pipeline.records.titlecheck import suspect_title
from pipeline.validate import schema_problems


class _Raw(TypedDict):
    """An entry as found: a list item's text, or a table row's cells, and its links."""

    text: str | None
    cells: list[str] | None
    links: list[Link]


def _raw_text(pieces: list[dict[str, str]]) -> str:
    return piece_text(pieces).strip()


def _is_blank(entry: Entry) -> bool:
    return entry["shape"] == "row" and not any(_raw_text(cell) for cell in entry["cells"])


def build_records(ast: Ast | Document, source: SourceRef, github: GithubView,
                  paper: dict[str, str] | None = None, upstream: str | None = None) -> RecordsFile:
    """Read every list item and table row of one source into records or rejects.

    ``source`` is ``{"id", "path", "sha256"}``; ``github`` is GitHub's reading of the same text;
    ``paper`` is the paper the list accompanies ({"title", "url"}, pipeline.manifest.accompanied_paper),
    which a row titled "Ours" names; ``upstream`` is where the list lives (the manifest's URL), so
    links back to the list itself are known as its table of contents. Raises PipelineError when a
    record breaks the schema (a bug to fix here, not in the list) or when the accounting does not hold.
    """
    records: list[Record] = []
    rejects: list[Reject] = []
    problems: list[Problem] = []
    skipped = Counter[str]()
    ast = load_document(ast)
    entries = extract_entries(ast)
    context = _Context(source, paper, repository_of(upstream) if upstream else None, _list_title(ast))
    used_ids: set[str] = set()
    outcomes: list[tuple[int, str]] = []  # (line, what the entry became), paragraphs left out
    paragraphs = 0
    titled = _titled_by_heading(entries, context.list_title)
    for entry in entries:
        line = entry["line"] or 1
        heading = entry["section"][-1] if tuple(entry["section"]) in titled else None
        outcome = _outcome(entry, context, line, records, rejects, problems, used_ids, heading)
        if outcome in ("blank", "folded"):
            skipped[outcome] += 1
        if entry["block"]["type"] == "paragraph":
            paragraphs += outcome == "record"
        else:
            outcomes.append((line, outcome))
    in_ast = count_items_and_rows(ast)
    if in_ast != len(outcomes):
        raise PipelineError(Problem(
            source["path"], None, "accounting",
            f"expected {in_ast} list items and table rows in pandoc's AST to end as records, "
            f"rejects or skipped entries, found {len(outcomes)}"))
    differs, pandoc_only = _compare_with_github(github, outcomes, source["path"], problems)
    shown = len(github["items"]) + len(github["rows"])
    counts: Counts = {"items_and_rows": shown, "records": len(records), "rejects": len(rejects),
              "skipped_blank": skipped["blank"], "skipped_folded": skipped["folded"],
              "github_differs": differs, "pandoc_only": pandoc_only, "paragraph_entries": paragraphs}
    ended = len(records) + len(rejects) + skipped["blank"] + skipped["folded"]
    if shown - differs + pandoc_only + paragraphs != ended:
        raise PipelineError(Problem(
            source["path"], None, "accounting",
            f"expected the {shown} list items and table rows GitHub shows ({differs} reported as "
            f"github-differs) + {pandoc_only} only pandoc reads + {paragraphs} paragraph entries to "
            f"end as records, rejects or skipped entries, found {ended}"))
    return {
        "source": source,
        "records": records,
        "rejects": rejects,
        "counts": counts,
        "problems": [problem.to_dict() for problem in problems],
    }


#: At most this many items under a heading that names one paper (its paper, code, project links)
_HEADING_ITEMS = 3


def _titled_by_heading(entries: list[Entry], list_title: str | None) -> set[tuple[str, ...]]:
    """Sections whose few list items hold nothing but generic links ("### Attention Is All You Need
    (NeurIPS 2017)" over "- [paper](url)" and "- [code](url)"): the heading is their title. A heading
    of fewer than four words without a colon ("### 2023", "### Surveys") names no paper, nor does the
    list's own title."""
    items: dict[tuple[str, ...], list[Entry]] = {}
    for entry in entries:
        if entry["shape"] == "item" and "folded_into" not in entry and entry["section"] and \
                entry["section"][-1] != list_title:
            items.setdefault(tuple(entry["section"]), []).append(entry)
    return {section for section, found in items.items()
            if len(found) <= _HEADING_ITEMS and _reads_as_title(section[-1])
            and all(supporting(entry.get("pieces") or []) == "links" for entry in found)}


def _reads_as_title(heading: str) -> bool:
    words = heading.split()
    return len(words) >= 4 or (":" in heading and len(words) >= 2)


@dataclass(frozen=True)
class _Context:
    """What one source's entries are read against."""

    source: SourceRef
    paper: dict[str, str] | None  #: the paper the list accompanies (its "Ours" row)
    home: str | None  #: the list's own repository: links to it are its table of contents
    list_title: str | None  #: the document's title, which says nothing about its entries' kinds



def records_from_text(text: str, source: SourceRef, paper: dict[str, str] | None = None,
                      upstream: str | None = None) -> RecordsFile:
    """Decoded markdown -> its records file in one go (GitHub's reading, pandoc, build_records), for
    the records command and the tests; the build runs the two halves as separate doit tasks."""
    view = github_view(text)
    return build_records(parse_markdown(text, source["path"], view), source, view, paper=paper, upstream=upstream)

def _outcome(entry: Entry, context: _Context, line: int, records: list[Record],
             rejects: list[Reject], problems: list[Problem], used_ids: set[str], heading: str | None = None) -> str:
    """Turn one entry into a record, a reject or a skip; returns which. A ``heading`` that names the
    entry's paper (``_titled_by_heading``) is read as if written before its links; the record keeps
    the item as written."""
    if "folded_into" in entry:
        return "folded"
    if _is_blank(entry):
        return "blank"
    raw = _raw(entry)
    source = context.source
    read: Entry = {**entry, "pieces": [{"text": f"{heading} "}, *(entry.get("pieces") or [])]} if heading else entry
    fields, reason = _toc_entry(raw, context.home) or \
        read_entry(_own_paper(read, context.paper) if context.paper else read)
    if reason or fields is None:
        if entry["block"]["type"] == "paragraph":
            return "not-an-entry"  # a paragraph without a paper link is prose, not a reject
        code, message = reason or ("no-title", "expected a title")
        rejects.append({"line": line, "code": code, "message": message, "section": entry["section"],
                        "block": entry["block"], "text": raw["text"], "cells": raw["cells"], "links": raw["links"]})
        return "reject"
    for note in fields["link_notes"]:
        code, _sep, message = note.partition(": ")
        problems.append(Problem(source["path"], line, code, message))
    record_id = _unique_id(f"{source['id']}:{line}", used_ids)
    kind = decide_kind(_evidence(raw, fields, entry, context.list_title))
    record = _record(record_id, {"id": source["id"], "file": source["path"], "line": line}, entry, raw, fields, kind)
    suspect = suspect_title(record["title"])
    # A resource named by its own address is the designed fallback, not junk left in a title.
    if suspect and not (record["kind"] not in ("paper", "survey") and record["title"] in _urls(record)):
        problems.append(Problem(source["path"], line, "title-suspect",
                                f"expected a clean title, found {record['title'][:120]!r}: it holds {suspect}"))
    invalid = schema_problems(record, "record", source["path"], line)
    if invalid:
        raise PipelineError(invalid[0])
    records.append(record)
    return "record"


def _compare_with_github(github: GithubView, outcomes: list[tuple[int, str]], path: str,
                         problems: list[Problem]) -> tuple[int, int]:
    """Match GitHub's items and rows with pandoc's entries by line.

    Returns (GitHub's items and rows without an entry, entries on lines where GitHub shows none);
    each one that is not a blank row is a ``github-differs`` warning at its line.
    """
    shown = Counter(github["items"]) + Counter(github["rows"])
    ended = Counter(line for line, _outcome in outcomes)
    missing = shown - ended
    extra = ended - shown
    for line in sorted(missing.elements()):
        kind = "a table row" if line in github["rows"] else "a list item"
        problems.append(Problem(path, line, "github-differs",
                                f"GitHub shows {kind} here; expected pandoc to read it too, found no entry "
                                f"on this line"))
    reported: set[int] = set()
    for line, outcome in outcomes:
        if extra[line] and outcome in ("record", "reject") and line not in reported:
            reported.add(line)
            problems.append(Problem(path, line, "github-differs",
                                    f"pandoc reads {extra[line]} entry(s) here that GitHub does not show "
                                    f"as a list item or table row; kept as found"))
    return sum(missing.values()), sum(extra.values())


def _own_paper(entry: Entry, paper: dict[str, str]) -> Entry:
    """A table row whose title cell reads "Ours", with that cell holding the list's own paper as a
    link (its title and arXiv/DOI URL); other entries as they are. The record keeps the row as written."""
    column = title_column(entry["headers"]) if entry["shape"] == "row" and entry["headers"] is not None else None
    if column is None or column >= len(entry["cells"]) or \
            clean(_raw_text(entry["cells"][column])).casefold() not in SELF_NAMES:
        return entry
    cells = list(entry["cells"])
    cells[column] = [{"label": paper["title"], "url": paper["url"]}]
    own = entry.copy()
    own["cells"] = cells
    return own


def _toc_entry(raw: _Raw, home: str | None) -> tuple[None, tuple[str, str]] | None:
    """A reject when every link of the entry points back at the list itself: a table of contents."""
    links = raw["links"]
    if not links or not all(is_own_link(link["url"], home) for link in links):
        return None
    cells = raw["cells"] or []  # a row's, when its text is None
    shown = clean(raw["text"] if raw["text"] is not None else " | ".join(cell for cell in cells if cell))[:80]
    return None, ("toc-entry", f"expected a paper, found links to the list itself only "
                               f"({links[0]['url'][:80]}): {shown!r}")


def _list_title(ast: Document) -> str | None:
    """The document's own title (its first level-1 heading), which says nothing about its entries."""
    for block in ast.blocks:
        if block["t"] == "Header":
            return inline_text(block["c"][2]).strip() if block["c"][0] == 1 else None
    return None


def _record(record_id: str, source: Provenance, entry: Entry, raw: _Raw, fields: Fields, kind: Kind) -> Record:
    """The record of an entry: its place, the entry as found, the fields read from it and its kind."""
    record: Record = {"id": record_id, "source": source, "block": entry["block"], "section": entry["section"],
                      "headers": entry["headers"], "text": raw["text"], "cells": raw["cells"], "links": raw["links"],
                      "title": fields["title"], "short_name": fields["short_name"], "venue": fields["venue"],
                      "year": fields["year"], "month": fields["month"], "urls": fields["urls"],
                      "identifiers": fields["identifiers"], "notes": fields["notes"],
                      "attributes": fields["attributes"], "read_mark": fields["read_mark"],
                      "kind": kind.kind, "kind_reason": kind.reason}
    if "authors" in fields:
        record["authors"] = fields["authors"]
    return record


def _urls(record: Record | Fields) -> list[str]:
    urls = record["urls"]
    return [url for url in [urls["paper"], urls["code"], *urls["other"]] if url]


def _evidence(raw: _Raw, fields: Fields, entry: Entry, list_title: str | None) -> Evidence:
    text = raw["text"] if raw["text"] is not None else " | ".join(raw["cells"] or [])
    return {"title": fields["title"], "text": clean(text), "section": entry["section"],
            "headers": entry["headers"], "attributes": fields["attributes"],
            "urls": _urls(fields),
            "identifiers": fields["identifiers"], "venue": fields["venue"], "year": fields["year"],
            "authors": fields.get("authors"), "list_title": list_title}


def _raw(entry: Entry) -> _Raw:
    if entry["shape"] == "item":
        pieces = entry["pieces"]
        return {"text": _raw_text(pieces), "cells": None, "links": piece_links(pieces)}
    cells = entry["cells"]
    return {"text": None, "cells": [_raw_text(cell) for cell in cells],
            "links": [link for cell in cells for link in piece_links(cell)]}


def _unique_id(candidate: str, used: set[str]) -> str:
    """``source:line``; a second entry on the same line (an HTML table row) gets ``.2``, ``.3``…"""
    record_id, suffix = candidate, 1
    while record_id in used:
        suffix += 1
        record_id = f"{candidate}.{suffix}"
    used.add(record_id)
    return record_id

