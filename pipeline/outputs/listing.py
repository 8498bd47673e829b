"""The catalog as one merged awesome list, papers.md, ready for GitHub.

What it is, the sources with their dates, how much the lists overlap, a table of contents, then
the papers grouped by year (newest first): each with its link (the arXiv abstract page when
known), short name, venue and year, code link and the lists that cite it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping
from urllib.parse import quote_plus

import panflute as pf

from pipeline.catalog.shapes import Catalog, Paper
from pipeline.outputs.document import bullets, header, image, inlines, link, para, parts_to_gfm, table, to_gfm
from pipeline.outputs.overlap import OverlapCounts, overlap_counts

MATRIX_LISTS = 12  # a coverage table with one column per list stays readable up to here
UNKNOWN_YEAR = "Year unknown"
#: At most this many papers' items go to one pandoc run: pandoc holds the whole document it reads
#: (1.5 GB for 29,000 papers at once).
ITEMS_PER_RUN = 2000
#: Where a bullet list item starts in pandoc's GFM: "-" at the start of a line (the item's own
#: further lines are indented under it).
_ITEM_START = re.compile(r"^(?=-)", re.MULTILINE)


@dataclass
class Listing:
    """papers.md, and the markdown of each paper's item by its ``item_key``, for the next build."""

    text: str
    items: dict[str, str]


def _anchor(text: str) -> str:
    """GitHub's heading anchor: lower case, spaces to dashes, punctuation dropped."""
    return "".join(c for c in text.lower().replace(" ", "-") if c.isalnum() or c in "-_")


def paper_link(paper: Paper) -> str:
    """The paper's own URL, or a Semantic Scholar search for its title when no list gave one."""
    return paper["urls"]["paper"] or f"https://www.semanticscholar.org/search?q={quote_plus(paper['title'])}"


