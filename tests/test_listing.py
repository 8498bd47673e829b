"""papers.md from a small hand-made catalog: the whole document, written out by hand."""

import copy
import re
from pathlib import Path
from typing import Any

import panflute as pf
import pytest

from pipeline import artifacts, caches, files, paths
from pipeline.outputs import listing


def paper(pid: str, title: str, year: int | None, lists: list[str], venue: str | None = None,
          short: tuple[str, ...] = (), code: str | None = None, url: str | None = None) -> dict:
    return {"id": pid, "title": title, "year": year, "venue": venue, "short_names": list(short), "lists": lists,
            "urls": {"paper": url, "code": code}, "identifiers": {"arxiv": None, "doi": None, "other": {}},
            "mentions": [{"source": name, "line": 1, "title": title} for name in lists]}


def source(sid: str, title: str, date: str | None = "2024-05-01", records: int = 3, upstream: str | None = None,
           superseded_by: str | None = None, skipped: bool = False) -> dict:
    found = {"id": sid, "title": title, "date": date, "records": records, "upstream": upstream,
             "superseded_by": superseded_by, "path": f"sources/{sid}.md"}
    if skipped:
        found["skipped"] = True
    return found


CATALOG = {
    "pipeline_version": "0.9.1", "schema_version": "2.0.0",
    "counts": {"papers": 4, "papers_in_two_or_more_lists": 1, "mentions": 5},
    "sources": [source("alpha", "Alpha list", upstream="https://github.com/o/alpha/blob/main/README.md"),
                source("beta", "Beta list", date=None, records=2),
                source("gamma", "Gamma list", superseded_by="beta"),
                source("delta", "Delta list", skipped=True)],
    "papers": [paper("arxiv:1", "Zeta Rec", 2023, ["alpha", "beta"], venue="KDD", short=("ZR", "Z"),
                     code="https://github.com/z/r", url="https://arxiv.org/abs/1"),
               paper("t:2", "alpha model", 2023, ["alpha"], url="https://x.org/a"),
               paper("t:3", "Old & Gold", 2021, ["beta"], venue="arXiv"),
               paper("t:4", "No Year", None, ["alpha"], url="https://x.org/n")],
}

# gamma is superseded and delta unreadable: neither is a coverage column; years newest first,
# "Year unknown" last; inside a year by title ignoring case; a paper without a URL gets a
# Semantic Scholar search; only the first short name is shown.
PAPERS_MD = """\
# LLM-based recommender systems: one merged paper list

4 papers and surveys cited by 2 awesome lists, 1 of them by two or more lists, merged from 5 list items and table rows. Every entry names the lists that cite it; catalog version 0.9.1, schema 2.0.0.

## Sources

| List | List title | Snapshot | Records | Upstream | Note |
|----|----|----|----|----|----|
| alpha | Alpha list | 2024-05-01 | 3 | [o/alpha](https://github.com/o/alpha/blob/main/README.md) |  |
| beta | Beta list | unknown | 2 | not public |  |
| gamma | Gamma list | 2024-05-01 | 3 | not public | superseded by beta |
| delta | Delta list | 2024-05-01 | — | not public | skipped: could not be read (see report.md) |

## Coverage

| List  | Papers | shared with alpha | shared with beta | Only there |
|-------|--------|-------------------|------------------|------------|
| alpha | 3      | —                 | 1                | 2          |
| beta  | 2      | 1                 | —                | 1          |

![Papers shared by each pair of lists](overlap.png)

## Contents

- [2023](#2023) (2)
- [2021](#2021) (1)
- [Year unknown](#year-unknown) (1)

## 2023

- [alpha model](https://x.org/a) · 2023 · lists: alpha
- [Zeta Rec](https://arxiv.org/abs/1) — **ZR** · KDD 2023 · [code](https://github.com/z/r) · lists: alpha, beta

## 2021

- [Old & Gold](https://www.semanticscholar.org/search?q=Old+%26+Gold) · arXiv 2021 · lists: beta

## Year unknown

- [No Year](https://x.org/n) · lists: alpha
"""


def test_papers_md_whole() -> None:
    assert listing.papers_markdown(CATALOG) == PAPERS_MD


def test_picture_name_is_used() -> None:
    assert "![Papers shared by each pair of lists](plots/o.png)" in listing.papers_markdown(
        CATALOG, picture="plots/o.png").splitlines()


def test_anchor_is_githubs() -> None:
    assert listing._anchor("Year unknown") == "year-unknown"
    assert listing._anchor("A_b: C.d!") == "a_b-cd"


