"""How the lists overlap: shared paper counts per pair of lists, and a heatmap of them."""

from __future__ import annotations

import heapq
import io
from typing import TYPE_CHECKING, TypedDict

from pipeline.catalog.shapes import Catalog

if TYPE_CHECKING:  # matplotlib is imported when a picture is drawn (below)
    from matplotlib.figure import Figure

MAX_PLOTTED = 30
#: Below 2**24, the largest count float32 holds exactly.
PAPERS_PER_PRODUCT = 4096


class OverlapCounts(TypedDict):
    """Papers per active list, papers shared per pair of lists, papers found in one list only."""

    lists: list[str]
    papers: dict[str, int]
    only: dict[str, int]
    shared: dict[str, dict[str, int]]


def active_lists(catalog: Catalog) -> list[str]:
    """Sources that contribute mentions (not superseded, not skipped as unreadable), in catalog order."""
    return [source["id"] for source in catalog["sources"] if not source["superseded_by"] and not source.get("skipped")]


def overlap_counts(catalog: Catalog) -> OverlapCounts:
    """Papers per list, shared per pair of lists, and papers found in one list only.

    The pairs are counted as a product of matrices (list by paper, 1 where the list cites the
    paper): at 1,000 lists, papers cited by dozens of lists make 22 million pairs, a quarter of the
    time in Python. The papers go through the product PAPERS_PER_PRODUCT at a time, so that the
    matrix stays small (16 MB at 1,000 lists) and every sum is an exact float32 integer.
    """
    import numpy  # here: matplotlib brings it to the plot anyway, the listing needs it only here

    lists = active_lists(catalog)
    index = {name: number for number, name in enumerate(lists)}
    cited = [[index[name] for name in paper["lists"] if name in index] for paper in catalog["papers"]]
    total = numpy.zeros((len(lists), len(lists)), dtype=numpy.int64)
    for start in range(0, len(cited), PAPERS_PER_PRODUCT):
        chunk = cited[start:start + PAPERS_PER_PRODUCT]
        incidence = numpy.zeros((len(lists), len(chunk)), dtype=numpy.float32)
        incidence[[row for rows in chunk for row in rows],
                  [column for column, rows in enumerate(chunk) for _row in rows]] = 1
        total += (incidence @ incidence.T).astype(numpy.int64)
    rows = total.tolist()
    only = {name: 0 for name in lists}
    for found in cited:
        if len(found) == 1:
            only[lists[found[0]]] += 1
    return {"lists": lists, "papers": {name: rows[n][n] for n, name in enumerate(lists)}, "only": only,
            "shared": {a: dict(zip(lists, rows[n])) for n, a in enumerate(lists)}}


class Overlap(TypedDict):
    """Two lists and the number of papers they share."""

    a: str
    b: str
    shared: int


def largest_overlaps(counts: OverlapCounts, limit: int = 10) -> list[Overlap]:
    """The ``limit`` (>= 0) pairs of lists that share the most papers (ties by the names), none that
    share none.

    Chosen by heapq.nsmallest, which gives what sorting every pair gives, without making and
    sorting half a million pairs at 1,000 lists (0.6 s of the report)."""
    lists, shared = counts["lists"], counts["shared"]
    pairs = ((-shared[a][b], a, b) for n, a in enumerate(lists) for b in lists[n + 1:] if shared[a][b])
    return [{"a": a, "b": b, "shared": -negative} for negative, a, b in heapq.nsmallest(limit, pairs)]


class PlottedOverlap(TypedDict):
    """What the heatmap shows, and all it shows: its lists in order and the papers each pair shares."""

    lists: list[str]
    matrix: list[list[int]]


def plotted_overlap(counts: OverlapCounts) -> PlottedOverlap:
    """The largest MAX_PLOTTED lists (most papers first, then by name) and their shared counts."""
    lists = sorted(counts["lists"], key=lambda name: (-counts["papers"][name], name))[:MAX_PLOTTED]
    return {"lists": lists, "matrix": [[counts["shared"][a][b] for b in lists] for a in lists]}


def overlap_png(counts: OverlapCounts) -> bytes:
    """A heatmap of shared papers between the (largest) lists, as PNG bytes without timestamps."""
    return heatmap_png(plotted_overlap(counts))


def heatmap_png(shown: PlottedOverlap) -> bytes:
    """The heatmap of ``shown`` as PNG bytes without timestamps, drawn with matplotlib's own defaults
    whatever matplotlibrc the machine has: the picture depends on what it shows and on the versions
    of what draws it only (the plot's cache is keyed by those)."""
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context():
        matplotlib.rcdefaults()  # leaves the backend, which heatmap_figure chooses
        figure = heatmap_figure(shown)  # chooses the backend before pyplot is imported
        from matplotlib import pyplot as plt

        figure.savefig(buffer, format="png", metadata={"Software": None})
        plt.close(figure)
    return buffer.getvalue()


def heatmap_figure(shown: PlottedOverlap) -> Figure:
    """The heatmap as a matplotlib figure: one row and column per list, each cell
    its count, written white on the darker half of the colour scale and black on the lighter."""
    # imported here, not at the top: matplotlib takes about half a second, which every reader of
    # overlap_counts would pay, and its backend must be chosen before pyplot is imported
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    lists, matrix = shown["lists"], shown["matrix"]
    size = max(4.0, 0.6 * len(lists) + 2.5)
    figure, axes = plt.subplots(figsize=(size + 1.5, size), dpi=100)
    image = axes.imshow(matrix, cmap="Blues")
    axes.set_xticks(range(len(lists)), labels=lists, rotation=45, ha="right", fontsize=8)
    axes.set_yticks(range(len(lists)), labels=lists, fontsize=8)
    for row, values in enumerate(matrix):
        for column, value in enumerate(values):
            axes.text(column, row, str(value), ha="center", va="center", fontsize=8,
                      color="white" if value > max(map(max, matrix)) / 2 else "black")
    axes.set_title("Papers shared by two lists (diagonal: papers per list)", fontsize=10)
    figure.colorbar(image, ax=axes, shrink=0.8)
    figure.tight_layout()
    return figure
