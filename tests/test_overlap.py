"""How the lists overlap (pipeline/outputs/overlap.py) and the markdown builders (document.py),
on hand-made data with the expected values written out."""

from pathlib import Path

import panflute as pf
import pytest
from hypothesis import given, strategies as st

from pipeline import artifacts, files, paths
from pipeline.outputs import document, overlap

CATALOG = {
    "sources": [{"id": "a", "superseded_by": None}, {"id": "old", "superseded_by": "a"},
                {"id": "b", "superseded_by": None}, {"id": "bad", "superseded_by": None, "skipped": True},
                {"id": "c", "superseded_by": None}],
    "papers": [{"lists": ["a", "b"]}, {"lists": ["a", "b", "c"]}, {"lists": ["c"]}, {"lists": ["old", "a"]},
               {"lists": ["old"]}],
}


def test_active_lists_leave_out_superseded_and_skipped() -> None:
    assert overlap.active_lists(CATALOG) == ["a", "b", "c"]


def test_overlap_counts() -> None:
    assert overlap.overlap_counts(CATALOG) == {
        "lists": ["a", "b", "c"],
        "papers": {"a": 3, "b": 2, "c": 2},
        # the paper cited by "old" and "a" is a's alone once "old" is superseded
        "only": {"a": 1, "b": 0, "c": 1},
        "shared": {"a": {"a": 3, "b": 2, "c": 1}, "b": {"a": 2, "b": 2, "c": 1}, "c": {"a": 1, "b": 1, "c": 2}},
    }


def test_overlap_counts_add_up_across_products(monkeypatch: pytest.MonkeyPatch) -> None:
    # Two papers per product: the five papers go through three products, whose sums add up to
    # the counts of one.
    monkeypatch.setattr(overlap, "PAPERS_PER_PRODUCT", 2)
    test_overlap_counts()


def test_overlap_counts_of_no_papers_and_no_lists() -> None:
    assert overlap.overlap_counts({"sources": [{"id": "a", "superseded_by": None}], "papers": []}) == {
        "lists": ["a"], "papers": {"a": 0}, "only": {"a": 0}, "shared": {"a": {"a": 0}}}
    assert overlap.overlap_counts({"sources": [], "papers": [{"lists": []}]}) == {
        "lists": [], "papers": {}, "only": {}, "shared": {}}


def test_counts_are_plain_integers() -> None:
    # numpy's integers would not go into JSON (report.json) as they are
    counts = overlap.overlap_counts(CATALOG)
    assert {type(n) for row in counts["shared"].values() for n in row.values()} == {int}
    assert {type(n) for n in counts["papers"].values()} == {int}


def test_largest_overlaps_most_first_then_by_name_without_empty_pairs() -> None:
    counts = {"lists": ["z", "y", "x", "w"],
              "shared": {"z": {"y": 2, "x": 2, "w": 0}, "y": {"x": 5, "w": 1}, "x": {"w": 2}}}
    assert overlap.largest_overlaps(counts) == [
        {"a": "y", "b": "x", "shared": 5}, {"a": "x", "b": "w", "shared": 2}, {"a": "z", "b": "x", "shared": 2},
        {"a": "z", "b": "y", "shared": 2}, {"a": "y", "b": "w", "shared": 1}]
    assert overlap.largest_overlaps(counts, limit=2) == [
        {"a": "y", "b": "x", "shared": 5}, {"a": "x", "b": "w", "shared": 2}]


def test_at_most_ten_overlaps_by_default() -> None:
    names = [f"l{n}" for n in range(6)]  # 15 pairs, each sharing one paper
    counts = {"lists": names, "shared": {a: {b: 1 for b in names} for a in names}}
    assert len(overlap.largest_overlaps(counts)) == 10


def test_overlap_png_is_a_png_without_software_stamp_and_reproducible() -> None:
    counts = overlap.overlap_counts(CATALOG)
    image = overlap.overlap_png(counts)
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"Software" not in image and b"matplotlib" not in image
    assert overlap.overlap_png(counts) == image
    width, height = int.from_bytes(image[16:20], "big"), int.from_bytes(image[20:24], "big")
    assert (width, height) == (580, 430)  # 0.6 * 3 + 2.5 = 4.3 inches high, 1.5 more wide, at 100 dpi


def test_one_list_gets_the_smallest_picture() -> None:
    image = overlap.overlap_png({"lists": ["a"], "papers": {"a": 2}, "shared": {"a": {"a": 2}}})
    width, height = int.from_bytes(image[16:20], "big"), int.from_bytes(image[20:24], "big")
    assert (width, height) == (550, 400)  # 0.6 + 2.5 is below the 4 inch floor


