from pipeline import paths
from pipeline.read.crosscheck import crosscheck
from pipeline.read.parse import parse_markdown
from tests.catalog_fixture import real_reading


def check(text: str) -> list[tuple[int | None, str]]:
    return [(problem.line, problem.message) for problem in crosscheck(text, parse_markdown(text, "t.md"), "t.md")]


def test_a_ragged_table_row_is_reported_at_its_section() -> None:
    text = "# A\n\n- [x](y)\n\n## B\n\n| a | b |\n|--|--|\n| 1 | [x](y) |\n| 2 |\n"
    assert check(text) == [
        (5, "section 'B': pandoc reads 1 tables, mistune reads 0"),
        (5, "section 'B': pandoc reads 2 table rows, mistune reads 0"),
    ]


def test_agreeing_readers_give_no_warning() -> None:
    assert check("# A\n\n| a | b |\n|--|--|\n| 1 | [x](y) |\n\n1. [p](q)\n   - r\n") == []


def test_the_real_sources_read_alike() -> None:
    # the AST the build reads (with GitHub's view), from the session's one pandoc run per source
    for source in paths.documents(paths.ROOT / "sources"):
        reading = real_reading(source.stem)
        assert crosscheck(reading.text, reading.ast, source.name) == [], source.name
