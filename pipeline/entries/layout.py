"""How entries are laid out beyond one item or one row: table cells spanning rows and columns
spread over a grid, and the sub-items that only support their parent (its links, labels, authors).

Pure functions over pieces of text and links (``{"text"}`` or ``{"label", "url"}``), used by
``extract.py``.
"""

from __future__ import annotations

import re

from pipeline.entries.authors import author_list
from pipeline.entries.sentences import venue_of

Piece = dict[str, str]
#: a table cell as read: its pieces, the rows it spans and the columns it spans
Cell = tuple[list[Piece], int, int]

_WORDS = re.compile(r"[^\W\d_]+")
_LABEL = re.compile(r"^[\W_]*([^\W\d_][^:：]{0,30}?)[\s*_]*[:：]")
#: words of the labels a sub-item gives its parent's links (``[[Paper]]``, ``[Python Reference]``,
#: ``[[MATLAB Alternative]]``: the languages and frameworks of implementations too)
_LINK_WORDS = frozenset("""paper papers pdf code codes arxiv project page homepage website site github gitlab
    slides slide video videos talk poster blog post demo dataset datasets data official unofficial implementation
    reference python pytorch tensorflow tf jax keras mxnet matlab link links url doi acm ieee springer openreview
    bibtex bib citation cite supplementary supp appendix model models weights checkpoint huggingface hf colab
    notebook tweet twitter news zhihu review reviews preprint abstract full text html version repo repository
    source 论文 代码 知乎 and
    alternative alternatives third party docs documentation example examples
    julia r c cpp java scala lua javascript js rust octave caffe theano chainer dynet spark cuda""".split())
#: labels that start a sub-item about its parent (``Venue: KDD 2020``, ``**Paper link:** url``)
_LABEL_WORDS = _LINK_WORDS | frozenset("""venue conference journal published publication year authors author
    affiliation affiliations institution keywords keyword tags tag tldr note notes summary""".split())


def spread(rows: list[list[Cell]], width: int, repeat_columns: bool = False) -> list[list[list[Piece]]]:
    """Rows as lists of cell pieces, one per column: a cell spanning rows (``rowspan``) is carried
    into every row it covers; a cell spanning columns (``colspan``) fills the first column it
    covers and leaves the others empty, so its links are not repeated, or, with
    ``repeat_columns`` (header rows), fills every column it covers."""
    carried: dict[int, tuple[int, list[Piece]]] = {}  # column -> (rows still covered, pieces)
    grid: list[list[list[Piece]]] = []
    for row in rows:
        cells = iter(row)
        values: list[list[Piece]] = []
        column = 0
        while True:
            if column in carried:
                left, pieces = carried[column]
                values.append(pieces)
                if left > 1:
                    carried[column] = (left - 1, pieces)
                else:
                    del carried[column]
                column += 1
                continue
            cell = next(cells, None)
            if cell is None:
                if any(covered > column for covered in carried):
                    values.append([])
                    column += 1
                    continue
                break
            pieces, rowspan, colspan = cell
            for offset in range(max(colspan, 1)):
                share = pieces if offset == 0 or repeat_columns else []
                values.append(share)
                if rowspan > 1:
                    carried[column + offset] = (rowspan - 1, share)
            column += max(colspan, 1)
        grid.append(values + [[] for _ in range(width - len(values))])
    return grid


def header_names(grid: list[list[list[Piece]]], width: int) -> list[str]:
    """One name per column: the text of the lowest header row that has one there.

    >>> header_names([[[{"text": "Paper"}], [{"text": "Paper"}]], [[], [{"text": "Code"}]]], 2)
    ['Paper', 'Code']
    """
    names = [""] * width
    for values in grid:
        for column, pieces in enumerate(values[:width]):
            text = "".join(piece.get("text", piece.get("label", "")) for piece in pieces).strip()
            if text:
                names[column] = text
    return names


def supporting(pieces: list[Piece]) -> str | None:
    """"links" (only links with generic labels such as [Paper] or [Code]), "label" (``Venue: ...``,
    ``Paper link: url``), "field" (a line without links that is an author list or a venue), "text"
    (another line without links: a note), or None (a title)."""
    links = [piece for piece in pieces if "url" in piece]
    text = "".join(piece["text"] for piece in pieces if "text" in piece)
    labelled = _LABEL.match(text.strip())
    if labelled and set(_WORDS.findall(labelled.group(1).lower())) <= _LABEL_WORDS:
        return "label"
    if links and all(_generic(piece["label"]) for piece in links) and (not _WORDS.search(text) or _generic(text)):
        return "links"
    if links:
        return None
    line = " ".join(text.split())
    return "field" if venue_of(line) or author_list(line.rstrip("."), single=False) else "text"


def _generic(label: str) -> bool:
    label = label.strip()
    words = set(_WORDS.findall(label.lower()))
    return label.startswith(("http://", "https://")) or bool(words) and words <= _LINK_WORDS
