"""Two catalogs -> what changed between them: papers added, removed and changed, and mentions moved.

Mentions are aligned by content (source, title as written, link URLs), never by line: a mention
found again on another line is a move, listed apart in ``moved``, so an upstream edit that only
shifts lines changes no paper. Papers are aligned by id, then by any shared identifier, then by
normalized title or alias, then by a shared mention, so a paper whose id changed (a DOI-only paper
that gained an arXiv link) is one change, never a removal plus an addition. The result has
csv-diff's shape plus moves, sources and a summary::

    {"added": [paper], "removed": [paper], "changed": [{"key", "old_key", "title", "changes"}],
     "moved": [{"source", "title", "old_line", "new_line", "paper"}], "sources": {...}, "summary": {...}}
"""

from __future__ import annotations

import json
from typing import Any, Callable, Hashable, Iterable, Sequence, TypedDict

from pipeline.catalog.shapes import Catalog, Paper, PaperMention
from pipeline.match.titles import normalize_title
from pipeline.outputs.document import bullets, header, para, to_gfm
from pipeline.problems import PipelineError, Problem

#: Fields compared between the two versions of a paper, as shown in the diff. "mentions" holds
#: [mentions only in the old paper, mentions only in the new one], as source:line; moves are not changes.
FIELDS = ("id", "title", "aliases", "short_names", "kind", "year", "venue", "arxiv", "doi", "other_ids",
          "paper_url", "code_url", "lists", "mentions")
MentionKey = tuple[str, str, tuple[str, ...]]
#: (paper index, mention index within the paper)
Place = tuple[int, int]


class PaperSummary(TypedDict):
    """A paper added or removed, as the diff shows it."""

    id: str
    title: str
    year: int | None
    venue: str | None
    lists: list[str]


class Change(TypedDict):
    """A paper found in both catalogs whose fields differ: [old, new] per field of FIELDS."""

    key: str  #: the paper's id in the newer catalog
    old_key: str  #: its id in the older one
    title: str
    changes: dict[str, list[Any]]  #: any field's two values (a year, a title, a list of lists...)


class Move(TypedDict):
    """A mention found again, same source, title and links, on another line."""

    source: str
    title: str
    old_line: int
    new_line: int
    paper: str  #: the paper's id in the newer catalog


class SourceChanges(TypedDict):
    """Sources added, removed, and changed (another text, or superseded now or no longer)."""

    added: list[str]
    removed: list[str]
    changed: list[str]


class Diff(TypedDict):
    """What changed between two catalogs: schemas/diff.schema.json (``diff --json`` prints it)."""

    added: list[PaperSummary]
    removed: list[PaperSummary]
    changed: list[Change]
    moved: list[Move]
    sources: SourceChanges
    summary: dict[str, int]


def view(paper: Paper) -> dict[str, Any]:
    """The comparable fields of a paper but its mentions (identifiers and URLs flattened)."""
    ids = paper["identifiers"]
    return {
        "id": paper["id"], "title": paper["title"], "aliases": paper["aliases"],
        "short_names": paper["short_names"], "kind": paper["kind"], "year": paper["year"],
        "venue": paper["venue"], "arxiv": ids["arxiv"], "doi": ids["doi"],
        "other_ids": [f"{scheme}:{value}" for scheme, value in sorted(ids["other"].items())],
        "paper_url": paper["urls"]["paper"], "code_url": paper["urls"]["code"], "lists": paper["lists"],
    }


def summary_of(paper: Paper) -> PaperSummary:
    return {"id": paper["id"], "title": paper["title"], "year": paper["year"], "venue": paper["venue"],
            "lists": paper["lists"]}


def mention_key(mention: PaperMention) -> MentionKey:
    """What a mention is, wherever it stands: its source, its title as written and its link URLs."""
    return (mention["source"], mention["title"], tuple(link["url"] for link in mention.get("links", [])))


def _keys(paper: Paper) -> list[str]:
    ids = paper["identifiers"]
    found = [f"arxiv:{ids['arxiv']}"] if ids["arxiv"] else []
    found += [f"doi:{ids['doi']}"] if ids["doi"] else []
    found += [f"{scheme}:{value}" for scheme, value in sorted(ids["other"].items())]
    return found


def align_mentions(old: list[Paper], new: list[Paper]) -> dict[Place, Place]:
    """Old mention place -> new mention place, for mentions of equal content.

    Mentions of equal content (a row a list repeats) pair up in line order.
    """
    def places(papers: list[Paper]) -> dict[MentionKey, list[tuple[int, Place]]]:
        found: dict[MentionKey, list[tuple[int, Place]]] = {}
        for i, paper in enumerate(papers):
            for k, mention in enumerate(paper["mentions"]):
                found.setdefault(mention_key(mention), []).append((mention["line"], (i, k)))
        return found

    before, after = places(old), places(new)
    pairs: dict[Place, Place] = {}
    for key, olds in before.items():
        for (_line, a), (_line2, b) in zip(sorted(olds), sorted(after.get(key, []))):
            pairs[a] = b
    return pairs


