"""Entries -> schema-valid records and rejects, with the accounting that nothing was lost.

    list items + table body rows (counted in the AST) == records + rejects + blank rows
"""

from __future__ import annotations

from typing import Any

import panflute as pf

from pipeline.extract import (Entry, count_items_and_rows, extract_entries, inline_text, load_document,
                              piece_links, piece_text)
from pipeline.fields import clean, read_entry
from pipeline.kinds import decide_kind, is_own_link, repository_of
from pipeline.parse import Ast
from pipeline.problems import PipelineError, Problem
from pipeline.validate import schema_problems

RecordsFile = dict[str, Any]


def _raw_text(pieces: list[dict[str, str]]) -> str:
    return piece_text(pieces).strip()


def _is_blank(entry: Entry) -> bool:
    return entry["headers"] is not None and not any(_raw_text(cell) for cell in entry["cells"])


def build_records(ast: Ast | pf.Doc, source: dict[str, str], upstream: str | None = None) -> RecordsFile:
    """Read every list item and table row of one source into records or rejects.

    ``source`` is ``{"id", "path", "sha256"}``; ``upstream`` is where the list lives (the manifest's
    URL), so links back to the list itself are known as its table of contents. Raises PipelineError
    when a record breaks the schema (a bug to fix here, not in the list) or when the accounting
    does not hold.
    """
    records: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    problems: list[Problem] = []
    blank = 0
    ast = load_document(ast)
    entries = extract_entries(ast)
    home = repository_of(upstream) if upstream else None
    list_title = _list_title(ast)
    used_ids: set[str] = set()
    for entry in entries:
        if _is_blank(entry):
            blank += 1
            continue
        line = entry["line"] or 1
        raw = _raw(entry)
        fields, reason = _toc_entry(raw, home) or read_entry(entry)
        if reason or fields is None:
            code, message = reason or ("no-title", "expected a title")
            rejects.append({"line": line, "code": code, "message": message, "section": entry["section"],
                            "block": entry["block"], **raw})
            continue
        for note in fields.pop("doi_notes"):
            code, _sep, message = note.partition(": ")
            problems.append(Problem(source["path"], line, code, message))
        record_id = _unique_id(f"{source['id']}:{line}", used_ids)
        record = {"id": record_id, "source": {"id": source["id"], "file": source["path"], "line": line},
                  "block": entry["block"], "section": entry["section"], "headers": entry["headers"],
                  **raw, **fields}
        record["kind"], record["kind_reason"] = decide_kind(_evidence(record, list_title))
        invalid = schema_problems(record, "record", source["path"], line)
        if invalid:
            raise PipelineError(invalid[0])
        records.append(record)
    expected = count_items_and_rows(ast)
    if expected != len(records) + len(rejects) + blank:
        raise PipelineError(Problem(
            source["path"], None, "accounting",
            f"expected {expected} list items and table rows to end as records, rejects or blank "
            f"rows, found {len(records)} + {len(rejects)} + {blank}"))
    return {
        "source": source,
        "records": records,
        "rejects": rejects,
        "counts": {"items_and_rows": expected, "records": len(records), "rejects": len(rejects),
                   "skipped_blank": blank},
        "problems": [problem.to_dict() for problem in problems],
    }


def _toc_entry(raw: dict[str, Any], home: str | None) -> tuple[None, tuple[str, str]] | None:
    """A reject when every link of the entry points back at the list itself: a table of contents."""
    links = raw["links"]
    if not links or not all(is_own_link(link["url"], home) for link in links):
        return None
    shown = clean(raw["text"] if raw["text"] is not None else " | ".join(cell for cell in raw["cells"] if cell))[:80]
    return None, ("toc-entry", f"expected a paper, found links to the list itself only "
                               f"({links[0]['url'][:80]}): {shown!r}")


def _list_title(ast: pf.Doc) -> str | None:
    """The document's own title (its first level-1 heading), which says nothing about its entries."""
    for block in ast.content:
        if isinstance(block, pf.Header):
            return inline_text(block.content).strip() if block.level == 1 else None
    return None


def _evidence(record: dict[str, Any], list_title: str | None) -> dict[str, Any]:
    urls = record["urls"]
    text = record["text"] if record["text"] is not None else " | ".join(record["cells"] or [])
    return {"title": record["title"], "text": clean(text), "section": record["section"],
            "headers": record["headers"], "attributes": record["attributes"],
            "urls": [url for url in [urls["paper"], urls["code"], *urls["other"]] if url],
            "identifiers": record["identifiers"], "venue": record["venue"], "year": record["year"],
            "authors": record.get("authors"), "list_title": list_title}


def _raw(entry: Entry) -> dict[str, Any]:
    if entry["headers"] is None:
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

