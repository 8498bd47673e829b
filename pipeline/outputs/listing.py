"""The catalog as one merged awesome list, papers.md, ready for GitHub.

What it is, the sources with their dates, how much the lists overlap, a table of contents, then
the papers grouped by year (newest first): each with its link (the arXiv abstract page when
known), short name, venue and year, code link and the lists that cite it.
"""

from __future__ import annotations

from typing import Any, Iterator
from urllib.parse import quote_plus

import panflute as pf

from pipeline.catalog.shapes import Catalog, Paper
from pipeline.outputs.document import bullets, header, image, inlines, link, para, parts_to_gfm, table
from pipeline.outputs.overlap import OverlapCounts, overlap_counts

MATRIX_LISTS = 12  # a coverage table with one column per list stays readable up to here
UNKNOWN_YEAR = "Year unknown"


def _anchor(text: str) -> str:
    """GitHub's heading anchor: lower case, spaces to dashes, punctuation dropped."""
    return "".join(c for c in text.lower().replace(" ", "-") if c.isalnum() or c in "-_")


def paper_link(paper: Paper) -> str:
    """The paper's own URL, or a Semantic Scholar search for its title when no list gave one."""
    return paper["urls"]["paper"] or f"https://www.semanticscholar.org/search?q={quote_plus(paper['title'])}"


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
    counts = overlap_counts(catalog)
    by_year: dict[str, list[Paper]] = {}
    for paper in catalog["papers"]:
        by_year.setdefault(str(paper["year"]) if paper["year"] else UNKNOWN_YEAR, []).append(paper)
    years = sorted((year for year in by_year if year != UNKNOWN_YEAR), reverse=True)
    years += [UNKNOWN_YEAR] if UNKNOWN_YEAR in by_year else []
    total = catalog["counts"]
    blocks: list[pf.Block] = [
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
        bullets([[[link(year, "#" + _anchor(year))], f" ({len(by_year[year])})"] for year in years]),
    ]

    def year_parts() -> Iterator[list[pf.Block]]:
        yield blocks
        for year in years:
            papers = sorted(by_year[year], key=lambda p: (p["title"].casefold(), p["id"]))
            yield [header(2, year, _anchor(year)), bullets([paper_item(paper) for paper in papers])]

    return parts_to_gfm(year_parts(), path)
