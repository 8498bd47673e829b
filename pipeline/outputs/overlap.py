"""How the lists overlap: shared paper counts per pair of lists, and a heatmap of them."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, TypedDict

from pipeline.catalog.shapes import Catalog

if TYPE_CHECKING:  # matplotlib is imported when a picture is drawn (below)
    from matplotlib.figure import Figure

MAX_PLOTTED = 30


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
    """Papers per list, shared per pair of lists, and papers found in one list only."""
    lists = active_lists(catalog)
    papers = {name: 0 for name in lists}
    only = {name: 0 for name in lists}
    shared = {a: {b: 0 for b in lists} for a in lists}
    for paper in catalog["papers"]:
        cited = [name for name in paper["lists"] if name in papers]
        for a in cited:
            papers[a] += 1
            for b in cited:
                shared[a][b] += 1
        if len(cited) == 1:
            only[cited[0]] += 1
    return {"lists": lists, "papers": papers, "only": only, "shared": shared}


class Overlap(TypedDict):
    """Two lists and the number of papers they share."""

    a: str
    b: str
    shared: int


def largest_overlaps(counts: OverlapCounts, limit: int = 10) -> list[Overlap]:
    lists = counts["lists"]
    pairs: list[Overlap] = [{"a": a, "b": b, "shared": counts["shared"][a][b]}
             for n, a in enumerate(lists) for b in lists[n + 1:] if counts["shared"][a][b]]
    return sorted(pairs, key=lambda pair: (-pair["shared"], pair["a"], pair["b"]))[:limit]


def overlap_png(counts: OverlapCounts) -> bytes:
    """A heatmap of shared papers between the (largest) lists, as PNG bytes without timestamps."""
    figure = overlap_figure(counts)  # chooses the backend before pyplot is imported
    from matplotlib import pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()


def overlap_figure(counts: OverlapCounts) -> Figure:
    """The heatmap as a matplotlib figure: one row and column per list (the largest 30), each cell
    its count, written white on the darker half of the colour scale and black on the lighter."""
    # imported here, not at the top: matplotlib takes about half a second, which every reader of
    # overlap_counts would pay, and its backend must be chosen before pyplot is imported
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    lists = sorted(counts["lists"], key=lambda name: (-counts["papers"][name], name))[:MAX_PLOTTED]
    matrix = [[counts["shared"][a][b] for b in lists] for a in lists]
    size = max(4.0, 0.6 * len(lists) + 2.5)
    figure, axes = plt.subplots(figsize=(size + 1.5, size), dpi=100)
    shown = axes.imshow(matrix, cmap="Blues")
    axes.set_xticks(range(len(lists)), labels=lists, rotation=45, ha="right", fontsize=8)
    axes.set_yticks(range(len(lists)), labels=lists, fontsize=8)
    for row, values in enumerate(matrix):
        for column, value in enumerate(values):
            axes.text(column, row, str(value), ha="center", va="center", fontsize=8,
                      color="white" if value > max(map(max, matrix)) / 2 else "black")
    axes.set_title("Papers shared by two lists (diagonal: papers per list)", fontsize=10)
    figure.colorbar(shown, ax=axes, shrink=0.8)
    figure.tight_layout()
    return figure
