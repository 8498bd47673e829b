"""pandoc AST -> entries: one per list item (any depth) and per table body row, with provenance.

An entry is the raw material of a record: where it stands (line, section trail, block, position),
its text or cells as pieces of text and links, and the table's header names. ``fields.py`` reads
titles, venues and identifiers out of entries; this module only walks the document.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from html import unescape
from typing import Any, Literal, Required, TypedDict

import panflute as pf

from pipeline.entries.layout import Cell, header_names, spread, supporting
from pipeline.read.parse import Ast, start_line

#: One piece of inline content: {"text": "..."} or {"label": "...", "url": "..."}.
Piece = dict[str, str]


class Position(TypedDict):
    """Where an entry stands: its block (a list, table or paragraph) and its place in it."""

    type: str  #: "ordered-list", "bullet-list", "table" or "paragraph"
    index: int  #: the block's number among blocks of its sort, from 1
    position: int  #: the item's or row's number in the block, from 1
    depth: int  #: list nesting, 0 at the top


class Entry(TypedDict, total=False):
    """One list item, table body row or paragraph entry, as the later stages read it."""

    #: "item" (a list item, a sub-item or a paragraph: ``pieces``) or "row" (a table row:
    #: ``headers`` and ``cells``)
    shape: Required[Literal["item", "row"]]
    line: Required[int | None]
    block: Required[Position]
    section: Required[list[str]]
    #: a row's column names; None for an item
    headers: Required[list[str] | None]
    pieces: list[Piece]
    cells: list[list[Piece]]
    #: a sub-item folded into its parent: the parent's line
    folded_into: int | None

_BARE_URL = re.compile(r"https?://[^\s<>()\[\]|，。]+")
_URL_TRAILING = ".,;:!?'\""
_ANCHOR_OPEN = re.compile(r"""<a\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>""", re.IGNORECASE)
_ANCHOR_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)


@dataclass
class _Walk:
    entries: list[Entry] = field(default_factory=list)
    trail: list[tuple[int, str]] = field(default_factory=list)
    lists: int = 0
    tables: int = 0
    paragraphs: int = 0


def load_document(ast: Ast | pf.Doc) -> pf.Doc:
    """A pandoc JSON AST (a dict) as a panflute document; a document is returned as it is."""
    if isinstance(ast, pf.Doc):
        return ast
    return pf.load(io.StringIO(json.dumps(ast)))


def load_ast_file(text: str) -> dict[str, Any]:
    """A build/ast/<source>.json file, its "ast" decoded straight into panflute elements."""
    result: dict[str, Any] = json.loads(text, object_hook=pf.elements.from_json)
    return result


def extract_entries(ast: Ast | pf.Doc) -> list[Entry]:
    """Every list item and table body row of the document, in document order."""
    walk = _Walk()
    _blocks(load_document(ast).content, walk)
    return walk.entries


def count_items_and_rows(ast: Ast | pf.Doc) -> int:
    """List items (any depth) + table body rows, counted by panflute's own walk of the document.

    Independent of the walker above, so the accounting check compares two different counts.
    """
    found = 0

    def count(element: pf.Element, _doc: pf.Doc | None) -> None:
        nonlocal found
        if isinstance(element, pf.ListItem) or (isinstance(element, pf.TableRow)
                                                and isinstance(element.parent, pf.TableBody)):
            found += 1

    load_document(ast).walk(count)
    return found


def piece_text(pieces: list[Piece]) -> str:
    """The text of pieces as found, link labels included."""
    return "".join(piece.get("text", piece.get("label", "")) for piece in pieces)


def piece_links(pieces: list[Piece]) -> list[dict[str, str]]:
    """The links among pieces, as {"label", "url"}."""
    return [{"label": piece["label"], "url": piece["url"]} for piece in pieces if "url" in piece]


def _section(walk: _Walk) -> list[str]:
    return [title for _level, title in walk.trail]


def _blocks(blocks: Any, walk: _Walk) -> None:
    for block in blocks:
        if isinstance(block, pf.Header):
            level = block.level
            while walk.trail and walk.trail[-1][0] >= level:
                walk.trail.pop()
            walk.trail.append((level, inline_text(block.content).strip()))
        elif isinstance(block, (pf.BulletList, pf.OrderedList)):
            walk.lists += 1
            _list(block, walk, walk.lists, depth=0)
        elif isinstance(block, pf.Table):
            walk.tables += 1
            _table(block, walk, walk.tables)
        elif isinstance(block, pf.Para) and _is_paragraph_entry(block):
            walk.paragraphs += 1
            walk.entries.append({
                "shape": "item",
                "line": _first_line(block),
                "block": {"type": "paragraph", "index": walk.paragraphs, "position": 1, "depth": 0},
                "section": _section(walk),
                "headers": None,
                "pieces": _with_bare_urls(_pieces(block)),
            })
        elif isinstance(block, pf.Div) and "details" in block.classes:
            summary = block.attributes.get("summary", "").strip()
            saved = list(walk.trail)
            if summary:
                walk.trail.append((7, summary))  # deeper than any heading inside the <details>
            _blocks(block.content, walk)
            walk.trail = saved
        elif isinstance(block, (pf.Div, pf.BlockQuote)):
            _blocks(block.content, walk)


def _is_paragraph_entry(para: pf.Para) -> bool:
    """An entry written as a paragraph: it opens with a bold title (not a ``**Label:**``) or a
    linked title followed by its details (``[Title](url), Venue 2020``, not ``[Topic](url) is the
    task of…``), and carries a web link: ``**Title.** <br> *Authors* <br> [[paper]](url)``."""
    content = [node for node in para.content if not isinstance(node, pf.RawInline)]
    while content and isinstance(content[0], pf.Span) and "wrapper" in content[0].attributes:
        content = list(content[0].content) + content[1:]  # sourcepos wraps inlines in Spans
    start = next((index for index, node in enumerate(content)
                  if not isinstance(node, (pf.Space, pf.SoftBreak, pf.LineBreak))), None)
    if start is None or not isinstance(content[start], (pf.Link, pf.Strong)):
        return False
    first = content[start]
    lead = inline_text(first.content).strip()
    if len(lead.split()) < 3 or lead.endswith((":", "：")):
        return False
    if isinstance(first, pf.Link):
        after = inline_text(content[start + 1:]).lstrip(" ")
        if not first.url.startswith(("http://", "https://")) or (after and after[0] not in ",.;-–—|([\n"):
            return False
    links: list[str] = []
    para.walk(lambda node, _doc: links.append(node.url) if isinstance(node, pf.Link) else None)
    return any(url.startswith(("http://", "https://")) for url in links)


def _list(block: pf.BulletList | pf.OrderedList, walk: _Walk, index: int, depth: int) -> None:
    kind = "ordered-list" if isinstance(block, pf.OrderedList) else "bullet-list"
    for position, item in enumerate(block.content, start=1):
        pieces, nested = _item_pieces(item)
        entry: Entry = {
            "shape": "item",
            "line": _first_line(item),
            "block": {"type": kind, "index": index, "position": position, "depth": depth},
            "section": _section(walk),
            "headers": None,
            "pieces": pieces,
        }
        walk.entries.append(entry)
        if pieces and _fold(entry, nested, walk, kind, index, depth):
            continue
        for child in nested:
            _list(child, walk, index, depth + 1)


def _item_pieces(item: pf.ListItem) -> tuple[list[Piece], list[pf.BulletList | pf.OrderedList]]:
    own: list[pf.Block] = []
    nested: list[pf.BulletList | pf.OrderedList] = []
    _split_item(item.content, own, nested)
    pieces: list[Piece] = []
    for part in own:
        if pieces:
            pieces.append({"text": "\n"})
        pieces.extend(_pieces(part))
    return _with_bare_urls(pieces), nested


def _fold(parent: Entry, nested: list[pf.BulletList | pf.OrderedList], walk: _Walk, kind: str, index: int,
          depth: int) -> bool:
    """Fold sub-items that only hold links, labels or the author line of their parent into it.

    ``- **Title**`` with ``- Authors``, ``- [[Paper]](url)``, ``- [[Code]](url)`` below is one
    entry. The sub-items stay entries of their own, marked ``folded_into``, so each is counted.
    Returns False (nothing folded) when any sub-item could be an entry of its own.
    """
    children = [(item, *_item_pieces(item)) for child in nested for item in child.content]
    if not children or any(grandchildren for _item, _pieces, grandchildren in children):
        return False
    kinds = [supporting(pieces) for _item, pieces, _nested in children]
    if None in kinds or not any(kind_ in ("links", "label") for kind_ in kinds):
        return False
    for position, (item, pieces, _nested) in enumerate(children, start=1):
        parent["pieces"] = parent["pieces"] + [{"text": "\n"}] + pieces
        walk.entries.append({
            "shape": "item",
            "line": _first_line(item),
            "block": {"type": kind, "index": index, "position": position, "depth": depth + 1},
            "section": _section(walk),
            "headers": None,
            "pieces": pieces,
            "folded_into": parent["line"],
        })
    return True


def _split_item(blocks: Any, own: list[pf.Block], nested: list[pf.BulletList | pf.OrderedList]) -> None:
    """An item's own blocks (its text) apart from the lists nested in it (their own entries)."""
    for block in blocks:
        if isinstance(block, (pf.BulletList, pf.OrderedList)):
            nested.append(block)
        elif isinstance(block, pf.Div) and "wrapper" in block.attributes:
            _split_item(block.content, own, nested)
        else:
            own.append(block)


