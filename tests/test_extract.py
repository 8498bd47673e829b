import json

import pytest

from tests.conftest import FIXTURES, read_fixture_file
from tests.helpers import records_of

SUMMARY = ("line", "title", "short_name", "venue", "year", "kind", "section", "identifiers")
CASES = read_fixture_file(FIXTURES / "shapes.md")


def summarize(result: dict) -> dict:
    return {
        "records": [{key: (record["source"]["line"] if key == "line" else record[key]) for key in SUMMARY}
                    for record in result["records"]],
        "rejects": [[reject["line"], reject["code"]] for reject in result["rejects"]],
        "blank": result["counts"]["skipped_blank"],
    }


@pytest.mark.parametrize("line,title,markdown,expected", CASES, ids=[case[1] for case in CASES])
def test_markdown_shapes(line: int, title: str, markdown: str, expected: str) -> None:
    assert summarize(records_of(markdown)) == json.loads(expected), f"shapes.md:{line}: {title}"


def test_cells_keep_line_breaks_and_raw_text_keeps_mojibake() -> None:
    result = records_of("| Paper | Note |\n|--|--|\n| Survey â€“ x | a<br />b |\n")
    record = result["records"][0]
    assert record["cells"] == ["Survey â€“ x", "a\nb"]
    assert record["title"] == "Survey – x"
    assert record["notes"] == "a b"


def test_every_link_is_kept_with_its_label() -> None:
    result = records_of("- Paper, arxiv 2023, [[paper]](https://arxiv.org/abs/2301.00001) "
                        "[[code]](https://github.com/a/b) https://example.org/x\n")
    record = result["records"][0]
    assert record["links"] == [
        {"label": "[paper]", "url": "https://arxiv.org/abs/2301.00001"},
        {"label": "[code]", "url": "https://github.com/a/b"},
        {"label": "https://example.org/x", "url": "https://example.org/x"},
    ]
    assert record["urls"] == {"paper": "https://arxiv.org/abs/2301.00001",
                              "code": "https://github.com/a/b", "other": ["https://example.org/x"]}


def test_block_positions_count_lists_and_tables_separately() -> None:
    result = records_of("- [A](https://a.org)\n- [B](https://b.org)\n\n| Paper |\n|--|\n| C |\n\n"
                        "1. [D](https://d.org)\n")
    assert [record["block"] for record in result["records"]] == [
        {"type": "bullet-list", "index": 1, "position": 1, "depth": 0},
        {"type": "bullet-list", "index": 1, "position": 2, "depth": 0},
        {"type": "table", "index": 1, "position": 1, "depth": 0},
        {"type": "ordered-list", "index": 2, "position": 1, "depth": 0},
    ]


