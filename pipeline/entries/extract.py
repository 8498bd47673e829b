"""pandoc AST -> entries: one per list item (any depth) and per table body row, with provenance.

An entry is the raw material of a record: where it stands (line, section trail, block, position),
its text or cells as pieces of text and links, and the table's header names. ``fields.py`` reads
titles, venues and identifiers out of entries; this module only walks the document.

The walk reads pandoc's JSON as decoded (dicts and lists), through pipeline/entries/pandoc_json.py,
without building panflute's object tree (tree building and panflute's walk were 46% of the extract
stage's profile).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from typing import Any, Literal, Required, TypedDict

from pipeline.entries.layout import Cell, header_names, spread, supporting
from pipeline.entries.pandoc_json import TABLE_ROW, Document, Node, attributes_of, content_of, load_document, table_width
from pipeline.read.parse import Ast, start_line

_BARE_URL = re.compile(r"https?://[^\s<>()\[\]|，。]+")
_URL_TRAILING = ".,;:!?'\""
_ANCHOR_OPEN = re.compile(r"""<a\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>""", re.IGNORECASE)
_ANCHOR_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)

#: One piece of inline content: {"text": "..."} or {"label": "...", "url": "..."}.
Piece = dict[str, str]


class Link(TypedDict):
    """A link as written; the same shape as pipeline.records.shapes.Link, which records carry."""

    label: str
    url: str


class Position(TypedDict):
    """Where an entry stands: its block (a list, table or paragraph) and its place in it."""

    #: spelled as pipeline.records.shapes.BlockType, so that a Position is a record's Block
    type: Literal["ordered-list", "bullet-list", "table", "paragraph"]
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


@dataclass
class _Walk:
    entries: list[Entry] = field(default_factory=list)
    trail: list[tuple[int, str]] = field(default_factory=list)
    lists: int = 0
    tables: int = 0
    paragraphs: int = 0


def extract_entries(ast: Ast | Document) -> list[Entry]:
    """Every list item and table body row of the document, in document order."""
    walk = _Walk()
    _blocks(load_document(ast).blocks, walk)
    return walk.entries


def piece_text(pieces: list[Piece]) -> str:
    """The text of pieces as found, link labels included."""
    return "".join(piece.get("text", piece.get("label", "")) for piece in pieces)


def piece_links(pieces: list[Piece]) -> list[Link]:
    """The links among pieces, as {"label", "url"}."""
    return [{"label": piece["label"], "url": piece["url"]} for piece in pieces if "url" in piece]


def _section(walk: _Walk) -> list[str]:
    return [title for _level, title in walk.trail]


def _blocks(blocks: list[Node], walk: _Walk) -> None:
    for block in blocks:
        kind = block["t"]
        if kind == "Header":
            level = block["c"][0]
            while walk.trail and walk.trail[-1][0] >= level:
                walk.trail.pop()
            walk.trail.append((level, inline_text(block["c"][2]).strip()))
        elif kind in ("BulletList", "OrderedList"):
            walk.lists += 1
            _list(block, walk, walk.lists, depth=0)
        elif kind == "Table":
            walk.tables += 1
            _table(block, walk, walk.tables)
        elif kind == "Para" and _is_paragraph_entry(block):
            walk.paragraphs += 1
            walk.entries.append({
                "shape": "item",
                "line": _first_line(block),
                "block": {"type": "paragraph", "index": walk.paragraphs, "position": 1, "depth": 0},
                "section": _section(walk),
                "headers": None,
                "pieces": _with_bare_urls(_pieces(block)),
            })
        elif kind == "Div" and "details" in block["c"][0][1]:
            summary = attributes_of(block).get("summary", "").strip()
            saved = list(walk.trail)
            if summary:
                walk.trail.append((7, summary))  # deeper than any heading inside the <details>
            _blocks(block["c"][1], walk)
            walk.trail = saved
        elif kind in ("Div", "BlockQuote"):
            _blocks(content_of(block), walk)  # type: ignore[arg-type]


_BREAKS = frozenset(("Space", "SoftBreak", "LineBreak"))


def _is_paragraph_entry(para: Node) -> bool:
    """An entry written as a paragraph: it opens with a bold title (not a ``**Label:**``) or a
    linked title followed by its details (``[Title](url), Venue 2020``, not ``[Topic](url) is the
    task of…``), and carries a web link: ``**Title.** <br> *Authors* <br> [[paper]](url)``."""
    content = [node for node in para["c"] if node["t"] != "RawInline"]
    while content and content[0]["t"] == "Span" and "wrapper" in attributes_of(content[0]):
        content = list(content[0]["c"][1]) + content[1:]  # sourcepos wraps inlines in Spans
    start = next((index for index, node in enumerate(content) if node["t"] not in _BREAKS), None)
    if start is None or content[start]["t"] not in ("Link", "Strong"):
        return False
    first = content[start]
    lead = inline_text(content_of(first)).strip()  # type: ignore[arg-type]
    if len(lead.split()) < 3 or lead.endswith((":", "：")):
        return False
    if first["t"] == "Link":
        after = inline_text(content[start + 1:]).lstrip(" ")
        if not first["c"][2][0].startswith(("http://", "https://")) or (after and after[0] not in ",.;-–—|([\n"):
            return False
    return any(url.startswith(("http://", "https://")) for url in _link_urls(para))


def _link_urls(node: Any) -> list[str]:
    """The URL of every link anywhere inside ``node`` (panflute's walk reached them all)."""
    urls: list[str] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if type(current) is list:
            stack.extend(current)
        elif type(current) is dict:
            kind = current.get("t")
            if kind == "Link":
                urls.append(current["c"][2][0])
            if kind is None:  # a citation: its prefix and suffix are walked too
                stack.extend(current.values())
            elif type(current.get("c")) is list:
                stack.append(current["c"])
    return urls


def _list(block: Node, walk: _Walk, index: int, depth: int) -> None:
    kind: Literal["ordered-list", "bullet-list"] = "ordered-list" if block["t"] == "OrderedList" else "bullet-list"
    for position, item in enumerate(content_of(block), start=1):  # type: ignore[arg-type]
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


def _item_pieces(item: Node) -> tuple[list[Piece], list[Node]]:
    own: list[Node] = []
    nested: list[Node] = []
    _split_item(item["c"], own, nested)
    pieces: list[Piece] = []
    for part in own:
        if pieces:
            pieces.append({"text": "\n"})
        pieces.extend(_pieces(part))
    return _with_bare_urls(pieces), nested


def _fold(parent: Entry, nested: list[Node], walk: _Walk, kind: Literal["ordered-list", "bullet-list"], index: int,
          depth: int) -> bool:
    """Fold sub-items that only hold the links, labels, authors or venue of their parent into it:
    ``- **Title**`` over ``- Authors``, ``- [[Paper]](url)``, ``- [[Code]](url)`` is one entry, as is
    ``- [Title](url)`` over ``- Authors`` and ``- Venue Year``. The sub-items stay entries, marked
    ``folded_into``, so each is counted. False (nothing folded) when any could be an entry of its own."""
    children = [(item, *_item_pieces(item)) for child in nested for item in content_of(child)]  # type: ignore[union-attr]
    if not children or any(grandchildren for _item, _pieces, grandchildren in children):
        return False
    kinds = [supporting(pieces) for _item, pieces, _nested in children]
    if None in kinds or not any(kind_ in ("links", "label", "field") for kind_ in kinds):
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


def _split_item(blocks: list[Node], own: list[Node], nested: list[Node]) -> None:
    """An item's own blocks (its text) apart from the lists nested in it (their own entries)."""
    for block in blocks:
        kind = block["t"]
        if kind in ("BulletList", "OrderedList"):
            nested.append(block)
        elif kind == "Div" and "wrapper" in attributes_of(block):
            _split_item(block["c"][1], own, nested)
        else:
            own.append(block)


def _table(table: Node, walk: _Walk, index: int) -> None:
    width = table_width(table) or 0
    head_rows = table["c"][3][1]
    headers = header_names(spread(_cells(head_rows), width, repeat_columns=True), width)
    table_line = start_line(attributes_of(table))
    body_rows = [row for body in table["c"][4] for row in body[3]]
    position = 0
    for row, cells in zip(body_rows, spread(_cells(body_rows), width)):
        position += 1
        line = start_line(dict(row[0][2])) or _first_line(TABLE_ROW(row))
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


def _cells(rows: list[Any]) -> list[list[Cell]]:
    """Rows (pandoc's [attr, cells]) as cells: (pieces, rowspan, colspan)."""
    return [[(_cell_pieces(cell[4]), cell[2], cell[3]) for cell in row[1]] for row in rows]


def _cell_pieces(blocks: list[Node]) -> list[Piece]:
    pieces: list[Piece] = []
    for block in blocks:
        if pieces:
            pieces.append({"text": "\n"})
        pieces.extend(_pieces(block))
    return pieces


def _first_line(element: Node) -> int | None:
    """The line of the first positioned element in ``element`` (document order is line order)."""
    stack = [element]
    while stack:
        node = stack.pop()
        attributes = attributes_of(node)
        if attributes:
            line = start_line(attributes)
            if line is not None:
                return line
        children = content_of(node)
        if children is not None:
            stack.extend(reversed(children))
    return None


_TEXT = frozenset(("Str", "Space", "SoftBreak", "LineBreak", "Code", "Math", "RawInline"))


def _pieces(block: Node) -> list[Piece]:
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

    def visit(node: Node) -> None:
        kind = node["t"]
        if kind == "Link":
            pieces.append({"label": inline_text(node["c"][1]).strip(), "url": node["c"][2][0]})
        elif kind in ("Image", "Note"):
            return  # badges and figures carry no paper
        elif kind == "RawInline" and node["c"][0] == "html" and _raw_anchor(node["c"][1], anchor, pieces):
            return
        elif kind in _TEXT:
            add_text(inline_text([node]))
        else:
            children = content_of(node)
            if children is not None:
                for child in children:
                    visit(child)

    kind = block["t"]
    if kind in ("Plain", "Para", "LineBlock", "Header"):
        visit(block)
    elif kind in ("Div", "BlockQuote"):
        for child in content_of(block):  # type: ignore[union-attr]
            if pieces:
                add_text("\n")
            pieces.extend(_pieces(child))
    elif kind == "CodeBlock":
        add_text(block["c"][1])
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


def inline_text(inlines: list[Node]) -> str:
    """Plain text of inline elements; ``<br>`` becomes a line break, other raw HTML disappears."""
    out: list[str] = []
    for node in inlines:
        kind = node["t"]
        if kind == "Str":
            out.append(node["c"])
        elif kind in ("Space", "SoftBreak"):
            out.append(" ")
        elif kind == "LineBreak":
            out.append("\n")
        elif kind in ("Code", "Math"):
            out.append(node["c"][1])
        elif kind == "RawInline":
            if node["c"][0] == "html" and _BREAK.match(node["c"][1]):
                out.append("\n")
        elif kind in ("Image", "Note"):
            continue
        else:
            children = content_of(node)
            if children is not None:
                out.append(inline_text(children))
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
