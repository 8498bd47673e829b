"""GitHub's own reading of a source (cmark-gfm): the lines of every list item and table body row it renders.

pandoc is the parser of record, but what a reader sees is what GitHub renders, and the two differ
(a pipe table right after a paragraph is a table on GitHub and text for pandoc). cmark-gfm, the C
library GitHub renders markdown with, reads the same text with source positions; raw HTML blocks
(``<table>``, ``<ul>/<ol>/<li>``) are read again with the standard library's HTML parser and their
tags mapped back to source lines. The extract stage accounts for every line found here.
"""

from __future__ import annotations

import bisect
import re
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from typing import Any, Iterator, TypedDict

import cffi
from cmarkgfm import _cmark

_NS = "{http://commonmark.org/xml/1.0}"
#: GitHub's extensions (github_flavored_markdown_to_html uses the same list).
_EXTENSIONS = (b"table", b"autolink", b"strikethrough", b"tagfilter", b"tasklist")
_OPTIONS = _cmark.lib.CMARK_OPT_SOURCEPOS | _cmark.lib.CMARK_OPT_UNSAFE
# The bindings expose only HTML rendering; the XML renderer (positions on every node, raw HTML
# as literal text) is in the same shared library, so it is declared and opened here (cffi ABI mode).
_FFI = cffi.FFI()
_FFI.cdef("""
typedef struct cmark_node cmark_node;
typedef struct cmark_parser cmark_parser;
typedef struct cmark_syntax_extension cmark_syntax_extension;
typedef struct cmark_mem { void *(*calloc)(size_t, size_t); void *(*realloc)(void *, size_t);
                           void (*free)(void *); } cmark_mem;
void cmark_gfm_core_extensions_ensure_registered(void);
cmark_syntax_extension *cmark_find_syntax_extension(const char *name);
cmark_parser *cmark_parser_new(int options);
int cmark_parser_attach_syntax_extension(cmark_parser *parser, cmark_syntax_extension *extension);
void cmark_parser_feed(cmark_parser *parser, const char *buffer, size_t len);
cmark_node *cmark_parser_finish(cmark_parser *parser);
void cmark_parser_free(cmark_parser *parser);
void cmark_node_free(cmark_node *node);
char *cmark_render_xml(cmark_node *root, int options);
cmark_mem *cmark_get_default_mem_allocator(void);
""")
_LIB: Any = None
#: characters XML 1.0 cannot hold, which cmark-gfm's XML would pass through (none ends a line)
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class GithubView(TypedDict):
    """What GitHub renders, by source line (a line repeats when it holds several items or rows)."""

    items: list[int]
    """the first line of every list item, markdown or raw HTML ``<li>``"""
    rows: list[int]
    """the line of every table body row, pipe table or raw HTML ``<tr>``"""
    tables_after_text: list[int]
    """header lines of pipe tables that start right after a paragraph line (no blank line between)"""


def _lib() -> Any:
    global _LIB
    if _LIB is None:
        _LIB = _FFI.dlopen(_cmark.__file__)
        _LIB.cmark_gfm_core_extensions_ensure_registered()
    return _LIB


def cmark_xml(text: str) -> str:
    """cmark-gfm's XML for ``text``, with GitHub's extensions and source positions."""
    lib = _lib()
    parser = lib.cmark_parser_new(_OPTIONS)
    try:
        for name in _EXTENSIONS:
            lib.cmark_parser_attach_syntax_extension(parser, lib.cmark_find_syntax_extension(name))
        data = text.encode("utf-8")
        lib.cmark_parser_feed(parser, data, len(data))
        root = lib.cmark_parser_finish(parser)
        rendered = lib.cmark_render_xml(root, _OPTIONS)
        xml = str(_FFI.string(rendered).decode("utf-8"))
        lib.cmark_get_default_mem_allocator().free(rendered)
        lib.cmark_node_free(root)
    finally:
        lib.cmark_parser_free(parser)
    return xml


def github_view(text: str) -> GithubView:
    """The lines of every list item and table body row GitHub renders from ``text``.

    >>> github_view("Intro\\n| a |\\n|---|\\n| 1 |\\n\\n- x\\n")
    {'items': [6], 'rows': [4], 'tables_after_text': [2]}
    """
    root = ElementTree.fromstring(cmark_xml(_XML_INVALID.sub("\ufffd", text)).encode("utf-8"))
    view: GithubView = {"items": [], "rows": [], "tables_after_text": []}
    html = _HtmlRows()
    _walk(root, view, html)
    html.finish()
    view["items"] = sorted(view["items"] + html.items)
    view["rows"] = sorted(view["rows"] + html.rows)
    return view


