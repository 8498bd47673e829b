"""Edits like the ones upstream lists get, applied to the real sources, and the catalog they give.

Each edit is a function text -> text. ``catalog_after({"source id": edit})`` rebuilds only the
edited sources (pandoc) and merges them with the others' cached records, from scratch and again
reusing the parts of the merge of the unedited sources (as the catalog task does after an edit):
the two must be the same catalog.
"""

import copy
import functools
import json
import re
from typing import Any, Callable

from pipeline import files, paths
from pipeline.catalog.build import build_catalog, merge_catalog
from pipeline.manifest import resolve_sources
from pipeline.read.parse import decode_source
from pipeline.problems import Problem
from tests.catalog_fixture import SOURCES, real_records, source_records

Edit = Callable[[str], str]
NAMES = [path.stem for path in paths.documents(SOURCES)]


def source_text(name: str) -> str:
    path = SOURCES / f"{name}.md"
    return decode_source(path.read_bytes(), paths.display_path(path))[0]


def insert_top(*lines: str) -> Edit:
    return lambda text: "".join(f"{line}\n" for line in lines) + text


def new_header(count: int) -> Edit:
    """A new header of ``count`` lines in place of nothing: every item moves down by ``count``."""
    header = ["# A newer version of this list", ""] + [f"Badge or news line {n}." for n in range(count - 3)] + [""]
    return insert_top(*header)


def insert_after(anchor: str, *lines: str) -> Edit:
    """Insert lines after the first line containing ``anchor``."""
    def edit(text: str) -> str:
        rows = text.split("\n")
        at = next(n for n, row in enumerate(rows) if anchor in row)
        return "\n".join(rows[:at + 1] + list(lines) + rows[at + 1:])
    return edit


def delete_lines(first: str, count: int) -> Edit:
    """Delete ``count`` lines from the first containing ``first``."""
    def edit(text: str) -> str:
        rows = text.split("\n")
        at = next(n for n, row in enumerate(rows) if first in row)
        return "\n".join(rows[:at] + rows[at + count:])
    return edit


def _section(rows: list[str], heading: str) -> tuple[int, int]:
    """Line range [start, end) of the section under the heading line ``heading``, up to the next heading
    of the same or a higher level."""
    start = rows.index(heading)
    level = len(heading) - len(heading.lstrip("#"))
    end = next((n for n in range(start + 1, len(rows)) if re.match(rf"#{{1,{level}}} ", rows[n])), len(rows))
    return start, end


def delete_section(heading: str) -> Edit:
    def edit(text: str) -> str:
        rows = text.split("\n")
        start, end = _section(rows, heading)
        return "\n".join(rows[:start] + rows[end:])
    return edit


def move_section_to_end(heading: str) -> Edit:
    def edit(text: str) -> str:
        rows = text.split("\n")
        start, end = _section(rows, heading)
        moved = rows[start:end]
        rest = rows[:start] + rows[end:]
        while rest and rest[-1] == "":
            rest.pop()
        return "\n".join(rest + [""] + moved + [""])
    return edit


def replace(old: str, new: str) -> Edit:
    def edit(text: str) -> str:
        assert text.count(old) == 1, f"expected {old!r} once in the source"
        return text.replace(old, new)
    return edit


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def then(*edits: Edit) -> Edit:
    def edit(text: str) -> str:
        for step in edits:
            text = step(text)
        return text
    return edit


def records_after(edits: dict[str, Edit]) -> list[dict[str, Any]]:
    out = []
    for found in real_records():
        name = found["source"]["id"]
        if name in edits:
            found, _problems = source_records(name, edits[name](source_text(name)).encode("utf-8"))
        out.append(found)
    return out


def _inputs() -> tuple[list[Any], dict[str, Any]]:
    manifest = json.loads((SOURCES / "manifest.json").read_text(encoding="utf-8"))
    decisions = json.loads((SOURCES / "decisions.json").read_text(encoding="utf-8"))
    sources, _problems = resolve_sources(manifest, [f"{name}.md" for name in NAMES], "manifest.json")
    return sources, decisions


@functools.cache
def _base_parts() -> bytes:
    """The parts of the merge of the unedited sources, as the catalog task keeps them (JSON)."""
    sources, decisions = _inputs()
    return files.dumps_bytes(merge_catalog(real_records(), sources, decisions, "sources/decisions.json")[2])


def catalog_after(edits: dict[str, Edit]) -> tuple[dict[str, Any], list[Problem]]:
    sources, decisions = _inputs()
    records = records_after(edits)
    catalog, problems = build_catalog(copy.deepcopy(records), sources, decisions, "sources/decisions.json")
    reused, reused_problems, _parts = merge_catalog(records, sources, decisions, "sources/decisions.json",
                                                    json.loads(_base_parts()))
    assert files.dumps(reused) == files.dumps(catalog) and reused_problems == problems
    return catalog, problems
