"""mistune's independent reading of a source, compared with pandoc's, section by section.

Two parsers disagreeing is a sign of markdown that renders differently on different sites: a
table with one ragged row is a table for pandoc and a paragraph for mistune. Counts of tables,
table rows, list items and links are compared per section (split at markdown headings); every
difference becomes a ``crosscheck`` warning at the section's heading line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import mistune

from pipeline.read.parse import FROM_HTML, Ast, start_line
from pipeline.problems import Problem

FEATURES = ("tables", "table rows", "list items", "links")
_MISTUNE = mistune.create_markdown(renderer=None, plugins=["table"])


@dataclass
class Section:
    title: str
    line: int | None
    counts: Counter[str] = field(default_factory=Counter)


def crosscheck(text: str, ast: Ast, path: str) -> list[Problem]:
    """Compare pandoc's AST with mistune's tokens for the same text; one warning per difference."""
    ours = _pandoc_sections(ast)
    tokens = _MISTUNE(text)
    theirs = _mistune_sections(tokens if isinstance(tokens, list) else [])
    if len(ours) != len(theirs):
        # The readers disagree on the headings themselves: compare the document as a whole.
        ours = [_merge(ours)]
        theirs = [_merge(theirs)]
    problems = []
    for mine, other in zip(ours, theirs):
        for feature in FEATURES:
            if mine.counts[feature] != other.counts[feature]:
                problems.append(Problem(
                    path, mine.line or 1, "crosscheck",
                    f"section {mine.title!r}: pandoc reads {mine.counts[feature]} {feature}, "
                    f"mistune reads {other.counts[feature]}"))
    return problems


def _merge(sections: list[Section]) -> Section:
    whole = Section("(whole document)", 1)
    for section in sections:
        whole.counts.update(section.counts)
    return whole


def _pandoc_sections(ast: Ast) -> list[Section]:
    sections = [Section("(top)", 1)]
    for block in ast["blocks"]:
        if block["t"] == "Header" and FROM_HTML not in block["c"][1][1]:
            sections.append(Section(_plain(block["c"][2]), start_line(block["c"][1][2])))
        else:
            _count_pandoc(block, sections[-1].counts)
    return sections


def _count_pandoc(node: Any, counts: Counter[str]) -> None:
    """Count tables, body rows, list items and links under ``node`` (a loop, not recursion: this
    walk visits every element of the AST and was a quarter of the parse stage's Python time)."""
    tables = rows = items = links = 0
    stack = [node]
    while stack:
        current = stack.pop()
        if type(current) is list:
            stack.extend(current)
            continue
        if type(current) is not dict or "t" not in current:
            continue
        kind = current["t"]
        contents: Any = current.get("c")
        if kind == "Str":
            continue
        if kind in ("Table", "Div") and FROM_HTML in contents[0][1]:
            continue  # raised from raw HTML, which mistune keeps as HTML
        if kind == "Table":
            tables += 1
            rows += sum(len(body[3]) for body in contents[4])
        elif kind == "BulletList":
            items += len(contents)
        elif kind == "OrderedList":
            items += len(contents[1])
        elif kind == "Link":
            links += 1
        if type(contents) is list or type(contents) is dict:
            stack.append(contents)
    for feature, count in (("tables", tables), ("table rows", rows), ("list items", items), ("links", links)):
        if count:
            counts[feature] += count


def _mistune_sections(tokens: list[dict[str, Any]]) -> list[Section]:
    sections = [Section("(top)", 1)]
    for token in tokens:
        if token["type"] == "heading":
            sections.append(Section(_mistune_text(token), None))
        else:
            _count_mistune(token, sections[-1].counts)
    return sections


def _count_mistune(token: dict[str, Any], counts: Counter[str]) -> None:
    kind = token["type"]
    if kind == "table":
        counts["tables"] += 1
    elif kind == "table_body":
        counts["table rows"] += len(token.get("children", []))
    elif kind == "list_item":
        counts["list items"] += 1
    elif kind == "link":
        counts["links"] += 1
    for child in token.get("children", []) or []:
        _count_mistune(child, counts)


def _mistune_text(token: dict[str, Any]) -> str:
    if "raw" in token:
        return str(token["raw"])
    return "".join(_mistune_text(child) for child in token.get("children", []) or [])


def _plain(inlines: list[Any]) -> str:
    parts: list[str] = []
    for node in inlines:
        if node["t"] == "Str":
            parts.append(node["c"])
        elif node["t"] in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif node["t"] == "Span":
            parts.append(_plain(node["c"][1]))
        elif node["t"] in ("Emph", "Strong", "Strikeout", "Underline", "SmallCaps"):
            parts.append(_plain(node["c"]))
        elif node["t"] == "Code":
            parts.append(node["c"][1])
        elif node["t"] == "Link":
            parts.append(_plain(node["c"][1]))
    return "".join(parts).strip()
