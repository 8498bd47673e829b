"""Source bytes -> text -> pandoc AST (gfm+sourcepos), with raw HTML structure raised into the AST.

pandoc is the parser of record. GitHub lists mix markdown with raw HTML: ``<h2 id="1">…</h2>``
headings, ``<details><summary>`` sections and ``<table>``s. The gfm reader keeps those as raw
HTML blocks, so they are read again with pandoc's html reader (in one batch per source) and put
back in place, stamped with the line they came from.
"""

from __future__ import annotations

import bisect
import json
import re
import sys
from html import unescape
from typing import Any, Iterator

from pipeline.read.github import GithubView, github_view
from pipeline.limits import check_decodable, limits_for
from pipeline.pandoc import run_pandoc
from pipeline.read.prescan import json_depth_line
from pipeline.problems import PipelineError, Problem

Ast = dict[str, Any]
Block = dict[str, Any]

#: gfm with source positions; bare URLs stay text (extract reads them itself, keeping their line).
READER = "gfm-autolink_bare_uris+sourcepos"
LONG_LINE = 10_000
_STRUCTURAL_HTML = re.compile(r"<\s*(h[1-6]|table|details|summary|ul|ol)\b", re.IGNORECASE)
_OPENS = re.compile(r"<(table|ul|ol)\b", re.IGNORECASE)
_CLOSES = re.compile(r"</(table|ul|ol)\s*>", re.IGNORECASE)
_JOIN_STOP = re.compile(r"<\s*(h[1-6]|details)\b", re.IGNORECASE)
_LIST_ITEM_TAG = re.compile(r"<li\b", re.IGNORECASE)
_POS_PAIR = re.compile(r"(\d+):(\d+)")
_DETAILS_OPEN = re.compile(r"^\s*<details\b", re.IGNORECASE)
_DETAILS_CLOSE = re.compile(r"</details\s*>\s*$", re.IGNORECASE)
_ROW_TAG = re.compile(r"<tr\b", re.IGNORECASE)
_SUMMARY = re.compile(r"<summary[^>]*>(.*?)</summary\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_POS_START = re.compile(r"(\d+):\d+-")
#: class given to blocks raised from raw HTML, so the cross-check can tell them apart
FROM_HTML = "from-html"


def decode_source(data: bytes, path: str) -> tuple[str, list[Problem]]:
    """Decode a source's bytes into markdown text, warning about every repair that was made.

    Raises PipelineError when the bytes are not text at all (a binary file).
    """
    problems: list[Problem] = []
    if not data.strip():
        return "", [Problem(path, None, "empty-source", "the file holds no text; expected markdown")]
    if _looks_binary(data):
        raise PipelineError(Problem(path, None, "not-markdown",
                                    "expected markdown text, found binary data (control bytes)"))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        problems.append(Problem(path, 1, "bom", "expected no byte-order mark, found EF BB BF"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        text = data.decode("cp1252", errors="replace")
        problems.append(Problem(path, line, "not-utf8", f"expected UTF-8, found byte "
                                f"0x{data[error.start]:02x}; decoded as Windows-1252"))
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        problems.append(Problem(path, line, "crlf", "expected LF line endings, found CR"))
    if "\0" in text:
        line = text[: text.index("\0")].count("\n") + 1
        text = text.replace("\0", "\ufffd")
        problems.append(Problem(path, line, "nul-byte", "expected text, found a NUL byte"))
    for number, line_text in enumerate(text.split("\n"), start=1):
        if len(line_text) > LONG_LINE:
            problems.append(Problem(path, number, "long-line",
                                    f"expected lines under {LONG_LINE:,} characters, "
                                    f"found {len(line_text):,}"))
    return text, problems


def _looks_binary(data: bytes) -> bool:
    # Text files hold few control bytes; NULs alone are repaired, but a file made mostly of
    # control bytes (an image, a zip, a PDF stream) is not a list of papers.
    sample = data[:8192]
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return controls > len(sample) * 0.1


def parse_markdown(text: str, path: str, view: GithubView | None = None) -> Ast:
    """Markdown text -> pandoc JSON AST with HTML headings, details, tables and lists raised.

    ``view`` is GitHub's reading of the same text (computed when not given): pipe tables that
    GitHub shows right after a paragraph line get the blank line pandoc needs to see them, and
    every position is mapped back to the line it has in ``text``.
    """
    view = github_view(text) if view is None else view
    separated, inserted = separate_tables(text, view["tables_after_text"])
    ast = _run_pandoc(separated, ["--from", READER, "--to", "json"], path)
    if inserted:
        _shift_positions(ast["blocks"], inserted)
    ast["blocks"] = _raise_html(ast["blocks"], path)
    return ast


def separate_tables(text: str, header_lines: list[int]) -> tuple[str, list[int]]:
    """Insert a blank line before each of ``header_lines`` (1-based lines of ``text``).

    Returns the new text and the lines the blank lines have in it, so positions can be mapped back.
    """
    if not header_lines:
        return text, []
    lines = text.split("\n")
    inserted: list[int] = []
    for count, header in enumerate(sorted(set(header_lines))):
        lines.insert(header - 1 + count, "")
        inserted.append(header + count)
    return "\n".join(lines), inserted


def _shift_positions(node: Any, inserted: list[int]) -> None:
    """Rewrite every ``data-pos`` under ``node`` from lines of the separated text to source lines."""
    def source(match: re.Match[str]) -> str:
        line = int(match.group(1))
        return f"{line - bisect.bisect_right(inserted, line)}:{match.group(2)}"

    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, list):
            if len(current) == 2 and current[0] == "data-pos" and isinstance(current[1], str):
                current[1] = _POS_PAIR.sub(source, current[1])
            else:
                stack.extend(current)


def _run_pandoc(text: str, args: list[str], path: str) -> Ast:
    # Sources are untrusted: every reading of one (gfm, then html) runs under limits for its size.
    limits = limits_for(len(text.encode("utf-8")))
    output = run_pandoc(text, args, path, limits)
    check_decodable(len(output), limits, path)
    try:
        result: Ast = json.loads(output)
    except RecursionError:
        # json recurses once per level: name the line where pandoc's AST gets too deep for it
        depth, line = json_depth_line(output, sys.getrecursionlimit() - 100)
        raise PipelineError(Problem(path, line, "too-deep", f"expected an AST Python can decode, found "
                                    f"pandoc's JSON nested {depth} levels deep by this line")) from None
    return result


def start_line(attributes: list[list[str]] | dict[str, str]) -> int | None:
    """The first line of a ``data-pos`` attribute ("3:1-4:1;2:1-9:1" -> 2), or None.

    The one place positions are read: pandoc puts them on wrapper Divs and Spans (jgm/pandoc#7769).
    """
    pairs = attributes.items() if isinstance(attributes, dict) else attributes
    for key, value in pairs:
        if key == "data-pos":
            starts = [int(match) for match in _POS_START.findall(value)]
            return min(starts) if starts else None
    return None


def _raw_html(block: Block) -> tuple[str, int | None] | None:
    """A raw HTML block (as gfm+sourcepos wraps it, in a Div) -> (html, line)."""
    if block["t"] == "Div" and len(block["c"][1]) == 1 and block["c"][1][0]["t"] == "RawBlock":
        raw = block["c"][1][0]["c"]
        if raw[0] == "html":
            return raw[1], start_line(block["c"][0][2])
    if block["t"] == "RawBlock" and block["c"][0] == "html":
        return block["c"][1], None
    return None


def _raise_html(blocks: list[Block], path: str) -> list[Block]:
    blocks = _wrap_details(_join_open_html(blocks))
    pending: dict[int, tuple[str, int | None]] = {}
    for index, block in enumerate(blocks):
        raw = _raw_html(block)
        if raw and _STRUCTURAL_HTML.search(raw[0]):
            pending[index] = raw
    converted = _convert_html_batch(pending, path)
    out: list[Block] = []
    for index, block in enumerate(blocks):
        if index in converted:
            out.extend(converted[index])
        elif block["t"] == "Div" and "details" in block["c"][0][1]:
            block["c"][1] = _raise_html(block["c"][1], path)
            out.append(block)
        else:
            out.append(block)
    return out


def _open_depth(html: str) -> int:
    return len(_OPENS.findall(html)) - len(_CLOSES.findall(html))


def _join_open_html(blocks: list[Block]) -> list[Block]:
    """Join a raw ``<table>``/``<ul>``/``<ol>`` that blank lines split into several HTML blocks.

    The browser reads GitHub's output whole, so rows after a blank line are still rows of the
    table. The gfm reader gives one raw block per piece; they are joined into one (padded with
    newlines so each tag keeps its line), and the blocks between them (an indented line read as
    code, a stray paragraph) follow the joined block. A heading or ``<details>`` ends the join.
    """
    out: list[Block] = []
    index = 0
    while index < len(blocks):
        raw = _raw_html(blocks[index])
        if not raw or raw[1] is None or _open_depth(raw[0]) <= 0:
            out.append(blocks[index])
            index += 1
            continue
        html, line = raw[0], raw[1]  # indexed, not unpacked, so that mypy keeps "raw[1] is not None"
        depth, end = _open_depth(html), index + 1
        between: list[tuple[int, Block]] = []
        joined_to = end
        while end < len(blocks) and depth > 0:
            piece = _raw_html(blocks[end])
            if piece is None:
                if blocks[end]["t"] == "Header":
                    break
                between.append((end, blocks[end]))
            elif piece[1] is None or _JOIN_STOP.search(piece[0]):
                break
            else:
                gap = piece[1] - line - html.count("\n")
                html += "\n" * max(gap, 1) + piece[0]
                depth += _open_depth(piece[0])
                joined_to = end + 1
            end += 1
        out.append({"t": "Div", "c": [["", [], [["data-pos", f"{line}:1-{line}:1"]]],
                                      [{"t": "RawBlock", "c": ["html", html]}]]})
        # blocks after the last joined piece are read again by this loop, in their place
        out.extend(block for position, block in between if position < joined_to)
        index = joined_to
    return out


def _wrap_details(blocks: list[Block]) -> list[Block]:
    """Wrap the blocks between ``<details>`` and ``</details>`` into a Div of class "details" whose
    ``summary`` attribute is the text of its ``<summary>``."""
    out: list[Block] = []
    stack: list[tuple[list[Block], Block]] = []
    for block in blocks:
        raw = _raw_html(block)
        html = raw[0] if raw else ""
        if raw and _DETAILS_OPEN.match(html) and not _DETAILS_CLOSE.search(html):
            attributes = [["summary", _summary(html)]] + ([["data-pos", f"{raw[1]}:1-{raw[1]}:1"]]
                                                          if raw[1] else [])
            div: Block = {"t": "Div", "c": [["", ["details"], attributes], []]}
            stack.append((out, div))
            out = div["c"][1]
        elif raw and stack and not out and "<summary" in html.lower():
            stack[-1][1]["c"][0][2][0][1] = _summary(html)
        elif raw and _DETAILS_CLOSE.search(html) and stack:
            out, div = stack.pop()
            out.append(div)
        else:
            out.append(block)
    while stack:  # an unclosed <details> runs to the end of the document, as browsers show it
        out, div = stack.pop()
        out.append(div)
    return out


def _summary(html: str) -> str:
    found = _SUMMARY.search(html)
    return " ".join(_TAG.sub(" ", unescape(found.group(1))).split()) if found else ""


def _convert_html_batch(pending: dict[int, tuple[str, int | None]], path: str) -> dict[int, list[Block]]:
    if not pending:
        return {}
    html = "".join(f'<div data-paperlists-block="{index}">\n{raw}\n</div>\n'
                   for index, (raw, _line) in pending.items())
    ast = _run_pandoc(html, ["--from", "html", "--to", "json"], path)
    converted: dict[int, list[Block]] = {}
    for div in ast["blocks"]:
        attributes = dict(div["c"][0][2]) if div["t"] == "Div" else {}
        if "paperlists-block" not in attributes:
            continue
        index = int(attributes["paperlists-block"])
        raw, line = pending[index]
        converted[index] = _stamp(div["c"][1], raw, line)
    return converted


def _tag_lines(pattern: re.Pattern[str], raw: str, line: int) -> Iterator[int]:
    count, cursor = 0, 0
    for match in pattern.finditer(raw):
        count += raw.count("\n", cursor, match.start())
        cursor = match.start()
        yield line + count


def _stamp(blocks: list[Block], raw: str, line: int | None) -> list[Block]:
    """Give blocks read from an HTML snippet the source line of that snippet; table rows get the
    line of their ``<tr>`` and list items that of their ``<li>``, in document order."""
    if line is None:
        return blocks
    rows, items = _tag_lines(_ROW_TAG, raw, line), _tag_lines(_LIST_ITEM_TAG, raw, line)
    pos = ["data-pos", f"{line}:1-{line}:1"]
    out: list[Block] = []
    for block in blocks:
        if block["t"] == "Header":
            block["c"][1][1].append(FROM_HTML)
            block["c"][1][2].append(pos)
        elif block["t"] == "Table":
            block["c"][0][1].append(FROM_HTML)
            block["c"][0][2].append(pos)
        elif block["t"] == "Div":
            block["c"][0][2].append(pos)
        _stamp_rows_and_items(block, rows, items)
        if block["t"] in ("BulletList", "OrderedList"):
            # marked as raised from HTML (mistune keeps it as HTML, so the cross-check skips it)
            block = {"t": "Div", "c": [["", [FROM_HTML], [pos]], [block]]}
        out.append(block)
    return out


def _stamp_rows_and_items(node: Any, rows: Iterator[int], items: Iterator[int]) -> None:
    if isinstance(node, list):
        for child in node:
            _stamp_rows_and_items(child, rows, items)
        return
    if not isinstance(node, dict) or "t" not in node:
        return
    if node["t"] == "Table":
        table = node["c"]
        table_rows = list(table[3][1])
        for body in table[4]:
            table_rows.extend(body[2])
            table_rows.extend(body[3])
        table_rows.extend(table[5][1])
        for row in table_rows:
            row_line = next(rows, None)
            if row_line is not None:
                row[0][2].append(["data-pos", f"{row_line}:1-{row_line}:1"])
            _stamp_rows_and_items(row[1], rows, items)
        return
    if node["t"] in ("BulletList", "OrderedList"):
        entries = node["c"] if node["t"] == "BulletList" else node["c"][1]
        for position, item in enumerate(entries):
            item_line = next(items, None)
            if item_line is not None:
                # the gfm reader's own shape for an item: its blocks in a positioned wrapper Div
                entries[position] = [{"t": "Div", "c": [["", [], [["wrapper", "1"], [
                    "data-pos", f"{item_line}:1-{item_line}:1"]]], item]}]
                item = entries[position][0]["c"][1]
            _stamp_rows_and_items(item, rows, items)
        return
    _stamp_rows_and_items(node.get("c"), rows, items)