def align(old: list[Paper], new: list[Paper]) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """(pairs of old/new indices, unmatched old, unmatched new): by id, identifier, title, then mention."""
    pairs: list[tuple[int, int]] = []
    left = set(range(len(old)))
    right = set(range(len(new)))

    def match(key_of: Callable[[Paper], Sequence[Hashable]]) -> None:
        index: dict[Hashable, int] = {}
        for j in sorted(right):
            for key in key_of(new[j]):
                index.setdefault(key, j)
        for i in sorted(left):
            found = next((index[key] for key in key_of(old[i]) if index.get(key) in right), None)
            if found is not None:
                pairs.append((i, found))
                left.discard(i)
                right.discard(found)

    match(lambda paper: [paper["id"]])
    match(_keys)
    match(lambda paper: [normalize_title(title) for title in [paper["title"], *paper["aliases"]]])
    # A paper absorbed into another keeps the mentions of the lists that did not change.
    match(lambda paper: sorted(mention_key(mention) for mention in paper["mentions"]))
    return sorted(pairs, key=lambda pair: new[pair[1]]["id"]), sorted(left), sorted(right)


def _where(mention: PaperMention) -> str:
    return f"{mention['source']}:{mention['line']}"


def diff_catalogs(old: Catalog, new: Catalog, ignore: Iterable[str] = ()) -> Diff:
    """What changed from ``old`` to ``new``; ``ignore`` names fields (of FIELDS) to leave out."""
    hidden = set(ignore)
    unknown = hidden - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown field(s) {sorted(unknown)}; expected some of {list(FIELDS)}")
    pairs, removed, added = align(old["papers"], new["papers"])
    same_mention = align_mentions(old["papers"], new["papers"])
    changed: list[Change] = []
    for i, j in pairs:
        before, after = view(old["papers"][i]), view(new["papers"][j])
        changes = {name: [before[name], after[name]] for name in FIELDS
                   if name in before and name not in hidden and before[name] != after[name]}
        # A mention counts as kept when its content is found again in this same paper, on any line.
        kept = {b for (a_paper, a), (b_paper, b) in same_mention.items() if a_paper == i and b_paper == j}
        gone = [_where(m) for k, m in enumerate(old["papers"][i]["mentions"])
                if same_mention.get((i, k), (-1, -1))[0] != j]
        new_ones = [_where(m) for k, m in enumerate(new["papers"][j]["mentions"]) if k not in kept]
        if (gone or new_ones) and "mentions" not in hidden:
            changes["mentions"] = [sorted(gone), sorted(new_ones)]
        if changes:
            changed.append({"key": after["id"], "old_key": before["id"], "title": after["title"],
                            "changes": {name: changes[name] for name in FIELDS if name in changes}})
    moved: list[Move] = sorted(({"source": mention["source"], "title": mention["title"], "old_line": mention["line"],
                     "new_line": new["papers"][b_paper]["mentions"][b]["line"], "paper": new["papers"][b_paper]["id"]}
                    for (a_paper, a), (b_paper, b) in same_mention.items()
                    for mention in [old["papers"][a_paper]["mentions"][a]]
                    if mention["line"] != new["papers"][b_paper]["mentions"][b]["line"]),
                   key=lambda move: (move["source"], move["new_line"], move["old_line"], move["title"]))
    old_sources = {s["id"]: s for s in old["sources"]}
    new_sources = {s["id"]: s for s in new["sources"]}
    sources: SourceChanges = {
        "added": sorted(set(new_sources) - set(old_sources)),
        "removed": sorted(set(old_sources) - set(new_sources)),
        "changed": sorted(name for name in set(old_sources) & set(new_sources)
                          if old_sources[name]["sha256"] != new_sources[name]["sha256"]
                          or old_sources[name]["superseded_by"] != new_sources[name]["superseded_by"]),
    }
    added_papers = [summary_of(new["papers"][j]) for j in added]
    removed_papers = [summary_of(old["papers"][i]) for i in removed]
    result: Diff = {
        "added": added_papers,
        "removed": removed_papers,
        "changed": changed,
        "moved": moved,
        "sources": sources,
        "summary": {
            "added": len(added_papers), "removed": len(removed_papers), "changed": len(changed),
            "id_changed": sum(c["key"] != c["old_key"] for c in changed), "moved": len(moved),
            "papers_before": len(old["papers"]), "papers_after": len(new["papers"]),
            "sources_added": len(sources["added"]), "sources_removed": len(sources["removed"]),
            "sources_changed": len(sources["changed"]),
        },
    }
    return result