def coverage_rows(markdown: str) -> list[list[str]]:
    """The cells of the coverage table (second header "Papers"), spaces trimmed."""
    lines = markdown.splitlines()
    start = next(n for n, line in enumerate(lines) if line.replace(" ", "").startswith("|List|Papers|"))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return [rows[0]] + rows[2:]


def test_more_than_twelve_lists_give_the_largest_overlap_instead_of_a_matrix() -> None:
    names = [f"l{n:02}" for n in range(1, 14)]
    catalog = {**CATALOG, "sources": [source(name, name.upper()) for name in names],
               "papers": [paper("p1", "One", 2020, ["l01", "l02", "l03"]), paper("p2", "Two", 2020, ["l01", "l02"]),
                          paper("p3", "Three", 2020, ["l13"])]}
    rows = coverage_rows(listing.papers_markdown(catalog))
    assert rows[:4] == [["List", "Papers", "Largest overlap", "Only there"],
                        ["l01", "2", "l02 (2)", "0"], ["l02", "2", "l01 (2)", "0"], ["l03", "1", "l02 (1)", "0"]]
    # ties (all 0) go to the last name
    assert rows[-1] == ["l13", "1", "l12 (0)", "1"]
    assert len(rows) == 14


def test_twelve_lists_still_give_the_matrix() -> None:
    names = [f"l{n:02}" for n in range(1, 13)]
    catalog = {**CATALOG, "sources": [source(name, name.upper()) for name in names],
               "papers": [paper("p1", "One", 2020, ["l01", "l02"])]}
    rows = coverage_rows(listing.papers_markdown(catalog))
    assert rows[0] == ["List", "Papers", *[f"shared with {name}" for name in names], "Only there"]
    assert rows[1] == ["l01", "1", "—", "1", *["0"] * 10, "0"]


def test_one_list_alone_has_no_overlap() -> None:
    names = [f"l{n:02}" for n in range(1, 14)]
    catalog = {**CATALOG, "sources": [source("l01", "L")] + [source(n, n, superseded_by="l01") for n in names[1:]],
               "papers": [paper("p1", "One", 2020, ["l01"])]}
    rows = coverage_rows(listing.papers_markdown(catalog))
    assert rows == [["List", "Papers", "shared with l01", "Only there"], ["l01", "1", "—", "1"]]


def test_paper_item_without_venue_code_or_short_name() -> None:
    item = listing.paper_item(paper("t:9", "Bare", None, ["a", "b"], url="https://b.org"))
    assert item[1:] == [" · lists: a, b"]


# The four items of PAPERS_MD, as its lines show them.
ITEMS = {"- [alpha model](https://x.org/a) · 2023 · lists: alpha\n",
         "- [Zeta Rec](https://arxiv.org/abs/1) — **ZR** · KDD 2023 · [code](https://github.com/z/r) · lists: alpha, beta\n",
         "- [Old & Gold](https://www.semanticscholar.org/search?q=Old+%26+Gold) · arXiv 2021 · lists: beta\n",
         "- [No Year](https://x.org/n) · lists: alpha\n"}


def counted_runs(monkeypatch: pytest.MonkeyPatch) -> list[list[Any]]:
    """The blocks of every pandoc run the listing makes, as they are made."""
    runs: list[list[Any]] = []
    real = listing.to_gfm

    def to_gfm(blocks: list[Any], path: str) -> str:
        runs.append(blocks)
        return real(blocks, path)

    monkeypatch.setattr(listing, "to_gfm", to_gfm)
    return runs


def test_a_listing_keeps_each_item_and_a_second_renders_none_of_them_again(monkeypatch: pytest.MonkeyPatch) -> None:
    first = listing.render_listing(CATALOG, {})
    assert first.text == PAPERS_MD and set(first.items.values()) == ITEMS and len(first.items) == 4
    runs = counted_runs(monkeypatch)
    again = listing.render_listing(CATALOG, first.items)
    assert again.text == PAPERS_MD and again.items == first.items
    # what comes before the papers, and the year headings: no item
    assert len(runs) == 2 and not any(isinstance(block, pf.BulletList) and "lists:" in pf.stringify(block)
                                      for blocks in runs for block in blocks)


def test_after_an_edit_only_the_changed_item_is_rendered(monkeypatch: pytest.MonkeyPatch) -> None:
    kept = listing.render_listing(CATALOG, {}).items
    edited = copy.deepcopy(CATALOG)
    edited["papers"][0]["venue"] = "WWW"
    runs = counted_runs(monkeypatch)
    now = listing.render_listing(edited, kept)
    assert now.text == PAPERS_MD.replace("· KDD 2023 ·", "· WWW 2023 ·")
    items = [block for blocks in runs for block in blocks if isinstance(block, pf.BulletList)
             and "lists:" in pf.stringify(block)]
    assert [len(block.content) for block in items] == [1]
    # the items of this build only: Zeta Rec's KDD line is not kept for the next
    assert set(now.items.values()) == ITEMS - {next(i for i in ITEMS if "KDD" in i)} | {
        "- [Zeta Rec](https://arxiv.org/abs/1) — **ZR** · WWW 2023 · [code](https://github.com/z/r) · lists: alpha, beta\n"}


