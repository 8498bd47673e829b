"""Write N synthetic awesome lists of M entries as markdown, shaped like the real sources.

    python benchmarks/generate.py OUT_DIR --lists 100 --per-list 200 [--seed 7]

Each list uses one of eleven shapes in turn: numbered lists of links under markdown headings,
"Title, venue year, [[paper]](url)" bullets, pipe tables with Name / Paper / Publication / Link
columns and check marks, HTML tables, sections under <h2 id=…> HTML headings, pipe tables right
after a paragraph line, HTML tables whose category cell spans rows, HTML <ul><li> lists, entries
written as paragraphs or as bold items whose authors and links are sub-items, citations
"(NAME) Title. Authors. Venue Year. [[paper](url)]", and "**Title** <br> *Authors* <br> Venue Year".
Titles, links and overlaps come from benchmarks/corpus.py, so the same seed gives the same bytes.
"""

from __future__ import annotations

import argparse
import html
import sys
import zlib
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import Mention, make_lists  # noqa: E402

SECTION = 40  # entries per section


def _link(mention: Mention) -> str:
    return mention.url or mention.code or ""


def _sections(mentions: list[Mention], head: Callable[[int], list[str]], row: Callable[[int, Mention], str],
              tail: tuple[str, ...] = ("",)) -> list[str]:
    """Mentions in sections of SECTION entries: ``head(section number)``, a row each, ``tail``."""
    lines = []
    for start in range(0, len(mentions), SECTION):
        lines += head(start // SECTION + 1)
        lines += [row(n, m) for n, m in enumerate(mentions[start:start + SECTION], 1)]
        lines += tail
    return lines


def _numbered(mentions: list[Mention]) -> list[str]:
    return _sections(mentions, lambda k: [f"### Topic {k}", ""], lambda n, m: f"{n}. [{m.title}]({_link(m)})")


def _bullet(n: int, m: Mention) -> str:
    code = f" [[code]]({m.code})" if m.code else ""
    paper = f" [[paper]]({m.url})" if m.url else ""
    return f"- {m.title}, {m.venue} {m.year}/0{m.year % 9 + 1},{paper}{code}"


def _pipe_row(n: int, m: Mention) -> str:
    name = (m.short or "N/A") + ("✅" if m.year % 3 == 0 else "")
    link = f"[[Paper]]({m.url})" if m.url else (f"[[Code]]({m.code})" if m.code else "")
    return f"| {name} | {m.title.replace('|', '/')} | {m.venue} {m.year} | {link} |"


def _html_row(n: int, m: Mention) -> str:
    link = f'<a href="{html.escape(_link(m))}">[Link]</a>' if _link(m) else ""
    return f"<tr><td>{html.escape(m.title)}</td><td>{m.venue} {m.year}</td><td>{link}</td></tr>"


def _bullets(mentions: list[Mention]) -> list[str]:
    return _sections(mentions, lambda k: [f"## Section {k}"], _bullet)


def _pipe_table(mentions: list[Mention]) -> list[str]:
    return _sections(mentions, lambda k: [f"#### 1.{k} Area", "", "| **Name** | **Paper** | **Publication** | "
                                                                   "**Link** |", "| :--: | -- | -- | -- |"], _pipe_row)


def _html_table(mentions: list[Mention]) -> list[str]:
    return _sections(mentions, lambda k: [f"## Part {k}", "", "<table>",
                                          "<tr><th>Paper</th><th>Venue</th><th>Link</th></tr>"],
                     _html_row, ("</table>", ""))


def _html_headings(mentions: list[Mention]) -> list[str]:
    return _sections(mentions, lambda k: [f'<h2 id="{k}">{k}. LLM &amp; RS part {k}</h2>', ""],
                     lambda n, m: f"- [{m.title}]({_link(m)})")


def _table_after_paragraph(mentions: list[Mention]) -> list[str]:
    return _sections(mentions, lambda k: [f"### Area {k}", "", f"Papers of area {k}, newest first:",
                                          "| Name | Paper | Publication | Link |", "| -- | -- | -- | -- |"],
                     _pipe_row)


def _html_rowspan(mentions: list[Mention]) -> list[str]:
    lines = ["<table>", "<tr><th>Category</th><th>Paper</th><th>Venue</th><th>Link</th></tr>"]
    for start in range(0, len(mentions), SECTION):
        part = mentions[start:start + SECTION]
        for n, m in enumerate(part):
            category = f'<td rowspan="{len(part)}">Category {start // SECTION + 1}</td>' if n == 0 else ""
            lines.append(_html_row(n, m).replace("<tr>", f"<tr>{category}", 1))
    return lines + ["</table>", ""]


def _html_list(mentions: list[Mention]) -> list[str]:
    def item(n: int, m: Mention) -> str:
        title = html.escape(m.title)
        return f'<li><a href="{html.escape(_link(m))}">{title}</a>, {m.venue} {m.year}</li>' if _link(m) else \
            f"<li>{title}, {m.venue} {m.year}</li>"
    return _sections(mentions, lambda k: [f"## Group {k}", "", "<ul>"], item, ("</ul>", ""))


def _paragraphs_and_folded_items(mentions: list[Mention]) -> list[str]:
    """Linked mentions as paragraphs (bold title, authors, links), the others as a bold item
    whose authors and venue are sub-items: both shapes are one record per mention."""
    def entry(n: int, m: Mention) -> str:
        links = " ".join(f"[[{label}]]({url})" for label, url in (("paper", m.url), ("code", m.code)) if url)
        if links:
            return f"**{m.title}.** <br>\n*A. Author, B. Author.*<br>\n{links}\n"
        return f"- **{m.title}**\n  - A. Author, B. Author\n  - Venue: {m.venue} {m.year}\n"
    return _sections(mentions, lambda k: [f"## Chapter {k}", ""], entry)



FIRST = ("Wei", "Maria", "Jun", "Ahmed", "Sofia", "Kenji", "Priya", "Lukas", "Chen", "Olga")
LAST = ("Zhang", "Garcia", "Tanaka", "Okafor", "Rossi", "Kim", "Nguyen", "Schmidt", "Patel", "Ivanova")


def _authors(m: Mention) -> str:
    """Two to four names, the same for the same title in every list (a crc, not the seeded rng)."""
    seed = zlib.crc32(m.title.encode("utf-8"))
    names = [f"{FIRST[(seed >> (4 * i)) % 10]} {LAST[(seed >> (4 * i + 2)) % 10]}" for i in range(2 + seed % 3)]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _citation(n: int, m: Mention) -> str:
    prefix = f"({m.short}) " if m.short and not m.title.startswith(m.short) else ""
    links = "".join(f" [[{label}]({url})]" for label, url in (("paper", m.url), ("code", m.code)) if url)
    return f"{n}. {prefix}{m.title.rstrip('.')}. {_authors(m)}. {m.venue} {m.year}.{links}"


def _bold_br(n: int, m: Mention) -> str:
    link = f" <br> [[paper]]({_link(m)})" if _link(m) else ""
    return f"- **{m.title}** <br> *{_authors(m)}* <br> {m.venue} {m.year}{link}"


def _citations(mentions: list[Mention]) -> list[str]:
    return _sections(mentions, lambda k: [f"## Chapter {k}", ""], _citation)


def _bold_titles(mentions: list[Mention]) -> list[str]:
    return _sections(mentions, lambda k: [f"## Group {k}", ""], _bold_br)


SHAPES = (_numbered, _bullets, _pipe_table, _html_table, _html_headings, _table_after_paragraph, _html_rowspan,
          _html_list, _paragraphs_and_folded_items, _citations, _bold_titles)


def render(number: int, mentions: list[Mention]) -> str:
    lines = [f"# Awesome list {number}", "", "A generated list of papers.", ""]
    lines += SHAPES[number % len(SHAPES)](mentions)
    return "\n".join(lines) + "\n"


def write_corpus(folder: Path, lists: int, per_list: int, seed: int = 7) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number, mentions in enumerate(make_lists(lists, per_list, seed)):
        path = folder / f"list-{number:04d}.md"
        path.write_text(render(number, mentions), encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--lists", type=int, default=100)
    parser.add_argument("--per-list", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"wrote {len(write_corpus(args.out, args.lists, args.per_list, args.seed))} lists to {args.out}")


if __name__ == "__main__":
    main()