def test_a_record_that_breaks_the_schema_stops_with_file_line_and_json_path(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.records import build as records
    from pipeline.problems import PipelineError

    original = records.read_entry

    def broken(entry: dict) -> tuple:
        fields, reason = original(entry)
        return (dict(fields, year="twenty") if fields else fields), reason

    monkeypatch.setattr(records, "read_entry", broken)
    with pytest.raises(PipelineError) as caught:
        records_of("# T\n\n- [A paper](https://arxiv.org/abs/2401.00001)\n", "x")
    assert str(caught.value) == "x.md:3: record-invalid: $.year: 'twenty' is not of type 'integer', 'null'"


def _pandoc_table(head_cells: int, body_cells: int, colspecs: int) -> dict:
    attr = ["", [], []]

    def row(cells: int) -> list:
        return [attr, [[attr, {"t": "AlignDefault"}, 1, 1, [{"t": "Plain", "c": [{"t": "Str", "c": "x"}]}]]
                       for _ in range(cells)]]

    return {"t": "Table", "c": [attr, [None, []], [[{"t": "AlignDefault"}, {"t": "ColWidthDefault"}]] * colspecs,
                                [attr, [row(head_cells)]], [[attr, 0, [], [row(body_cells)]]], [attr, []]]}


def test_a_table_panflute_refuses_still_raises_panflutes_error_and_a_sound_one_is_read() -> None:
    from pipeline.entries.extract import extract_entries
    from pipeline.entries.pandoc_json import count_items_and_rows, load_document

    def document(table: dict) -> dict:
        return {"pandoc-api-version": [1, 23, 1], "meta": {}, "blocks": [table]}

    sound = document(_pandoc_table(2, 2, 2))
    assert count_items_and_rows(sound) == 1
    assert [entry["cells"] for entry in extract_entries(sound)] == [[[{"text": "x"}], [{"text": "x"}]]]
    with pytest.raises(IndexError, match="Invalid number of columns"):
        load_document(document(_pandoc_table(2, 1, 1)))  # a head wider than the body
    with pytest.raises(IndexError, match="Invalid number of colspec"):
        load_document(document(_pandoc_table(2, 2, 3)))  # more column specs than columns


@pytest.mark.parametrize("markdown", [
    # the summary on the line of <details>, or on a line of its own; a rule between sections
    "# L\n\n<details><summary>LLM as Ranker</summary>\n\n- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"
    "\n</details>\n\n---\n\n- [BERT: Pre-training of Deep Bidirectional Transformers](https://arxiv.org/abs/1810.04805)\n",
    "# L\n\n<details>\n<summary>LLM as <b>Ranker</b></summary>\n\n- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"
    "\n</details>\n\n---\n\n- [BERT: Pre-training of Deep Bidirectional Transformers](https://arxiv.org/abs/1810.04805)\n",
], ids=["summary-inline", "summary-own-line"])
def test_a_details_summary_is_the_section_of_what_it_folds(markdown: str) -> None:
    records = records_of(markdown)["records"]
    assert [(record["title"], record["section"]) for record in records] == [
        ("Attention Is All You Need", ["L", "LLM as Ranker"]),
        ("BERT: Pre-training of Deep Bidirectional Transformers", ["L"])]


@pytest.mark.parametrize("markdown,titles", [
    ("# L\n\n### Attention Is All You Need\n\n- [paper](https://arxiv.org/abs/1706.03762)\n"
     "- [code](https://github.com/tensorflow/tensor2tensor)\n",
     ["Attention Is All You Need", "Attention Is All You Need"]),
    # no level-1 heading above: the heading is still no list's title; its venue tail is read
    ("#### Attention Is All You Need (NeurIPS 2017)\n* [[Paper]](https://arxiv.org/abs/1706.03762) "
     "[[Code]](https://github.com/tensorflow/tensor2tensor)\n",
     ["Attention Is All You Need"]),
    # a short heading names no paper: the link's address stays the title (and is flagged suspect)
    ("# L\n\n## 2017\n\n- [Paper](https://arxiv.org/abs/1706.03762)\n", ["https://arxiv.org/abs/1706.03762"]),
    # nor does the list's own title
    ("# A Reading List of Many Papers\n\n- [Paper](https://arxiv.org/abs/1706.03762)\n",
     ["https://arxiv.org/abs/1706.03762"]),
    # more items than one paper has links: a section, not a paper
    ("# L\n\n### Papers Worth Reading This Year\n\n" + "".join(
        f"- [Paper](https://arxiv.org/abs/1706.0376{n})\n" for n in range(4)),
     [f"https://arxiv.org/abs/1706.0376{n}" for n in range(4)]),
    # a titled item beside: the heading is a topic
    ("# L\n\n### Large Language Models for Ranking\n\n- [Paper](https://arxiv.org/abs/1706.03762)\n"
     "- [BERT: Pre-training of Deep Bidirectional Transformers](https://arxiv.org/abs/1810.04805)\n",
     ["https://arxiv.org/abs/1706.03762", "BERT: Pre-training of Deep Bidirectional Transformers"]),
    # three items (paper, code, project) are one paper's links
    ("# L\n\n### BERT: Pre-training\n\n- [paper](https://arxiv.org/abs/1810.04805)\n- [code](https://github.com/a/b)\n"
     "- [project](https://example.org/bert)\n", ["BERT: Pre-training"] * 3),
    # three words without a colon: a topic
    ("# L\n\n## Survey Papers Here\n\n- [Paper](https://arxiv.org/abs/1706.03762)\n",
     ["https://arxiv.org/abs/1706.03762"]),
    # an item with words of its own is read as written
    ("# L\n\n### Attention Is All You Need\n\n- see the [paper](https://arxiv.org/abs/1706.03762)\n", ["see the"]),
], ids=["heading-over-links", "heading-with-venue", "year-heading", "list-title", "many-items", "topic-heading",
        "three-links", "three-word-topic", "item-with-words"])
def test_a_heading_over_items_of_bare_links_is_their_title(markdown: str, titles: list[str]) -> None:
    assert [record["title"] for record in records_of(markdown)["records"]] == titles


def test_a_heading_title_keeps_the_item_as_written() -> None:
    record = records_of("# L\n\n### Attention Is All You Need (NeurIPS 2017)\n\n"
                        "- [paper](https://arxiv.org/abs/1706.03762)\n")["records"][0]
    assert (record["title"], record["venue"], record["year"], record["text"]) == (
        "Attention Is All You Need", "NeurIPS", 2017, "paper")