def test_many_lists_make_a_larger_picture() -> None:
    names = [f"list-{n:02}" for n in range(10)]
    counts = {"lists": names, "papers": {name: 1 for name in names},
              "shared": {a: {b: int(a == b) for b in names} for a in names}}
    image = overlap.overlap_png(counts)
    width, height = int.from_bytes(image[16:20], "big"), int.from_bytes(image[20:24], "big")
    assert (width, height) == (1000, 850)  # 0.6 * 10 + 2.5 = 8.5 inches high, 1.5 more wide


def test_inlines_keep_words_and_spaces() -> None:
    assert document.inlines("a  b") == [pf.Str("a"), pf.Space(), pf.Space(), pf.Str("b")]
    assert document.inlines("") == []
    assert document.inlines(" x") == [pf.Space(), pf.Str("x")]


def test_builders_render_as_gfm_with_untrusted_text_escaped() -> None:
    blocks = [document.header(2, "A *title*", "anchor"), document.para("one ", [pf.Strong(pf.Str("two"))]),
              document.bullets([["x | y"], [[document.link("[z]", "https://z.org/(1)")]]]),
              document.table(["H1", "H2"], [["a|b", ""], ["c", [pf.Emph(pf.Str("d"))]]]),
              document.image("alt text", "p.png")]
    assert document.to_gfm(blocks, "t.md") == (
        "## A \\*title\\*\n\n"
        "one **two**\n\n"
        "- x \\| y\n- [\\[z\\]](https://z.org/(1))\n\n"
        "| H1   | H2  |\n|------|-----|\n| a\\|b |     |\n| c    | *d* |\n\n"
        "![alt text](p.png)\n")


def test_a_document_rendered_in_parts_reads_as_one() -> None:
    parts = [[document.header(1, "Papers"), document.bullets([["contents"]])],
             [document.header(2, "2024", "2024"), document.bullets([["paper of 2024"], ["*x*"]])],
             [document.header(2, "2023", "2023"), document.bullets([["paper of 2023"]])]]
    whole = ("# Papers\n\n- contents\n\n## 2024\n\n- paper of 2024\n- \\*x\\*\n\n"
             "## 2023\n\n- paper of 2023\n")
    assert document.parts_to_gfm(iter(parts), "t.md") == whole
    assert document.to_gfm([block for part in parts for block in part], "t.md") == whole
    # in one pandoc run, each part's own text
    assert document.gfm_parts(parts, "t.md") == ["# Papers\n\n- contents\n", "## 2024\n\n- paper of 2024\n- \\*x\\*\n",
                                                 "## 2023\n\n- paper of 2023\n"]


def test_parts_that_do_not_come_apart_as_given_are_rendered_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    # A part that renders the mark between parts itself: the run splits into one text too many.
    mark = pf.RawBlock("<!-- paperlists: next part -->", format="gfm")
    parts = [[document.header(2, "A"), mark, document.para("a")], [document.header(2, "B")]]
    runs: list[int] = []
    real = document.to_gfm
    monkeypatch.setattr(document, "to_gfm", lambda blocks, path: runs.append(len(blocks)) or real(blocks, path))
    assert document.gfm_parts(parts, "t.md") == ["## A\n\n<!-- paperlists: next part -->\n\na\n", "## B\n"]
    assert runs == [5, 3, 1]  # the run of all (with the mark between the parts), then each part alone


def test_the_thirty_largest_lists_are_drawn() -> None:
    # "aa" cites the fewest papers: of 31 lists it is the one left out, whatever its name
    names = ["aa", *[f"l{n:02}" for n in range(29)], "zz"]
    papers = {name: 5 for name in names} | {"aa": 1, "zz": 9}

    def counts(lists: list[str]) -> dict:
        return {"lists": lists, "papers": {name: papers[name] for name in lists},
                "shared": {a: {b: papers[a] if a == b else 1 for b in lists} for a in lists}}

    from matplotlib import pyplot as plt

    figure = overlap.heatmap_figure(overlap.plotted_overlap(counts(names)))
    try:
        axes = figure.axes[0]
        # the most papers first, ties by name
        expected = ["zz", *[f"l{n:02}" for n in range(29)]]
        assert [label.get_text() for label in axes.get_xticklabels()] == expected
        assert [label.get_text() for label in axes.get_yticklabels()] == expected
    finally:
        plt.close(figure)