def test_known_items_are_taken_as_they_are() -> None:
    kept = listing.render_listing(CATALOG, {}).items
    key = listing.item_key(CATALOG["papers"][3])
    text = listing.render_listing(CATALOG, {**kept, key: "- No Year, kept\n"}).text
    assert text == PAPERS_MD.replace("- [No Year](https://x.org/n) · lists: alpha\n", "- No Year, kept\n")


def test_items_over_several_lines_and_pandoc_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    # A title holding a line break makes an item of two lines; two items per pandoc run.
    monkeypatch.setattr(listing, "ITEMS_PER_RUN", 2)
    catalog = copy.deepcopy(CATALOG)
    catalog["papers"][1]["title"] = "alpha\nmodel"
    expected = PAPERS_MD.replace("- [alpha model](https://x.org/a)", "- [alpha\n  model](https://x.org/a)")
    runs = counted_runs(monkeypatch)
    first = listing.render_listing(catalog, {})
    assert first.text == expected and len(first.items) == 4
    assert [len(block.content) for blocks in runs for block in blocks
            if isinstance(block, pf.BulletList) and "lists:" in pf.stringify(block)] == [2, 2]
    assert listing.render_listing(catalog, first.items).text == expected


def test_items_pandoc_does_not_render_one_per_paper_make_the_document_rendered_whole(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(listing, "_ITEM_START", re.compile("^(?=never)", re.MULTILINE))
    found = listing.render_listing(CATALOG, {})
    assert found.text == PAPERS_MD and found.items == {}


def test_an_item_key_is_what_the_item_shows() -> None:
    base = paper("t:9", "Bare", 2024, ["a", "b"], venue="KDD", short=("B", "C"), code="https://c.org", url="https://b.org")
    key = listing.item_key(base)
    unseen = copy.deepcopy(base) | {"id": "t:10", "short_names": ["B", "D"], "mentions": []}
    unseen["identifiers"]["arxiv"] = "1"
    assert listing.item_key(unseen) == key
    for change in ({"title": "Bare!"}, {"year": 2023}, {"venue": "WWW"}, {"lists": ["a"]}, {"short_names": ["C"]},
                   {"urls": {"paper": "https://b.org/2", "code": "https://c.org"}},
                   {"urls": {"paper": "https://b.org", "code": None}}):
        assert listing.item_key(copy.deepcopy(base) | change) != key, change


def test_the_listing_action_keeps_the_items_for_the_next_build_made_by_the_same_code(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog_path, target = tmp_path / "catalog" / "papers.json", tmp_path / "catalog" / "papers.md"
    cache = tmp_path / paths.LISTING_CACHE
    files.write_json(catalog_path, CATALOG)
    write_listing = artifacts.write_listing.__wrapped__  # in this process, so that the patches below hold
    assert write_listing(catalog_path, target, cache) and target.read_text(encoding="utf-8") == PAPERS_MD
    kept = files.read_cache(cache)
    assert set(kept["items"].values()) == ITEMS and kept["code"].split(" ", 1)[1].startswith("pandoc ")

    key = listing.item_key(CATALOG["papers"][3])
    caches.write_kept(cache, kept["code"], "items", {**kept["items"], key: "- kept\n"})
    assert write_listing(catalog_path, target, cache)
    assert target.read_text(encoding="utf-8") == PAPERS_MD.replace("- [No Year](https://x.org/n) · lists: alpha\n",
                                                                   "- kept\n")
    # Items kept by other code (or another pandoc), or that are not text, are rendered again.
    caches.write_kept(cache, kept["code"], "items", {**kept["items"], key: "- kept\n"})
    monkeypatch.setattr(artifacts, "code_digest", lambda *modules: "0" * 64)
    assert write_listing(catalog_path, target, cache) and target.read_text(encoding="utf-8") == PAPERS_MD
    caches.write_kept(cache, files.read_cache(cache)["code"], "items", {key: 1})
    assert write_listing(catalog_path, target, cache) and target.read_text(encoding="utf-8") == PAPERS_MD
    cache.write_text("{broken", encoding="utf-8")
    assert write_listing(catalog_path, target, cache) and target.read_text(encoding="utf-8") == PAPERS_MD
