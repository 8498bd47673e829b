"""Entries -> schema-valid records and rejects, with the accounting that nothing was lost.

    list items + table body rows (counted in the AST) == records + rejects + blank rows
"""

from __future__ import annotations

from typing import Any

import panflute as pf

from pipeline.extract import Entry, count_items_and_rows, extract_entries, load_document, piece_links, piece_text
from pipeline.fields import SELF_NAMES, clean, read_entry, title_column
from pipeline.parse import Ast
from pipeline.problems import PipelineError, Problem
from pipeline.validate import schema_problems

RecordsFile = dict[str, Any]


def _raw_text(pieces: list[dict[str, str]]) -> str:
    return piece_text(pieces).strip()


def _is_blank(entry: Entry) -> bool:
    return entry["headers"] is not None and not any(_raw_text(cell) for cell in entry["cells"])


def build_records(ast: Ast | pf.Doc, source: dict[str, str], paper: dict[str, str] | None = None) -> RecordsFile:
    """Read every list item and table row of one source into records or rejects.

    ``source`` is ``{"id", "path", "sha256"}``; ``paper`` is the paper the list accompanies
    ({"title", "url"}, pipeline.manifest.accompanied_paper), which a row titled "Ours" names.
    Raises PipelineError when a record breaks the schema (a bug to fix here, not in the list) or
    when the accounting does not hold.
    """
    records: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    problems: list[Problem] = []
    blank = 0
    ast = load_document(ast)
    entries = extract_entries(ast)
    used_ids: set[str] = set()
    for entry in entries:
        if _is_blank(entry):
            blank += 1
            continue
        line = entry["line"] or 1
        raw = _raw(entry)
        fields, reason = read_entry(_own_paper(entry, paper) if paper else entry)
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


def _own_paper(entry: Entry, paper: dict[str, str]) -> Entry:
    """A table row whose title cell reads "Ours", with that cell holding the list's own paper as a
    link (its title and arXiv/DOI URL); other entries as they are. The record keeps the row as written."""
    column = title_column(entry["headers"]) if entry["headers"] is not None else None
    if column is None or column >= len(entry["cells"]) or \
            clean(_raw_text(entry["cells"][column])).casefold() not in SELF_NAMES:
        return entry
    cells = list(entry["cells"])
    cells[column] = [{"label": paper["title"], "url": paper["url"]}]
    return dict(entry, cells=cells)


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