def test_the_heatmap_shows_every_count_readably() -> None:
    from matplotlib import pyplot as plt

    counts = {"lists": ["c", "a", "b"], "papers": {"a": 3, "b": 4, "c": 1}, "only": {},
              "shared": {"a": {"a": 3, "b": 2, "c": 0}, "b": {"a": 2, "b": 4, "c": 1}, "c": {"a": 0, "b": 1, "c": 1}}}
    figure = overlap.heatmap_figure(overlap.plotted_overlap(counts))
    try:
        axes, bar = figure.axes
        assert figure.dpi == 100 and list(figure.get_size_inches()) == [5.8, 4.3]
        assert (axes.get_title(), axes.title.get_fontsize()) == ("Papers shared by two lists (diagonal: papers per list)", 10)
        # the lists with the most papers first: b (4), a (3), c (1); column labels slanted to fit
        assert [(t.get_text(), t.get_rotation(), t.get_ha(), t.get_fontsize()) for t in axes.get_xticklabels()] == [
            ("b", 45, "right", 8), ("a", 45, "right", 8), ("c", 45, "right", 8)]
        assert [(t.get_text(), t.get_fontsize()) for t in axes.get_yticklabels()] == [("b", 8), ("a", 8), ("c", 8)]
        image = axes.images[0]
        assert image.get_cmap().name == "Blues" and image.get_array().tolist() == [[4, 2, 1], [2, 3, 0], [1, 0, 1]]
        # every cell written at its place; white above half the largest count (4 / 2 = 2), black at or below it
        assert [(t.get_position(), t.get_text(), t.get_color()) for t in axes.texts] == [
            ((0, 0), "4", "white"), ((1, 0), "2", "black"), ((2, 0), "1", "black"),
            ((0, 1), "2", "black"), ((1, 1), "3", "white"), ((2, 1), "0", "black"),
            ((0, 2), "1", "black"), ((1, 2), "0", "black"), ((2, 2), "1", "black")]
        assert {(t.get_ha(), t.get_va(), t.get_fontsize()) for t in axes.texts} == {("center", "center", 8)}
        assert bar.get_label() == "<colorbar>"
        assert round(bar.get_position().height / axes.get_position().height, 3) == 0.8
    finally:
        plt.close(figure)


def test_headers_carry_their_anchor_and_empty_cells_stay_empty() -> None:
    assert document.header(2, "Year unknown") == pf.Header(pf.Str("Year"), pf.Space(), pf.Str("unknown"), level=2)
    assert document.header(2, "2024", "y2024").identifier == "y2024"
    built = document.table(["H1", "H2"], [["a", ""]])
    cells = built.content[0].content[0].content
    assert [list(cell.content) for cell in cells] == [[pf.Plain(pf.Str("a"))], []]


def test_the_rendered_file_is_named_to_pandoc(monkeypatch: pytest.MonkeyPatch) -> None:
    named = []
    monkeypatch.setattr(document, "run_pandoc", lambda text, args, path: named.append(path) or "x\n")
    assert document.to_gfm([document.para("a")], "build/catalog/papers.md") == "x\n"
    assert document.parts_to_gfm(iter([[document.para("a")], [document.para("b")]]), "build/catalog/report.md") == "x\n\nx\n"
    assert named == ["build/catalog/papers.md", "build/catalog/report.md", "build/catalog/report.md"]


def test_what_the_heatmap_shows_is_the_largest_lists_and_their_counts() -> None:
    counts = {"lists": ["c", "a", "b"], "papers": {"a": 3, "b": 4, "c": 1}, "only": {},
              "shared": {"a": {"a": 3, "b": 2, "c": 0}, "b": {"a": 2, "b": 4, "c": 1}, "c": {"a": 0, "b": 1, "c": 1}}}
    assert overlap.plotted_overlap(counts) == {"lists": ["b", "a", "c"], "matrix": [[4, 2, 1], [2, 3, 0], [1, 0, 1]]}


