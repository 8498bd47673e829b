"""Write N synthetic awesome lists of M entries as markdown, shaped like the real sources.

    python benchmarks/generate.py OUT_DIR --lists 100 --per-list 200 [--seed 7]

Each list uses one of five shapes in turn: numbered lists of links under markdown headings,
"Title, venue year, [[paper]](url)" bullets, pipe tables with Name / Paper / Publication / Link
columns and check marks, HTML tables, and sections under <h2 id=…> HTML headings. Titles, links
and overlaps come from benchmarks/corpus.py, so the same seed gives the same bytes.
"""

from __future__ import annotations

import argparse
import html
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import Mention, make_lists  # noqa: E402

SECTION = 40  # entries per section


def _link(mention: Mention) -> str:
    return mention.url or mention.code or ""


def _numbered(mentions: list[Mention]) -> list[str]:
    lines = []
    for start in range(0, len(mentions), SECTION):
        lines += [f"### Topic {start // SECTION + 1}", ""]
        lines += [f"{n}. [{m.title}]({_link(m)})" for n, m in enumerate(mentions[start:start + SECTION], 1)]
        lines.append("")
    return lines


def _bullets(mentions: list[Mention]) -> list[str]:
    lines = []
    for start in range(0, len(mentions), SECTION):
        lines += [f"## Section {start // SECTION + 1}"]
        for m in mentions[start:start + SECTION]:
            code = f" [[code]]({m.code})" if m.code else ""
            paper = f" [[paper]]({m.url})" if m.url else ""
            lines.append(f"- {m.title}, {m.venue} {m.year}/0{m.year % 9 + 1},{paper}{code}")
        lines.append("")
    return lines


def _pipe_table(mentions: list[Mention]) -> list[str]:
    lines = []
    for start in range(0, len(mentions), SECTION):
        lines += [f"#### 1.{start // SECTION + 1} Area", "",
                  "| **Name** | **Paper** | **Publication** | **Link** |", "| :--: | -- | -- | -- |"]
        for m in mentions[start:start + SECTION]:
            name = (m.short or "N/A") + ("✅" if m.year % 3 == 0 else "")
            link = f"[[Paper]]({m.url})" if m.url else (f"[[Code]]({m.code})" if m.code else "")
            lines.append(f"| {name} | {m.title.replace('|', '/')} | {m.venue} {m.year} | {link} |")
        lines.append("")
    return lines


def _html_table(mentions: list[Mention]) -> list[str]:
    lines = []
    for start in range(0, len(mentions), SECTION):
        lines += [f"## Part {start // SECTION + 1}", "", "<table>",
                  "<tr><th>Paper</th><th>Venue</th><th>Link</th></tr>"]
        for m in mentions[start:start + SECTION]:
            link = f'<a href="{html.escape(_link(m))}">[Link]</a>' if _link(m) else ""
            lines.append(f"<tr><td>{html.escape(m.title)}</td><td>{m.venue} {m.year}</td><td>{link}</td></tr>")
        lines += ["</table>", ""]
    return lines


def _html_headings(mentions: list[Mention]) -> list[str]:
    lines = []
    for start in range(0, len(mentions), SECTION):
        number = start // SECTION + 1
        lines += [f'<h2 id="{number}">{number}. LLM &amp; RS part {number}</h2>', ""]
        lines += [f"- [{m.title}]({_link(m)})" for m in mentions[start:start + SECTION]]
        lines.append("")
    return lines


SHAPES = (_numbered, _bullets, _pipe_table, _html_table, _html_headings)


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
