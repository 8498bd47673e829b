"""Generated lists and tables: extraction never crashes, loses nothing and points at the right line."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.records.fields import clean
from tests.helpers import records_of

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-éü中", min_size=1,
               max_size=8).filter(lambda word: not word.startswith("-"))
TITLE = st.lists(WORD, min_size=1, max_size=8).map(" ".join)
ARXIV = st.integers(min_value=1, max_value=99999).map(lambda n: f"https://arxiv.org/abs/2401.{n:05d}")


@st.composite
def list_item(draw: st.DrawFn) -> str:
    title, url = draw(TITLE), draw(ARXIV)
    shape = draw(st.sampled_from(["link", "venue", "plain-venue"]))
    if shape == "link":
        return f"[{title}]({url})"
    if shape == "venue":
        return f"{title}, arxiv 2023/05, [[paper]]({url})"
    return f"{title}, RecSys 2023"


@st.composite
def block(draw: st.DrawFn) -> list[str]:
    kind = draw(st.sampled_from(["heading", "bullets", "numbers", "nested", "table", "paragraph"]))
    if kind == "heading":
        return [f"{'#' * draw(st.integers(1, 4))} {draw(TITLE)}", ""]
    if kind in ("bullets", "numbers"):
        items = draw(st.lists(list_item(), min_size=1, max_size=5))
        return [f"{'-' if kind == 'bullets' else f'{n}.'} {item}" for n, item in enumerate(items, 1)] + [""]
    if kind == "nested":
        return [f"- {draw(list_item())}", f"  - {draw(list_item())}", ""]
    if kind == "table":
        rows = draw(st.lists(st.tuples(TITLE, ARXIV, st.booleans()), min_size=1, max_size=5))
        lines = ["| Name | Paper | Link |", "| --- | --- | --- |"]
        for title, url, blank in rows:
            lines.append("|  |  |  |" if blank else f"| X | {title} | [[Paper]]({url}) |")
        return lines + [""]
    return [f"Some text about {draw(TITLE)}.", ""]


@settings(suppress_health_check=[HealthCheck.too_slow])  # examples: 15 in the fast suite, 100 with --slow
@given(st.lists(block(), min_size=1, max_size=6))
def test_generated_documents_account_for_every_item_and_row(blocks: list[list[str]]) -> None:
    markdown = "\n".join(line for lines in blocks for line in lines)
    result = records_of(markdown)  # raises PipelineError when the accounting does not hold
    counts = result["counts"]
    assert counts["github_differs"] == 0
    assert counts["items_and_rows"] + counts["paragraph_entries"] == (
        counts["records"] + counts["rejects"] + counts["skipped_blank"] + counts["skipped_folded"])
    lines = markdown.split("\n")
    for record in result["records"]:
        assert record["title"].casefold() in clean(lines[record["source"]["line"] - 1]).casefold()
