"""Up-front checks of a source's shape, one pass over its lines before any parser sees it.

pandoc's time and memory grow much faster than the file on some shapes (thousands of links on
one line, lists and quotes nested thousands deep), and Python's readers of its AST recurse. Normal
lists are far from every threshold here (the 18 lists of the development corpus nest at most 3
deep, hold at most 5 links on a line and 850 characters in a line), so the checks cost one linear
scan and change nothing for them. Each check has a warning threshold and a refusal threshold; a
refusal is an error and the source is skipped before pandoc starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.problems import Problem

#: (warning above, refusal above) for each measure; the README's problem table states the same.
SIZE = (2_000_000, 16_000_000)
LINE = (10_000, 250_000)
LINKS = (100, 1_000)
DEPTH = (8, 32)

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_QUOTES = re.compile(r"^(?:[ \t]{0,3}>)+")
_MARKER = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
#: HTML elements that need their closing tag, so opened minus closed is their depth (td, tr, li
#: and p close themselves and would only count rows).
_HTML = re.compile(r"<(/?)(table|div|blockquote|details|ul|ol|dl|section)\b[^>]*?(/?)>", re.IGNORECASE)
_LINK = re.compile(r"\]\(|<a\s", re.IGNORECASE)


@dataclass
class _Depth:
    """The nesting state carried from line to line."""

    lists: list[int]
    quotes: int = 0
    html: int = 0
    fence: str = ""


def prescan(text: str, path: str, size: int) -> list[Problem]:
    """Warnings for unusual size, line length, links per line and nesting; errors (the source must
    be skipped) past the refusal thresholds. ``size`` is the file's size in bytes.

    >>> [str(p) for p in prescan("- a\\n" + "> " * 40 + "deep\\n", "x.md", 100)]
    ['x.md:2: too-deep: expected lists, quotes and HTML nested at most 32 deep, found 40 levels at this line']
    """
    problems: list[Problem] = []
    if size > SIZE[1]:
        return [Problem(path, None, "too-large", f"expected a source of at most {SIZE[1]:,} bytes, "
                                                 f"found {size:,}: it is skipped")]
    if size > SIZE[0]:
        problems.append(Problem(path, None, "large-source", f"expected a source of at most {SIZE[0]:,} "
                                                            f"bytes, found {size:,}"))
    state = _Depth([])
    warned: set[str] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        refusal = _line_problems(line, number, path, state, warned, problems)
        if refusal:
            return problems + [refusal]
    return problems


def _line_problems(line: str, number: int, path: str, state: _Depth, warned: set[str],
                   problems: list[Problem]) -> Problem | None:
    if len(line) > LINE[1]:  # the warning above LINE[0] is parse.decode_source's long-line
        return Problem(path, number, "line-too-long", f"expected lines of at most {LINE[1]:,} characters, "
                                                      f"found {len(line):,}: the source is skipped")
    links = len(_LINK.findall(line)) if "](" in line or "<" in line else 0
    if links > LINKS[1]:
        return Problem(path, number, "too-many-links", f"expected at most {LINKS[1]:,} links on a line, "
                                                       f"found {links:,}: the source is skipped")
    if links > LINKS[0] and "links" not in warned:
        warned.add("links")
        problems.append(Problem(path, number, "many-links",
                                f"expected at most {LINKS[0]:,} links on a line, found {links:,}"))
    depth = _depth(line, state)
    if depth > DEPTH[1]:
        return Problem(path, number, "too-deep", f"expected lists, quotes and HTML nested at most {DEPTH[1]} "
                                                 f"deep, found {depth} levels at this line")
    if depth > DEPTH[0] and "depth" not in warned:
        warned.add("depth")
        problems.append(Problem(path, number, "deep-nesting",
                                f"expected lists, quotes and HTML nested at most {DEPTH[0]} deep, "
                                f"found {depth} levels"))
    return None


def _depth(line: str, state: _Depth) -> int:
    """The nesting depth at this line: blockquote markers + open list levels + open HTML containers.

    List levels follow the markers' indentation (a marker deeper than the open one opens a level, one
    at or left of it closes levels), as a reader would; fenced code is skipped.
    """
    fence = _FENCE.match(line)
    if state.fence:
        if fence and fence.group(1).startswith(state.fence):
            state.fence = ""
        return 0
    if fence:
        state.fence = fence.group(1)
        return 0
    quotes = _QUOTES.match(line)
    rest = line[quotes.end():] if quotes else line
    depth = quotes.group(0).count(">") if quotes else 0
    if depth != state.quotes:  # a list does not continue across a change of quote level
        state.lists.clear()
        state.quotes = depth
    if rest.strip():
        marker = _MARKER.match(rest)
        indent = len((marker.group(1) if marker else rest[: len(rest) - len(rest.lstrip())]).expandtabs(4))
        while state.lists and state.lists[-1] >= indent and (marker or indent == 0 or state.lists[-1] > indent):
            state.lists.pop()
        if marker:
            state.lists.append(indent)
    if "<" in rest:
        for tag in _HTML.finditer(rest):
            if tag.group(3):
                continue  # <div/> opens nothing
            state.html = max(0, state.html + (-1 if tag.group(1) else 1))
    return depth + len(state.lists) + state.html


def json_depth_line(text: str, limit: int) -> tuple[int, int | None]:
    """Where pandoc's JSON output first nests deeper than ``limit``: (depth reached, source line of the
    last ``data-pos`` before that point, or None); (deepest level, None) if it never does. Only run
    after decoding failed, to name the line.

    >>> json_depth_line('{"c":[["data-pos","7:1-7:4"],[[[[1]]]]]}', 4)
    (5, 7)
    """
    depth = deepest = 0
    for token in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', text):
        kind = token.group(0)
        if kind in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if depth > limit:
                positions = re.findall(r'"data-pos","(\d+):', text[max(0, token.start() - 200_000): token.start()])
                return depth, int(positions[-1]) if positions else None
        elif kind in "]}":
            depth -= 1
    return deepest, None