def _table(table: pf.Table, walk: _Walk, index: int) -> None:
    width = _width(table)
    headers = header_names(spread(_cells(table.head.content), width, repeat_columns=True), width)
    table_line = start_line(table.attributes)
    body_rows = [row for body in table.content for row in body.content]
    position = 0
    for row, cells in zip(body_rows, spread(_cells(body_rows), width)):
        position += 1
        line = start_line(row.attributes) or _first_line(row)
        if line is None and table_line is not None:
            line = table_line + 1 + position  # pipe table: header, delimiter, then a row a line
        walk.entries.append({
            "shape": "row",
            "line": line,
            "block": {"type": "table", "index": index, "position": position, "depth": 0},
            "section": _section(walk),
            "headers": headers,
            "cells": [_with_bare_urls(pieces) for pieces in cells],
        })


def _width(table: pf.Table) -> int:
    return len(table.colspec)


def _cells(rows: Any) -> list[list[Cell]]:
    return [[(_cell_pieces(cell), cell.rowspan, cell.colspan) for cell in row.content] for row in rows]


def _cell_pieces(cell: pf.TableCell) -> list[Piece]:
    pieces: list[Piece] = []
    for block in cell.content:
        if pieces:
            pieces.append({"text": "\n"})
        pieces.extend(_pieces(block))
    return pieces


