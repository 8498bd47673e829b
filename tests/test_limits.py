"""Bounded runs (pipeline/limits.py) and the up-front shape checks (pipeline/read/prescan.py)."""

import os
import signal
import sys
import time

import pytest

from pipeline.read import prescan as prescan_module
from pipeline.limits import MIB, Limits, check_decodable, limits_for, parse_size, run_bounded, run_command
from pipeline.pandoc import pandoc_path
from pipeline.read.parse import parse_markdown
from pipeline.read.prescan import json_depth_line, prescan
from pipeline.problems import PipelineError

SMALL = Limits(256 * MIB, 20.0, "a test's limit", "a test's limit")


def failure(work, limits: Limits = SMALL) -> str:
    with pytest.raises(PipelineError) as caught:
        run_bounded(work, limits, "sources/x.md", "parse")
    return str(caught.value)


# -- settings


def test_defaults_grow_with_the_file_and_stop_at_a_cap() -> None:
    assert limits_for(0, {}) == Limits(256 * MIB, 30.0, "the default for a 0.0 MB file",
                                       "the default for a 0.0 MB file")
    assert (limits_for(MIB // 2, {}).memory, limits_for(MIB // 2, {}).seconds) == (512 * MIB, 46.0)
    assert (limits_for(50_000_000, {}).memory, limits_for(50_000_000, {}).seconds) == (768 * MIB, 300.0)


def test_environment_replaces_the_defaults() -> None:
    limits = limits_for(1000, {"PAPERLISTS_PARSE_MEMORY": "1.5G", "PAPERLISTS_PARSE_SECONDS": "600"})
    assert limits == Limits(1536 * MIB, 600.0, "PAPERLISTS_PARSE_MEMORY=1.5G", "PAPERLISTS_PARSE_SECONDS=600")


@pytest.mark.parametrize("setting, value", [("PAPERLISTS_PARSE_MEMORY", "lots"),
                                            ("PAPERLISTS_PARSE_MEMORY", "0"),
                                            ("PAPERLISTS_PARSE_MEMORY", "32M"),
                                            ("PAPERLISTS_PARSE_SECONDS", "-3"),
                                            ("PAPERLISTS_PARSE_SECONDS", "soon")])
def test_a_bad_setting_is_an_error_naming_it(setting: str, value: str) -> None:
    with pytest.raises(PipelineError) as caught:
        limits_for(1000, {setting: value})
    assert str(caught.value).startswith(f"{setting}: bad-limit: expected ")
    assert repr(value) in str(caught.value)


def test_a_fraction_of_a_second_is_a_limit() -> None:
    assert limits_for(1000, {"PAPERLISTS_PARSE_SECONDS": "0.5"}).seconds == 0.5


def test_sizes_read_with_units() -> None:
    assert [parse_size(text, "x") for text in ("80000000", "65536k", "512M", "2G", "300MiB")] == \
        [80000000, 67108864, 536870912, 2147483648, 314572800]


# -- external readers


def test_pandoc_out_of_heap_is_a_parse_limit_error_saying_how_to_raise_it() -> None:
    table = "| a | b |\n|---|---|\n" + "| [x](https://e.org) | y |\n" * 20_000
    with pytest.raises(PipelineError) as caught:
        run_command([pandoc_path(), "--from", "gfm+sourcepos", "--to", "json"], table.encode(),
                    Limits(64 * MIB, 60.0, "PAPERLISTS_PARSE_MEMORY=64M"), "sources/x.md", "pandoc's gfm reader")
    assert str(caught.value) == (
        "sources/x.md: parse-limit: pandoc's gfm reader needed more than 64M of memory "
        "(PAPERLISTS_PARSE_MEMORY=64M); expected a source that fits, or raise the limit: "
        "PAPERLISTS_PARSE_MEMORY=128M or doit parse_memory=128M")


def test_a_reader_past_its_time_is_killed_with_a_parse_limit_error() -> None:
    started = time.monotonic()
    with pytest.raises(PipelineError) as caught:
        run_command(["sleep", "30"], b"", Limits(64 * MIB, 0.5), "sources/x.md", "sleep", ghc=False)
    assert time.monotonic() - started < 10
    assert str(caught.value) == (
        "sources/x.md: parse-limit: sleep ran longer than 0.5 s (the default); expected a source that "
        "reads in time, or raise the limit: PAPERLISTS_PARSE_SECONDS=1 or doit parse_seconds=1")


def test_parse_markdown_runs_pandoc_under_the_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERLISTS_PARSE_MEMORY", "64M")
    with pytest.raises(PipelineError) as caught:
        parse_markdown("| a |\n|---|\n" + "| [x](https://e.org) |\n" * 20_000, "sources/x.md")
    assert caught.value.problem.code == "parse-limit"
    assert "pandoc's gfm reader needed more than 64M" in str(caught.value)


# -- Python readers in a bounded child


def test_the_result_comes_back_from_the_child() -> None:
    assert run_bounded(lambda: {"answer": [6 * 7]}, SMALL, "sources/x.md", "parse") == {"answer": [42]}


def test_the_child_writes_and_the_parent_keeps_running(tmp_path) -> None:
    run_bounded(lambda: (tmp_path / "out").write_text("done"), SMALL, "sources/x.md", "parse")
    assert (tmp_path / "out").read_text() == "done"


def test_recursion_is_a_too_deep_error_not_a_traceback() -> None:
    def dive(depth: int) -> int:
        return dive(depth + 1) + 1

    assert failure(lambda: dive(0)) == (
        f"sources/x.md: too-deep: the parse stage met nesting deeper than Python's recursion limit "
        f"({sys.getrecursionlimit()} levels); expected a document nested less deeply")


def test_memory_past_the_limit_is_a_parse_limit_error() -> None:
    assert failure(lambda: bytearray(2 << 30)) == (
        "sources/x.md: parse-limit: the parse stage needed more than 256M of memory (a test's limit); "
        "expected a source that fits, or raise the limit: PAPERLISTS_PARSE_MEMORY=512M or doit parse_memory=512M")


def test_time_past_the_limit_kills_the_child() -> None:
    started = time.monotonic()
    message = failure(lambda: time.sleep(60), Limits(256 * MIB, 0.5))
    assert time.monotonic() - started < 10
    assert message.startswith("sources/x.md: parse-limit: the parse stage ran longer than 0.5 s")


def test_anything_unexpected_is_one_line_naming_file_and_stage() -> None:
    def broken() -> None:
        raise KeyError("blocks")

    message = failure(broken)
    assert message.startswith("sources/x.md: stage-failed: the parse stage stopped on KeyError: 'blocks' "
                              "(in test_limits.py:")
    assert "\n" not in message


def test_a_child_that_dies_is_reported() -> None:
    assert failure(lambda: os.kill(os.getpid(), signal.SIGKILL)) == (
        "sources/x.md: stage-failed: the parse stage died without a result (signal 9); expected it to "
        "finish or report a problem (out of memory outside Python's reach?)")


def test_pipeline_errors_of_the_work_come_back_as_they_are() -> None:
    assert failure(lambda: limits_for(1, {"PAPERLISTS_PARSE_SECONDS": "never"})) == (
        "PAPERLISTS_PARSE_SECONDS: bad-limit: expected a number of seconds such as 120, found 'never'")


# -- up-front checks


def shape(text: str, size: int | None = None) -> list[tuple[int | None, str]]:
    return [(problem.line, problem.code) for problem in prescan(text, "x.md", size or len(text))]


def test_normal_lists_pass_without_a_word() -> None:
    text = "# Papers\n\n- [A](https://a.org) [code](https://c.org)\n  - nested\n    - deeper\n> quote\n"
    assert shape(text) == []


def test_size_warns_then_refuses() -> None:
    assert shape("- a\n", 2_000_001) == [(None, "large-source")]
    assert shape("- a\n", 16_000_001) == [(None, "too-large")]


def test_a_line_too_long_is_refused_with_its_line() -> None:
    assert shape("# T\n\n" + "x" * 250_001 + "\n") == [(3, "line-too-long")]
    assert shape("# T\n\n" + "x" * 250_000 + "\n") == []


def test_links_on_one_line_warn_then_refuse() -> None:
    assert shape("[a](b) " * 101) == [(1, "many-links")]
    assert shape("# T\n" + "[a](b) " * 1_001) == [(2, "too-many-links")]
    assert shape("<a href='x'>y</a> " * 1_001) == [(1, "too-many-links")]


def test_nested_lists_warn_then_refuse_at_the_line_passing_the_limit() -> None:
    lists = "".join(f"{'  ' * depth}- item\n" for depth in range(40))
    assert shape(lists) == [(9, "deep-nesting"), (33, "too-deep")]
    assert str(prescan(lists, "x.md", len(lists))[-1]) == (
        "x.md:33: too-deep: expected lists, quotes and HTML nested at most 32 deep, found 33 levels at this line")


def test_list_levels_close_when_the_indentation_goes_back() -> None:
    saw_tooth = "".join(f"{'  ' * depth}- item\n" for _ in range(20) for depth in range(6))
    assert shape(saw_tooth) == []


def test_quotes_and_html_containers_count_as_nesting() -> None:
    assert shape("> " * 33 + "x\n") == [(1, "too-deep")]
    assert shape("<div>\n" * 9 + "</div>\n" * 9) == [(9, "deep-nesting")]
    assert shape("<table><tr><td>\n" * 33) == [(9, "deep-nesting"), (33, "too-deep")]
    # elements that close themselves (rows, cells, items) do not pile up
    assert shape("<table>\n" + "<tr><td>a<td>b\n" * 100 + "</table>\n") == []


def test_fenced_code_is_not_read_as_nesting() -> None:
    yaml = "```yaml\n" + "".join(f"{'  ' * depth}- key\n" for depth in range(40)) + "```\n- after\n"
    assert shape(yaml) == []


def test_thresholds_are_those_the_problem_table_states() -> None:
    assert (prescan_module.SIZE, prescan_module.LINE, prescan_module.LINKS, prescan_module.DEPTH) == \
        ((2_000_000, 16_000_000), (10_000, 250_000), (100, 1_000), (8, 32))


def test_json_depth_names_the_source_line() -> None:
    nested = '{"c":[["data-pos","3:1-3:9"],' + "[" * 10 + "]" * 10 + "]}"
    assert json_depth_line(nested, 5) == (6, 3)
    assert json_depth_line('["[[[[[[["]', 2) == (1, None)


def test_pandoc_json_too_deep_for_python_is_too_deep_at_its_line() -> None:
    text = "# Nested\n\nplain\n\n" + "*a **a " * 2_000 + "b" + " a** a*" * 2_000 + "\n"
    with pytest.raises(PipelineError) as caught:
        parse_markdown(text, "sources/x.md")
    assert caught.value.problem.code == "too-deep"
    assert caught.value.problem.line == 5


def test_a_reader_started_by_the_bounded_stage_shares_its_budget() -> None:
    def read_after_using_memory() -> None:
        hoard = bytearray(150 * MIB)  # the stage holds 150M of its 256M when pandoc starts
        # pandoc reads this in 240M of heap, not in 100M
        table = "| a |\n|---|\n" + "| [x](https://e.org) |\n" * 30_000
        run_command([pandoc_path(), "--from", "gfm+sourcepos", "--to", "json"], table.encode(), SMALL,
                    "sources/x.md", "pandoc's gfm reader")
        del hoard

    pandoc_path()
    message = failure(read_after_using_memory)
    assert message.startswith("sources/x.md: parse-limit: pandoc's gfm reader needed more than the ")
    assert " left of 256M of memory (a test's limit); " in message


def test_json_too_big_to_decode_in_the_budget_is_refused_before_decoding() -> None:
    check_decodable(60 * MIB, Limits(768 * MIB, 60.0), "x.md")
    with pytest.raises(PipelineError) as caught:
        check_decodable(200 * MIB, Limits(768 * MIB, 60.0), "x.md")
    assert str(caught.value) == (
        "x.md: parse-limit: decoding pandoc's 210 MB of JSON needed more than 768M of memory (the default); "
        "expected a source that fits, or raise the limit: PAPERLISTS_PARSE_MEMORY=1536M or doit parse_memory=1536M")
