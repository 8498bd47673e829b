import pytest

from pipeline import pandoc
from pipeline.read import parse
from pipeline.read.parse import decode_source, parse_markdown, start_line
from pipeline.problems import PipelineError, Problem


def codes(problems: list) -> list[tuple[int | None, str]]:
    return [(problem.line, problem.code) for problem in problems]


def test_plain_utf8_decodes_without_problems() -> None:
    assert decode_source("# Title\n- [A](b)\n".encode(), "x.md") == ("# Title\n- [A](b)\n", [])


def test_bom_is_dropped_with_a_warning() -> None:
    text, problems = decode_source(b"\xef\xbb\xbf# T\n", "x.md")
    assert text == "# T\n"
    assert codes(problems) == [(1, "bom")]


def test_crlf_is_read_as_lf_with_the_first_line_named() -> None:
    text, problems = decode_source(b"# T\n- a\r\n- b\r\n", "x.md")
    assert text == "# T\n- a\n- b\n"
    assert codes(problems) == [(2, "crlf")]


def test_latin1_bytes_are_decoded_as_cp1252_naming_the_line() -> None:
    text, problems = decode_source(b"# T\n- caf\xe9 \x96 x\n", "x.md")
    assert text == "# T\n- café – x\n"
    assert codes(problems) == [(2, "not-utf8")]
    assert "0xe9" in problems[0].message


def test_nul_bytes_become_replacement_characters() -> None:
    text, problems = decode_source(b"# T\n\n- a\x00b\n", "x.md")
    assert text == "# T\n\n- a\ufffdb\n"
    assert codes(problems) == [(3, "nul-byte")]


def test_empty_source_is_a_warning() -> None:
    empty = Problem("x.md", None, "empty-source", "the file holds no text; expected markdown")
    assert decode_source(b"", "x.md") == ("", [empty])
    assert decode_source(b"  \n", "x.md") == ("", [empty])  # blank lines only: no text either


def test_long_line_is_a_warning_and_still_parses() -> None:
    long = "- [" + "a" * 100_000 + "](https://arxiv.org/abs/2401.00001)\n"
    text, problems = decode_source(long.encode(), "x.md")
    assert codes(problems) == [(1, "long-line")]
    ast = parse_markdown(text, "x.md")
    assert ast["blocks"][0]["t"] == "Div"


def test_binary_file_is_an_error_naming_the_file() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x02\x00\x00\x00"
    with pytest.raises(PipelineError) as caught:
        decode_source(png * 20, "sources/x.md")
    assert str(caught.value).startswith("sources/x.md: not-markdown: expected markdown text")


def test_pandoc_failure_names_the_file_and_carries_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse, "READER", "no-such-format")
    with pytest.raises(PipelineError) as caught:
        parse_markdown("# x\n", "sources/x.md")
    message = str(caught.value)
    assert message.startswith("sources/x.md: pandoc-failed: pandoc exited with")
    assert "Unknown input format" in message


def test_missing_pandoc_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pandoc.panflute.tools, "PANDOC_PATH", "/nonexistent/pandoc")
    with pytest.raises(PipelineError) as caught:
        parse_markdown("# x\n", "sources/x.md")
    assert "sources/x.md: pandoc-failed: could not run pandoc" in str(caught.value)


def test_html_headings_become_headers_with_their_line() -> None:
    ast = parse_markdown('# Top\n\n<h2 id="1">1. LLM &amp; RS</h2>\n\n- [a](b)\n', "x.md")
    header = ast["blocks"][1]
    assert header["t"] == "Header" and header["c"][0] == 2
    assert start_line(header["c"][1][2]) == 3


def test_details_wrap_their_section() -> None:
    ast = parse_markdown("<details>\n<summary>Old <b>papers</b></summary>\n\n- [a](b)\n\n</details>\n", "x.md")
    div = ast["blocks"][0]
    assert div["t"] == "Div" and div["c"][0][1] == ["details"]
    assert dict(div["c"][0][2])["summary"] == "Old papers"
    assert [block["t"] for block in div["c"][1]] == ["Div"]


def test_start_line_takes_the_smallest_start() -> None:
    assert start_line([["wrapper", "1"], ["data-pos", "t.md@9:1-10:1;8:1-12:1"]]) == 8
    assert start_line({"data-pos": "3:4-3:9"}) == 3
    assert start_line([]) is None
