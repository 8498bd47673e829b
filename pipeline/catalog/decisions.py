"""Maintainers' decisions (sources/decisions.json) -> the mentions they name, found again on every build.

A decision names each of its two mentions by content, not by position::

    {"source": "awesome-llm-enhanced-recsys", "title": "LLMRG: Improving ...", "line": 26}

The source and the title as written identify the mention; the line is only a hint (where it was
when the decision was written, shown in messages and rewritten by ``reanchor``). A line number
alone would silently move to whatever paper an upstream edit puts on that line.
"""

from __future__ import annotations

from typing import Any

from pipeline.match.titles import normalize_title
from pipeline.problems import Problem
from pipeline.records.shapes import Record

KINDS = ("same", "different")
Anchor = dict[str, Any]


def _label(anchor: Anchor) -> str:
    return f"{anchor['source']}:{anchor['line']} {anchor['title']!r}"


def by_source(records: list[Record]) -> dict[str, list[int]]:
    """Record indices per source id, so that each anchor looks at its own source only."""
    index: dict[str, list[int]] = {}
    for n, record in enumerate(records):
        index.setdefault(record["source"]["id"], []).append(n)
    return index


def _candidates(anchor: Anchor, records: list[Record], own: list[int]) -> list[int]:
    """Indices of the records of the anchor's source with its title: as written, else normalized
    (a case or punctuation fix upstream is still the same title)."""
    exact = [n for n in own if records[n]["title"] == anchor["title"]]
    if exact:
        return exact
    wanted = normalize_title(anchor["title"])
    return [n for n in own if normalize_title(records[n]["title"]) == wanted]


def _now_at(anchor: Anchor, records: list[Record], own: list[int]) -> str:
    """What the anchor's hint line holds now, for the message."""
    for record in (records[n] for n in own):
        if record["source"]["line"] == anchor["line"]:
            return f"line {anchor['line']} now holds {record['title']!r}"
    return f"line {anchor['line']} now holds no paper mention"


def locate(anchor: Anchor, records: list[Record],
           index: dict[str, list[int]] | None = None) -> tuple[int | None, str]:
    """(index of the one record the anchor names, "") or (None, why it names none or several)."""
    own = (index if index is not None else by_source(records)).get(anchor["source"], [])
    found = _candidates(anchor, records, own)
    if len(found) == 1:
        return found[0], ""
    if not own:
        return None, f"found no paper mention in {anchor['source']!r} (not an active source, or it was skipped)"
    if not found:
        return None, f"found no paper mention with that title in {anchor['source']}; {_now_at(anchor, records, own)}"
    lines = ", ".join(str(records[n]["source"]["line"]) for n in found)
    return None, f"found {len(found)} mentions with that title in {anchor['source']} (lines {lines}), expected one"


def _well_formed(anchor: Any) -> bool:
    return isinstance(anchor, dict) and isinstance(anchor.get("source"), str) and \
        isinstance(anchor.get("title"), str) and isinstance(anchor.get("line"), int)


def resolve(decisions: dict[str, Any] | None, records: list[Record],
            path: str) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]], list[Problem]]:
    """The decisions as index pairs into ``records`` (the paper mentions of the active sources).

    A decision with a side that names no mention, or two, is a ``decision-stale`` error and is
    not applied: it is never guessed onto another paper.
    """
    same: list[tuple[int, int, str]] = []
    different: list[tuple[int, int]] = []
    problems: list[Problem] = []
    index = by_source(records)
    for kind in KINDS:
        for number, pair in enumerate((decisions or {}).get(kind, []), start=1):
            found: list[int] = []
            for side in ("a", "b"):
                if not _well_formed(pair.get(side)):
                    problems.append(Problem(path, None, "decision-invalid",
                                            f"{kind}[{number}].{side}: expected a mention "
                                            f"{{\"source\", \"title\", \"line\"}}, found {pair.get(side)!r} (a "
                                            f"'source:line' alone would follow whatever paper lands on that line)"))
                    continue
                found_at, why = locate(pair[side], records, index)
                if found_at is None:
                    problems.append(Problem(path, None, "decision-stale",
                                            f"{kind}[{number}].{side} was written for {_label(pair[side])}; {why} "
                                            f"(run python -m pipeline decisions --reanchor after an upstream "
                                            f"update, or correct the decision)"))
                else:
                    found.append(found_at)
            if len(found) < 2:
                continue
            a, b = found
            if a == b:
                problems.append(Problem(path, None, "decision-invalid",
                                        f"{kind}[{number}] names the same mention twice: {_label(pair['a'])}"))
            elif kind == "same":
                same.append((a, b, pair["reason"]))
            else:
                different.append((a, b))
    return same, different, problems


def reanchor(decisions: dict[str, Any], records: list[Record],
             path: str) -> tuple[dict[str, Any], list[str], list[Problem]]:
    """Rewrite every line hint to where its mention is now.

    Returns the new decisions, one line per hint that moved (``same[1].b: 26 -> 28``), and a
    ``decision-stale`` problem for each mention that cannot be placed (left unchanged).
    """
    moved: list[str] = []
    problems: list[Problem] = []
    out: dict[str, Any] = {kind: [] for kind in KINDS if kind in decisions}
    index = by_source(records)
    for kind in out:
        for number, pair in enumerate(decisions[kind], start=1):
            new_pair = dict(pair)
            for side in ("a", "b"):
                anchor = pair[side]
                found_at, why = locate(anchor, records, index)
                if found_at is None:
                    problems.append(Problem(path, None, "decision-stale",
                                            f"{kind}[{number}].{side}: cannot place {_label(anchor)}: {why}"))
                    continue
                line = records[found_at]["source"]["line"]
                if line != anchor["line"]:
                    moved.append(f"{kind}[{number}].{side}: {anchor['source']} {anchor['title']!r}: "
                                 f"line {anchor['line']} -> {line}")
                new_pair[side] = {**anchor, "line": line}
            out[kind].append(new_pair)
    return out, moved, problems
