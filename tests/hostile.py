"""Pathological but plausible markdown, generated on demand (never stored): the shapes that once
took a build and the machine down. ``write_corpus(folder)`` writes one file per shape.

Run ``python -m tests.hostile DIR`` to write the corpus into DIR for experiments by hand.
"""

import sys
from pathlib import Path


def _link(number: int) -> str:
    return f"[t{number:05d}](https://arxiv.org/{number:05d}) "


def one_line_links() -> str:
    """One 3.5 MB line holding 100,000 links."""
    return "# Links\n\n" + "".join(_link(number) for number in range(100_000)) + "\n"


def unclosed_link() -> str:
    """8,000 links on one line (270 kB) that end in an unclosed link."""
    return "# Links\n\n" + "".join(_link(number) for number in range(8_000)) + "[t](https://exa\n"


def unclosed_link_paragraph() -> str:
    """8,000 links, one a line, in one paragraph that ends in an unclosed link: no line check sees it."""
    return "# Links\n\n" + "".join(_link(number) + "\n" for number in range(8_000)) + "[t](https://exa\n"


def deep_list() -> str:
    """A bullet list nested 3,000 deep (9 MB): each item two spaces deeper than its parent."""
    return "# Deep\n\n" + "".join(f"{'  ' * depth}- item {depth}\n" for depth in range(3_000))


def deep_quote() -> str:
    """A blockquote nested 5,000 deep."""
    return "# Quote\n\n" + "> " * 5_000 + "deep\n"


def deep_html_tables() -> str:
    """HTML tables nested 500 deep."""
    return "# Tables\n\n" + "<table><tr><td>\n" * 500 + "cell\n" + "</td></tr></table>\n" * 500


def emphasis_bomb() -> str:
    """Emphasis openers that never close, mixed delimiters, in one paragraph of short lines
    (cmark's pathological cases: 'many emph openers with no closers', 'mismatched openers')."""
    return "# Emphasis\n\n" + "".join("*a _a **a __a " * 5 + "\n" for _ in range(20_000))


def nested_emphasis() -> str:
    """Strong and emphasis nested into each other 20,000 deep on one line of 140 kB."""
    return "# Nested\n\n" + "*a **a " * 10_000 + "b" + " a** a*" * 10_000 + "\n"


def backtick_bomb() -> str:
    """Backtick runs of every length from 1 to 2,000, none closed, in one paragraph (2 MB)."""
    runs = "".join("e" + "`" * length + ("\n" if length % 20 == 0 else "") for length in range(1, 2_000))
    return "# Backticks\n\n" + runs + "\n"


def big_table() -> str:
    """A pipe table of 50,000 rows (4.3 MB)."""
    rows = "".join(f"| [Paper {number}](https://arxiv.org/abs/2401.{number:05d}) | Author {number} | 2024 "
                   f"| Conference {number % 97} |\n" for number in range(50_000))
    return "# Table\n\n| Title | Authors | Year | Venue |\n|---|---|---|---|\n" + rows


SHAPES = {
    "one-line-links": one_line_links,
    "unclosed-link": unclosed_link,
    "unclosed-link-paragraph": unclosed_link_paragraph,
    "deep-list": deep_list,
    "deep-quote": deep_quote,
    "deep-html-tables": deep_html_tables,
    "emphasis-bomb": emphasis_bomb,
    "nested-emphasis": nested_emphasis,
    "backtick-bomb": backtick_bomb,
    "big-table": big_table,
}


def write_corpus(folder: Path) -> list[Path]:
    """Write every shape into ``folder/<shape>.md``; returns the files written."""
    written = []
    for name, make in SHAPES.items():
        path = folder / f"{name}.md"
        path.write_text(make(), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_corpus(Path(sys.argv[1])):
        print(f"{written_path}: {written_path.stat().st_size:,} bytes")
