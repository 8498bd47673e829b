"""pandoc's JSON AST read directly: an element's children and attributes, checked and counted as panflute would.

The stages read pandoc's JSON as decoded (dicts and lists), without building panflute's object
tree, which cost more than the rest of the extract stage. Element shapes follow panflute's reading
of the same JSON: ``content_of`` is its ``.content`` and ``attributes_of`` its ``.attributes``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

from pipeline.read.parse import Ast

#: A pandoc element as JSON: {"t": type, "c": contents}; list items, table bodies, rows and cells,
#: which have no type in pandoc's JSON, get one here ({"t": "ListItem", "c": blocks}).
Node = dict[str, Any]

def _typed(kind: str) -> Callable[[Any], Node]:
    return lambda contents: {"t": kind, "c": contents}


_LIST_ITEM, _LINE_ITEM, _DEFINITION_ITEM = _typed("ListItem"), _typed("LineItem"), _typed("DefinitionItem")
_TABLE_BODY, TABLE_ROW, _TABLE_CELL = _typed("TableBody"), _typed("TableRow"), _typed("TableCell")
_SAME = frozenset(("Plain", "Para", "BlockQuote", "Emph", "Strong", "Underline", "Strikeout", "Superscript",
                   "Subscript", "SmallCaps", "Note", "ListItem", "LineItem"))
_SECOND = frozenset(("Div", "Span", "Quoted", "Cite", "Link", "Image"))
_MADE: dict[str, Callable[[Any], list[Node]]] = {
    "BulletList": lambda c: [_LIST_ITEM(item) for item in c],
    "OrderedList": lambda c: [_LIST_ITEM(item) for item in c[1]],
    "LineBlock": lambda c: [_LINE_ITEM(item) for item in c],
    "DefinitionList": lambda c: [_DEFINITION_ITEM(item) for item in c],
    "Table": lambda c: [_TABLE_BODY(body) for body in c[4]],
    "TableBody": lambda c: [TABLE_ROW(row) for row in c[3]],
    "TableRow": lambda c: [_TABLE_CELL(cell) for cell in c[1]],
}
#: where an element keeps its [identifier, classes, key-value pairs]
_ATTR_AT = {"Div": 0, "Span": 0, "Link": 0, "Image": 0, "Code": 0, "CodeBlock": 0, "Figure": 0, "Table": 0,
            "TableBody": 0, "TableRow": 0, "TableCell": 0, "Header": 1}


def content_of(node: Node) -> list[Any] | None:
    """What panflute calls the element's ``content``; None for an element without (Str, Code…)."""
    kind = node["t"]
    if kind in _SAME:
        return node["c"]  # type: ignore[no-any-return]
    if kind in _SECOND:
        return node["c"][1]  # type: ignore[no-any-return]
    if kind in ("Header", "Figure"):
        return node["c"][2]  # type: ignore[no-any-return]
    if kind == "TableCell":
        return node["c"][4]  # type: ignore[no-any-return]
    made = _MADE.get(kind)
    return made(node["c"]) if made else None


def attributes_of(node: Node) -> dict[str, str]:
    """The element's key-value attributes as panflute gives them (a dict: a repeated key keeps
    its last value); empty for an element without."""
    at = _ATTR_AT.get(node["t"])
    return dict(node["c"][at][2]) if at is not None else {}


@dataclass
class Document:
    """A source's pandoc AST, checked as panflute would check it, with its items and rows counted."""

    blocks: list[Node]
    items_and_rows: int


def load_document(ast: Ast | Document) -> Document:
    """A pandoc JSON AST (a dict) checked and counted; a Document is returned as it is.

    Tables are checked as panflute checks them when it reads the JSON (a head or foot as wide
    as the first body row, one column spec per column): a table that panflute refuses raises
    panflute's own error, as it did when the stage read the AST through panflute.
    """
    if isinstance(ast, Document):
        return ast
    return Document(ast["blocks"], _scan(ast))


def load_ast_file(text: str) -> dict[str, Any]:
    """A build/ast/<source>.json file, decoded (its "ast" is read by load_document)."""
    result: dict[str, Any] = json.loads(text)
    return result


def count_items_and_rows(ast: Ast | Document) -> int:
    """List items (any depth) + table body rows, counted over the whole JSON tree, wherever they
    stand (in notes, cells, definition lists; a body's intermediate head rows count as rows of
    the body, as panflute's walk counted them).

    Independent of the walker of pipeline/entries/extract.py, so the accounting check compares two different counts.
    """
    return load_document(ast).items_and_rows


#: Elements whose contents hold no element (text, code, raw markup) and, for the rest of the
#: common inline wrappers, where their children are: the scan visits every node of a large AST,
#: and gfm+sourcepos wraps nearly every inline in a Span with its position.
_LEAVES = frozenset(("Str", "Space", "SoftBreak", "LineBreak", "Code", "Math", "RawInline", "RawBlock",
                     "CodeBlock", "HorizontalRule"))
_SCAN_CHILDREN = {"Span": 1, "Div": 1, "Link": 1, "Image": 1, "Header": 2}


def _scan(ast: Ast) -> int:
    found = 0
    stack: list[Any] = [ast["meta"], ast["blocks"]]
    while stack:
        node = stack.pop()
        if type(node) is list:
            stack.extend(node)
        elif type(node) is dict:
            kind = node.get("t")
            contents: Any = node.get("c")
            if kind == "BulletList":
                found += len(contents)
            elif kind == "OrderedList":
                found += len(contents[1])
            elif kind == "Table":
                _check_table(node)
                found += sum(len(body[2]) + len(body[3]) for body in contents[4])
            if kind in _LEAVES:
                continue
            if kind in _SCAN_CHILDREN:  # past attributes and link targets: only strings are there
                stack.append(contents[_SCAN_CHILDREN[kind]])
            elif type(contents) is list or type(contents) is dict:
                stack.append(contents)
            elif kind is None:
                stack.extend(node.values())  # meta: {"key": {"t": "MetaInlines", ...}}
    return found


def table_width(table: Node) -> int | None:
    """The number of columns panflute gives a table, or None where panflute refuses the table."""
    _attr, _caption, colspec, head, bodies, foot = table["c"]
    columns = 0
    if bodies and bodies[0][3]:
        columns = sum(cell[3] for cell in bodies[0][3][0][1])
    for rows in (head[1], foot[1]):
        if rows:
            width = sum(cell[3] for cell in rows[0][1])
            if not columns:
                columns = width
            elif columns != width:
                return None
    return columns if not colspec or len(colspec) == columns else None


def _check_table(table: Node) -> None:
    if table_width(table) is None:
        # panflute's own reading raises its own error (IndexError: "Invalid number of columns…").
        # Imported here, for the rare refused table only: extract does not need panflute otherwise.
        import panflute as pf

        json.loads(json.dumps(table), object_hook=pf.elements.from_json)