def _line(node: ElementTree.Element) -> int | None:
    pos = node.get("sourcepos")
    return int(pos.split(":", 1)[0]) if pos else None


def _walk(root: ElementTree.Element, view: GithubView, html: _HtmlRows) -> None:
    """Visit the tree in document order, iteratively: a hostile source can nest deeper than
    Python's recursion limit."""
    stack: list[tuple[Iterator[ElementTree.Element], bool]] = [(iter(root), True)]
    while stack:
        children, top = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            continue
        kind = child.tag.removeprefix(_NS)
        line = _line(child)
        if kind == "item" and line is not None:
            view["items"].append(line)
        elif kind == "table_row" and line is not None:
            view["rows"].append(line)
        elif kind in ("html_block", "html_inline") and line is not None:
            html.add(child.text or "", line)
            continue
        elif kind == "table" and top:
            _table_after_text(child, view)
        if len(child):
            stack.append((iter(child), False))


def _table_after_text(table: ElementTree.Element, view: GithubView) -> None:
    # cmark-gfm turns the last line of a paragraph into the header row, and the table then starts
    # where the paragraph started; the first body row is exact, the header two lines above it.
    rows = [_line(row) for row in table if row.tag == f"{_NS}table_row"]
    start = _line(table)
    if not rows or rows[0] is None or start is None:
        return
    header = rows[0] - 2
    if start < header:
        view["tables_after_text"].append(header)


class _HtmlRows(HTMLParser):
    """Raw HTML fed block by block: ``<li>`` items and table body ``<tr>`` rows, by source line.

    Body rows follow pandoc's html reader: rows in ``<thead>``/``<tfoot>`` and the leading rows of
    only ``<th>`` cells are header rows. One parser reads every block of the document, since a
    table can be split into several HTML blocks by blank lines, as the browser sees it whole.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[int] = []
        self.rows: list[int] = []
        self._chunk_starts: list[int] = []  # fed lines before each chunk
        self._chunk_lines: list[int] = []  # the source line of each chunk
        self._fed = 0
        self._tables: list[dict[str, Any]] = []

    def add(self, literal: str, line: int) -> None:
        if "<" not in literal:
            return
        if not literal.endswith("\n"):
            literal += "\n"
        self._chunk_starts.append(self._fed)
        self._chunk_lines.append(line)
        self._fed += literal.count("\n")
        self.feed(literal)

    def finish(self) -> None:
        self.close()
        while self._tables:
            self._end_row(self._tables.pop())

    def _source_line(self) -> int:
        fed_line = self.getpos()[0] - 1  # 0-based among all fed lines
        chunk = max(bisect.bisect_right(self._chunk_starts, fed_line) - 1, 0)
        return self._chunk_lines[chunk] + fed_line - self._chunk_starts[chunk]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        table = self._tables[-1] if self._tables else None
        if tag == "li":
            self.items.append(self._source_line())
        elif tag == "table":
            self._tables.append({"section": None, "row": None, "body_started": False})
        elif table is None:
            return
        elif tag in ("thead", "tbody", "tfoot"):
            self._end_row(table)
            table["section"] = tag
            table["body_started"] = False
        elif tag == "tr":
            self._end_row(table)
            table["row"] = {"line": self._source_line(), "cells": set()}
        elif tag in ("td", "th") and table["row"] is not None:
            table["row"]["cells"].add(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self._tables:
            return
        if tag == "tr":
            self._end_row(self._tables[-1])
        elif tag in ("thead", "tbody", "tfoot"):
            self._end_row(self._tables[-1])
            self._tables[-1]["section"] = None  # rows after </thead> without <tbody> are body rows
        elif tag == "table":
            self._end_row(self._tables.pop())

    def _end_row(self, table: dict[str, Any]) -> None:
        row = table["row"]
        table["row"] = None
        if row is None or not row["cells"] or table["section"] in ("thead", "tfoot"):
            return  # header and footer rows, and a row without cells, which shows nothing
        if not table["body_started"] and row["cells"] == {"th"}:
            return  # a leading row of header cells: the table's head
        table["body_started"] = True
        self.rows.append(row["line"])