def has_changes(result: Diff) -> bool:
    """Whether the catalogs differ at all, moves included (diff(1)'s exit status 1)."""
    counts = result["summary"]
    return any(counts[name] for name in ("added", "removed", "changed", "moved", "sources_added",
                                         "sources_removed", "sources_changed"))


def _show(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value)) if value else "(none)"
    return "(none)" if value is None else str(value)


def _change_text(name: str, old: Any, new: Any) -> str:
    if name == "mentions":  # [only in old, only in new]: a link fixed on one line is −x:9 +x:9
        return f"{name}: {' '.join([f'−{item}' for item in old] + [f'+{item}' for item in new])}"
    if isinstance(old, list) and isinstance(new, list):
        plus = [f"+{item}" for item in new if item not in old]
        minus = [f"−{item}" for item in old if item not in new]
        return f"{name}: {' '.join(minus + plus)}"
    return f"{name}: {_show(old)} → {_show(new)}"


def diff_markdown(result: Diff, old_name: str, new_name: str, moves: bool = False) -> str:
    """A Keep-a-Changelog style section, ready to paste into release notes.

    Moved mentions are one summary line; ``moves`` lists them too."""
    counts = result["summary"]
    blocks: list[Any] = [
        header(2, f"{new_name} (compared with {old_name})"),
        para(f"{counts['papers_after']} papers ({counts['papers_after'] - counts['papers_before']:+d}): "
             f"{counts['added']} added, {counts['removed']} removed, {counts['changed']} changed "
             f"({counts['id_changed']} with a new id)."),
    ]
    if counts["moved"]:
        mentions = "mention" if counts["moved"] == 1 else "mentions"
        blocks.append(para(f"{counts['moved']} {mentions} moved to other lines"
                           f"{'.' if moves else ' (list them with --moves).'}"))
    sources = result["sources"]
    if any(sources.values()):
        lines = [[f"{kind} list: {name}"] for kind in ("added", "removed", "changed") for name in sources[kind]]
        blocks += [header(3, "Sources"), bullets(lines)]
    if result["added"]:
        blocks += [header(3, "Added"), bullets([[f"{p['title']} ({p['id']}{', ' + str(p['year']) if p['year'] else ''})"
                                                 f"; lists: {_show(p['lists'])}"] for p in result["added"]])]
    if result["changed"]:
        items = []
        for change in result["changed"]:
            texts = [_change_text(name, old, new) for name, (old, new) in change["changes"].items()]
            label = change["key"] if change["key"] == change["old_key"] else f"{change['old_key']} → {change['key']}"
            items.append([f"{change['title']} ({label}): {'; '.join(texts)}"])
        blocks += [header(3, "Changed"), bullets(items)]
    if result["removed"]:
        blocks += [header(3, "Removed"), bullets([[f"{p['title']} ({p['id']}); lists: {_show(p['lists'])}"]
                                                  for p in result["removed"]])]
    if moves and result["moved"]:
        moved = [[f"{m['source']}: {m['title']} ({m['paper']}): line {m['old_line']} → {m['new_line']}"]
                 for m in result["moved"]]
        blocks += [header(3, "Moved"), bullets(moved)]
    if not has_changes(result):
        blocks.append(para("No changes."))
    elif not (result["added"] or result["removed"] or result["changed"]):
        blocks.append(para("No paper was added, removed or changed."))
    return to_gfm(blocks, "diff.md")


def load_catalog(text: str, name: str) -> Catalog:
    """Parse a papers.json text; errors name the file and the JSON error's line and column."""
    try:
        data: Catalog = json.loads(text)  # checked below for the keys a catalog of any 1.x version has
    except json.JSONDecodeError as error:
        raise PipelineError(Problem(name, error.lineno, "bad-catalog",
                                    f"expected JSON, found an error at column {error.colno}: {error.msg}")) from error
    missing = [key for key in ("schema_version", "papers", "sources") if not isinstance(data, dict) or key not in data]
    if missing:
        raise PipelineError(Problem(name, None, "bad-catalog",
                                    f"expected a catalog (papers.json), found no {', '.join(missing)}"))
    return data


def check_versions(old: Catalog, new: Catalog, old_name: str, new_name: str) -> None:
    """Catalogs of one major schema version compare; others cannot (fields may mean other things)."""
    major_old, major_new = (str(c["schema_version"]).split(".")[0] for c in (old, new))
    if major_old != major_new:
        raise PipelineError(Problem(new_name, None, "schema-version",
                                    f"expected schema version {major_old}.x like {old_name}, found "
                                    f"{new['schema_version']}; build both with one pipeline version to compare"))
