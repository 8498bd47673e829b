"""Small builders for pandoc documents (panflute) and their GFM text.

Markdown is never assembled by string formatting: the document is built as an AST and pandoc's
gfm writer renders it, so pipes, brackets, backslashes and asterisks in titles come out escaped.
"""

from __future__ import annotations

import io
from typing import Iterable, Iterator, Sequence

import panflute as pf

from pipeline.pandoc import run_pandoc

Cell = str | list[pf.Inline]


def inlines(text: str) -> list[pf.Inline]:
    """Plain text as Str and Space elements."""
    out: list[pf.Inline] = []
    for number, word in enumerate(text.split(" ")):
        if number:
            out.append(pf.Space())
        if word:
            out.append(pf.Str(word))
    return out


def link(text: str, url: str) -> pf.Link:
    return pf.Link(*inlines(text), url=url)


def para(*parts: Cell) -> pf.Para:
    return pf.Para(*_join(parts))


def plain(*parts: Cell) -> pf.Plain:
    return pf.Plain(*_join(parts))


def _join(parts: Iterable[Cell]) -> list[pf.Inline]:
    out: list[pf.Inline] = []
    for part in parts:
        out.extend(inlines(part) if isinstance(part, str) else part)
    return out


def header(level: int, text: str, identifier: str = "") -> pf.Header:
    return pf.Header(*inlines(text), level=level, identifier=identifier)


def bullets(items: Sequence[Sequence[Cell]]) -> pf.BulletList:
    return pf.BulletList(*[pf.ListItem(plain(*item)) for item in items])


def table(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> pf.Table:
    def row(cells: Sequence[Cell]) -> pf.TableRow:
        return pf.TableRow(*[pf.TableCell(plain(cell)) if cell != "" else pf.TableCell() for cell in cells])

    return pf.Table(pf.TableBody(*[row(cells) for cells in rows]),
                    head=pf.TableHead(row(list(headers))),
                    colspec=[("AlignDefault", "ColWidthDefault")] * len(headers))


def image(alt: str, url: str) -> pf.Para:
    return pf.Para(pf.Image(*inlines(alt), url=url))


def to_gfm(blocks: list[pf.Block], path: str) -> str:
    """Render blocks as GitHub-flavoured markdown, one paragraph or item a line."""
    buffer = io.StringIO()
    pf.dump(pf.Doc(*blocks), buffer)
    return run_pandoc(buffer.getvalue(), ["--from", "json", "--to", "gfm", "--wrap=none"], path)


def parts_to_gfm(parts: Iterator[list[pf.Block]], path: str) -> str:
    """Render a long document part by part, each part built only when the one before is rendered,
    so that neither its elements nor pandoc's reading of them (1.5 GB for 29,000 papers) are held
    whole. pandoc's gfm writer separates blocks by a blank line and ends with a newline, so the
    parts joined by a newline are the document rendered whole, as long as every part after the
    first starts with a heading: two lists never meet across a join (the writer would put a
    comment between them)."""
    return "\n".join(to_gfm(blocks, path) for blocks in parts)


#: Between two parts rendered in one pandoc run: a line no text of a list can render as (text that
#: starts a line with "<!--" is escaped by the writer), which pandoc writes as given.
_PART_MARK = "<!-- paperlists: next part -->"


def gfm_parts(parts: Sequence[list[pf.Block]], path: str) -> list[str]:
    """Each part's GFM, as to_gfm renders it alone, from one pandoc run for all of them (a run
    costs a tenth of a second before it reads anything). Every part but the first must start with a
    heading (parts_to_gfm). Should the run not come out as one text per part, each is rendered alone."""
    if len(parts) < 2:
        return [to_gfm(blocks, path) for blocks in parts]
    mark = pf.RawBlock(_PART_MARK, format="gfm")
    texts = to_gfm([block for number, blocks in enumerate(parts) for block in ([mark] if number else []) + blocks],
                   path).split("\n" + _PART_MARK + "\n\n")
    return texts if len(texts) == len(parts) else [to_gfm(blocks, path) for blocks in parts]