def item_key(paper: Paper) -> str:
    """A digest of all that paper_item shows of a paper: two papers with one key have one item."""
    shown = [paper["title"], paper_link(paper), paper["short_names"][:1], paper["venue"], paper["year"],
             paper["urls"]["code"], paper["lists"]]
    return hashlib.sha1(json.dumps(shown, ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()


def paper_item(paper: Paper) -> list[Any]:
    parts: list[Any] = [[link(paper["title"], paper_link(paper))]]
    details = []
    if paper["short_names"]:
        parts += [" — ", [pf.Strong(*inlines(paper["short_names"][0]))]]
    venue = " ".join(str(part) for part in (paper["venue"], paper["year"]) if part)
    if venue:
        details.append(venue)
    if details:
        parts.append(" · " + " · ".join(details))
    if paper["urls"]["code"]:
        parts += [" · ", [link("code", paper["urls"]["code"])]]
    parts.append(" · lists: " + ", ".join(paper["lists"]))
    return parts


def _sources_table(catalog: Catalog) -> pf.Table:
    rows = []
    for source in catalog["sources"]:
        status = f"superseded by {source['superseded_by']}" if source["superseded_by"] else ""
        if source.get("skipped"):
            status = "skipped: could not be read (see report.md)"
        upstream: Any = [link(source["upstream"].split("/blob/")[0].removeprefix("https://github.com/"),
                              source["upstream"])] if source["upstream"] else "not public"
        rows.append([source["id"], source["title"], source["date"] or "unknown",
                     "—" if source.get("skipped") else str(source["records"]),
                     upstream, status])
    return table(["List", "List title", "Snapshot", "Records", "Upstream", "Note"], rows)


def _coverage_table(counts: OverlapCounts) -> pf.Table:
    lists = counts["lists"]
    if len(lists) <= MATRIX_LISTS:
        headers = ["List", "Papers", *[f"shared with {name}" for name in lists], "Only there"]
        rows = [[a, str(counts["papers"][a]), *["—" if a == b else str(counts["shared"][a][b]) for b in lists],
                 str(counts["only"][a])] for a in lists]
        return table(headers, rows)
    rows = []
    for a in lists:
        others = [(counts["shared"][a][b], b) for b in lists if b != a]
        best = max(others) if others else (0, "")
        rows.append([a, str(counts["papers"][a]), f"{best[1]} ({best[0]})", str(counts["only"][a])])
    return table(["List", "Papers", "Largest overlap", "Only there"], rows)


def papers_markdown(catalog: Catalog, path: str = "papers.md", picture: str = "overlap.png") -> str:
    """The whole merged list as GitHub-flavoured markdown."""
    return render_listing(catalog, {}, path, picture).text


def render_listing(catalog: Catalog, known_items: Mapping[str, str], path: str = "papers.md",
                   picture: str = "overlap.png") -> Listing:
    """papers.md, its paper items taken from ``known_items`` (an earlier Listing's ``items``) where
    their keys are there: after an edit to one list, pandoc renders only the papers it changed.

    The text is the document rendered whole (pandoc's GFM writer ends each item of a tight list
    with a newline and starts the next at the line's start; tested). An item is told from the
    next by its line starting with "-"; should pandoc ever render a batch of items otherwise, the
    document is rendered whole, as without ``known_items``.
    """
    counts = overlap_counts(catalog)
    by_year: dict[str, list[Paper]] = {}
    for paper in catalog["papers"]:
        by_year.setdefault(str(paper["year"]) if paper["year"] else UNKNOWN_YEAR, []).append(paper)
    years = sorted((year for year in by_year if year != UNKNOWN_YEAR), reverse=True)
    years += [UNKNOWN_YEAR] if UNKNOWN_YEAR in by_year else []
    for year in years:
        by_year[year].sort(key=lambda p: (p["title"].casefold(), p["id"]))
    head = _head_blocks(catalog, counts, picture, [(year, len(by_year[year])) for year in years])
    keyed = {year: [(item_key(paper), paper) for paper in by_year[year]] for year in years}
    items = _items(keyed.values(), known_items, path)
    headings = to_gfm([header(2, year, _anchor(year)) for year in years], path).split("\n\n") if years else []
    if items is None or len(headings) != len(years):
        return Listing(parts_to_gfm(_parts(head, years, by_year), path), {})
    parts = [to_gfm(head, path)]
    for year, heading in zip(years, headings):
        parts.append(heading.rstrip("\n") + "\n\n" + "".join(items[key] for key, _paper in keyed[year]))
    return Listing("\n".join(parts), items)


def _items(groups: Iterable[list[tuple[str, Paper]]], known: Mapping[str, str], path: str) -> dict[str, str] | None:
    """Each paper's item by its key (``groups`` of (item_key, paper)): known, or rendered by pandoc
    (ITEMS_PER_RUN at a time); None when a rendered batch does not come out as one item per paper."""
    items: dict[str, str] = {}
    missing: dict[str, Paper] = {}
    for key, paper in (pair for group in groups for pair in group):
        if key in known:
            items[key] = known[key]
        else:
            missing.setdefault(key, paper)
    batch = list(missing.items())
    for start in range(0, len(batch), ITEMS_PER_RUN):
        chunk = batch[start:start + ITEMS_PER_RUN]
        text = to_gfm([bullets([paper_item(paper) for _key, paper in chunk])], path)
        rendered = [item for item in _ITEM_START.split(text) if item]
        if len(rendered) != len(chunk):
            return None
        items.update(zip((key for key, _paper in chunk), rendered))
    return items


def _head_blocks(catalog: Catalog, counts: OverlapCounts, picture: str, years: list[tuple[str, int]]) -> list[pf.Block]:
    """What comes before the papers: title, summary, sources, coverage and contents."""
    total = catalog["counts"]
    return [
        header(1, "LLM-based recommender systems: one merged paper list"),
        para(f"{total['papers']} papers and surveys cited by {len(counts['lists'])} awesome lists, "
             f"{total['papers_in_two_or_more_lists']} of them by two or more lists, merged from "
             f"{total['mentions']} list items and table rows. Every entry names the lists that cite it; "
             f"catalog version {catalog['pipeline_version']}, schema {catalog['schema_version']}."),
        header(2, "Sources"),
        _sources_table(catalog),
        header(2, "Coverage"),
        _coverage_table(counts),
        image("Papers shared by each pair of lists", picture),
        header(2, "Contents"),
        bullets([[[link(year, "#" + _anchor(year))], f" ({count})"] for year, count in years]),
    ]


def _parts(head: list[pf.Block], years: list[str], by_year: dict[str, list[Paper]]) -> Iterator[list[pf.Block]]:
    """The document in parts for parts_to_gfm: what comes before the papers, then each year's."""
    yield head
    for year in years:
        yield [header(2, year, _anchor(year)), bullets([paper_item(paper) for paper in by_year[year]])]