def test_the_plot_action_draws_only_a_picture_that_shows_something_new(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog_path, target, cache = tmp_path / "catalog" / "papers.json", tmp_path / "catalog" / "overlap.png", \
        tmp_path / paths.PLOT_CACHE
    files.write_json(catalog_path, CATALOG)
    write_plot = artifacts.write_plot.__wrapped__  # in this process, so that the patches below hold
    drawn: list[list[str]] = []
    draw = overlap.heatmap_png
    monkeypatch.setattr(overlap, "heatmap_png", lambda shown: drawn.append(shown["lists"]) or draw(shown))

    assert write_plot(catalog_path, target, cache)
    picture = target.read_bytes()
    assert drawn == [["a", "b", "c"]] and picture == draw({"lists": ["a", "b", "c"],
                                                          "matrix": [[3, 2, 1], [2, 2, 1], [1, 1, 2]]})
    assert write_plot(catalog_path, target, cache) and target.read_bytes() == picture
    assert len(drawn) == 1  # the same counts: the picture on disk already shows them
    # a paper whose lists are not drawn changes nothing drawn either
    files.write_json(catalog_path, {**CATALOG, "papers": [*CATALOG["papers"], {"lists": ["old"]}]})
    assert write_plot(catalog_path, target, cache) and len(drawn) == 1

    # drawn again: other counts, a picture missing or changed on disk, a cache damaged or made by other code
    files.write_json(catalog_path, {**CATALOG, "papers": [*CATALOG["papers"], {"lists": ["b"]}]})
    assert write_plot(catalog_path, target, cache) and len(drawn) == 2 and target.read_bytes() != picture
    files.write_json(catalog_path, CATALOG)
    assert write_plot(catalog_path, target, cache) and len(drawn) == 3 and target.read_bytes() == picture
    target.unlink()
    assert write_plot(catalog_path, target, cache) and len(drawn) == 4 and target.read_bytes() == picture
    target.write_bytes(picture[:-1])
    assert write_plot(catalog_path, target, cache) and len(drawn) == 5 and target.read_bytes() == picture
    kept = cache.read_text(encoding="utf-8")
    assert files.sha256_bytes(picture) in kept
    cache.write_text(kept.replace(files.sha256_bytes(picture), "0" * 64), encoding="utf-8")
    assert write_plot(catalog_path, target, cache) and len(drawn) == 6
    assert write_plot(catalog_path, target, cache) and len(drawn) == 6
    monkeypatch.setattr(artifacts, "code_digest", lambda *modules: "0" * 64)
    assert write_plot(catalog_path, target, cache) and len(drawn) == 7 and target.read_bytes() == picture


@given(st.lists(st.sampled_from("abcdefg"), min_size=0, max_size=7, unique=True), st.data(),
       st.integers(min_value=0, max_value=25))
def test_the_largest_overlaps_are_the_first_of_every_pair_sorted(lists: list[str], data: st.DataObject,
                                                                  limit: int) -> None:
    shared = {a: {b: data.draw(st.integers(min_value=0, max_value=3)) for b in lists} for a in lists}
    counts = {"lists": lists, "shared": shared}
    every = sorted(({"a": a, "b": b, "shared": shared[a][b]} for n, a in enumerate(lists) for b in lists[n + 1:]
                    if shared[a][b]), key=lambda pair: (-pair["shared"], pair["a"], pair["b"]))
    assert overlap.largest_overlaps(counts, limit) == every[:limit]


def test_a_list_the_heatmap_does_not_show_draws_nothing_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # One list drawn: a (3 papers) before b and c (2 each). A paper of c makes c 3 papers, still after a
    # by name: the picture shows the same; one of a changes what it shows.
    monkeypatch.setattr(overlap, "MAX_PLOTTED", 1)
    catalog_path, target, cache = tmp_path / "papers.json", tmp_path / "overlap.png", tmp_path / paths.PLOT_CACHE
    drawn: list[list[str]] = []
    draw = overlap.heatmap_png
    monkeypatch.setattr(overlap, "heatmap_png", lambda shown: drawn.append(shown["matrix"]) or draw(shown))
    write_plot = artifacts.write_plot.__wrapped__
    for papers, expected in (([], [[[3]]]), ([{"lists": ["c"]}], [[[3]]]), ([{"lists": ["a"]}], [[[3]], [[4]]])):
        files.write_json(catalog_path, {**CATALOG, "papers": [*CATALOG["papers"], *papers]})
        assert write_plot(catalog_path, target, cache) and drawn == expected


def test_the_heatmap_is_drawn_with_matplotlib_s_defaults_whatever_the_machine_sets() -> None:
    import matplotlib

    counts = overlap.overlap_counts(CATALOG)
    plain = overlap.overlap_png(counts)
    with matplotlib.rc_context({"axes.facecolor": "red", "savefig.dpi": 50, "font.size": 20}):
        assert overlap.overlap_png(counts) == plain
        assert matplotlib.rcParams["axes.facecolor"] == "red"  # and the settings are left as they were