def _first_line(element: pf.Element) -> int | None:
    """The line of the first positioned element in ``element`` (document order is line order)."""
    stack = [element]
    while stack:
        node = stack.pop()
        attributes = getattr(node, "attributes", None)
        if attributes:
            line = start_line(attributes)
            if line is not None:
                return line
        children = getattr(node, "content", None)
        if children is not None:
            stack.extend(reversed(list(children)))
    return None


def _pieces(block: pf.Element) -> list[Piece]:
    """A block's inline content as text pieces and links (link labels as their text)."""
    pieces: list[Piece] = []
    anchor: list[str] = []  # [url, label so far] while inside a raw HTML <a href>…</a>

    def add_text(text: str) -> None:
        if anchor:
            anchor[1] += text
        elif pieces and "text" in pieces[-1]:
            pieces[-1] = {"text": pieces[-1]["text"] + text}
        else:
            pieces.append({"text": text})

    def visit(node: Any) -> None:
        if isinstance(node, pf.Link):
            pieces.append({"label": inline_text(node.content).strip(), "url": node.url})
        elif isinstance(node, (pf.Image, pf.Note)):
            return  # badges and figures carry no paper
        elif isinstance(node, pf.RawInline) and node.format == "html" and _raw_anchor(node.text, anchor, pieces):
            return
        elif isinstance(node, (pf.Str, pf.Space, pf.SoftBreak, pf.LineBreak, pf.Code, pf.Math,
                               pf.RawInline)):
            add_text(inline_text([node]))
        elif hasattr(node, "content"):
            for child in node.content:
                visit(child)

    if isinstance(block, (pf.Plain, pf.Para, pf.LineBlock, pf.Header)):
        visit(block)
    elif isinstance(block, (pf.Div, pf.BlockQuote)):
        for child in block.content:
            if pieces:
                add_text("\n")
            pieces.extend(_pieces(child))
    elif isinstance(block, pf.CodeBlock):
        add_text(block.text)
    if anchor:  # an <a href> never closed: its text is still its label
        pieces.append({"label": anchor[1].strip(), "url": anchor[0]})
    return pieces


def _raw_anchor(html: str, anchor: list[str], pieces: list[Piece]) -> bool:
    """An inline ``<a href="url">`` opens a link whose label is the text up to ``</a>``, which
    closes it (pandoc's gfm reader keeps both tags as raw HTML). Returns whether ``html`` was one."""
    opening = _ANCHOR_OPEN.match(html)
    if opening:
        if anchor:
            pieces.append({"label": anchor[1].strip(), "url": anchor[0]})
        anchor[:] = [unescape(opening.group(1) or opening.group(2) or opening.group(3)), ""]
        return True
    if _ANCHOR_CLOSE.match(html):
        if anchor:
            pieces.append({"label": anchor[1].strip(), "url": anchor[0]})
            anchor.clear()
        return True
    return False


def inline_text(inlines: Any) -> str:
    """Plain text of inline elements; ``<br>`` becomes a line break, other raw HTML disappears."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, pf.Str):
            out.append(node.text)
        elif isinstance(node, (pf.Space, pf.SoftBreak)):
            out.append(" ")
        elif isinstance(node, pf.LineBreak):
            out.append("\n")
        elif isinstance(node, (pf.Code, pf.Math)):
            out.append(node.text)
        elif isinstance(node, pf.RawInline):
            if node.format == "html" and re.match(r"<br\s*/?>", node.text, re.IGNORECASE):
                out.append("\n")
        elif isinstance(node, (pf.Image, pf.Note)):
            continue
        elif hasattr(node, "content"):
            out.append(inline_text(node.content))
    return "".join(out)


def _with_bare_urls(pieces: list[Piece]) -> list[Piece]:
    """Bare URLs in text become links too (gfm autolinking is off so their text stays as found)."""
    out: list[Piece] = []
    for piece in pieces:
        if "text" not in piece:
            out.append(piece)
            continue
        text, cursor = piece["text"], 0
        for match in _BARE_URL.finditer(text):
            url = match.group(0).rstrip(_URL_TRAILING)
            if match.start() > cursor:
                out.append({"text": text[cursor: match.start()]})
            out.append({"label": url, "url": url})
            cursor = match.start() + len(url)
        if cursor < len(text):
            out.append({"text": text[cursor:]})
    return out
