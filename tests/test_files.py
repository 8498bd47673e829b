"""Outputs are written atomically, and an output whose bytes did not change is left alone."""

import os
from pathlib import Path

from pipeline import files


def test_unchanged_bytes_keep_the_files_time_and_new_bytes_replace_it(tmp_path: Path) -> None:
    target = tmp_path / "out" / "papers.json"
    files.write_text(target, "[1]\n")
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))  # a time no write could give it
    files.write_text(target, "[1]\n")
    assert target.stat().st_mtime_ns == 1_000_000_000
    files.write_text(target, "[2]\n")  # same size, other bytes
    assert target.read_text() == "[2]\n"
    assert target.stat().st_mtime_ns != 1_000_000_000
    files.write_json(target, [3, 4])
    assert target.read_text() == "[\n  3,\n  4\n]\n"


# The fast writer (orjson, checked against json's C encoder) must give json.dumps's bytes.
import hashlib  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402

import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# Text with what JSON escapes differently across writers: control characters, DEL, quotes,
# backslashes, U+2028/U+2029, astral characters; and lone surrogates (only json can hold them).
TRICKY_TEXT = st.text(st.one_of(st.characters(max_codepoint=0x7f), st.sampled_from("é中😀\u2028\u2029\ufeff\u0085"),
                                st.characters(min_codepoint=0xd800, max_codepoint=0xdfff), st.characters()))
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70),
                    st.floats(allow_nan=True, allow_infinity=True), TRICKY_TEXT)
JSON_DATA = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(TRICKY_TEXT, inner, max_size=4)),
                         max_leaves=20)


def reference(data: object, compact: bool) -> str:
    if compact:
        return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# Four times the profile's examples (60 in the fast suite, 400 with --slow): the rare escapes matter here.
@settings(max_examples=4 * settings.default.max_examples, deadline=None)
@given(JSON_DATA, st.booleans())
def test_the_fast_writer_gives_json_dumps_bytes(data: object, compact: bool) -> None:
    expected = reference(data, compact)
    assert files.dumps(data, compact) == expected
    try:
        expected_bytes = expected.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no file can hold it, as before
        with pytest.raises(UnicodeEncodeError):
            files.dumps_bytes(data, compact)
    else:
        assert files.dumps_bytes(data, compact) == expected_bytes


# A list past SPLIT_ABOVE is written one value at a time, each proved alone: the same bytes.
@settings(max_examples=settings.default.max_examples // 2, deadline=None)
@given(st.lists(JSON_DATA, min_size=files.SPLIT_ABOVE + 1, max_size=files.SPLIT_ABOVE + 3))
def test_a_long_list_written_in_pieces_gives_json_dumps_bytes(papers: list[object]) -> None:
    assert files.dumps({"papers": papers}) == reference({"papers": papers}, False)


def test_pieces_are_the_values_of_long_containers_only() -> None:
    """One piece per paper, not one per field: a piece costs three encodings."""
    papers = [{"id": str(number), "year": 2017} for number in range(files.SPLIT_ABOVE + 1)]
    chunks = list(files.json_chunks({"counts": {"papers": 33}, "papers": papers}))
    assert b'{\n      "id": "0",\n      "year": 2017\n    }' in chunks  # a paper is one piece
    assert b'{\n    "papers": 33\n  }' in chunks  # a short container is one piece
    # "{ counts", its value, ", papers", then per paper: the separator and the paper; "]", "}", "\n"
    assert len(chunks) == 2 + 1 + 2 * len(papers) + 3
    # a container of exactly SPLIT_ABOVE values is not split: "{ papers", the list, "}", "\n"
    assert len(list(files.json_chunks({"papers": papers[:files.SPLIT_ABOVE]}))) == 4


def test_a_trusted_piece_is_written_by_orjson_unproven_and_the_proven_are_named() -> None:
    # json writes NaN as NaN, orjson as null: the proof fails, and json writes the piece
    papers = [{"id": str(number), "score": math.nan if number == 0 else 0.5} for number in range(files.SPLIT_ABOVE + 1)]
    proven: set[int] = set()
    assert b"".join(files.json_chunks({"papers": papers}, proven=proven)).decode() == \
        json.dumps({"papers": papers}, indent=2, sort_keys=True) + "\n"
    assert proven == {id(paper) for paper in papers[1:]}
    # trusted, it is written by orjson without the proof: the caller vouches for it
    proven.clear()
    text = b"".join(files.json_chunks({"papers": papers}, trusted={id(papers[0])}, proven=proven))
    assert b'"score": null' in text and b"NaN" not in text and proven == {id(paper) for paper in papers}


@pytest.mark.parametrize(("data", "text"), [
    ({}, "{}\n"),
    ({"b": [], "a": {}, "é": "\u2028\x7f\x1f\"\\"}, '{\n  "a": {},\n  "b": [],\n  "é": "\u2028\x7f\\u001f\\"\\\\"\n}\n'),
    ([1e16, 1e-07, 0.1, float("nan")], "[\n  1e+16,\n  1e-07,\n  0.1,\n  NaN\n]\n"),  # orjson: 1e16, 1e-7, null
    ({"n": 2**64, "m": -2**63}, '{\n  "m": -9223372036854775808,\n  "n": 18446744073709551616\n}\n'),
    ({3: "b", 1: "a"}, '{\n  "1": "a",\n  "3": "b"\n}\n'),  # json turns an int key into a string
    # below the parts compared one at a time (a catalog's papers): found there too
    ({"papers": [{"year": 2017, "score": 1e16}]},
     '{\n  "papers": [\n    {\n      "score": 1e+16,\n      "year": 2017\n    }\n  ]\n}\n'),
    ([{"k": {2: "x"}}], '[\n  {\n    "k": {\n      "2": "x"\n    }\n  }\n]\n'),
])
def test_the_writer_keeps_json_dumps_where_orjson_differs(data: object, text: str) -> None:
    assert files.dumps(data) == text


def test_the_fast_writer_is_used_for_catalog_like_data(monkeypatch: pytest.MonkeyPatch) -> None:
    indented = []
    real = json.dumps

    def spy(data: object, **options: object) -> str:
        if options.get("indent"):
            indented.append(data)
        return real(data, **options)

    monkeypatch.setattr(files.json, "dumps", spy)
    paper = {"id": "arxiv:1706.03762", "title": "Attention Is All You Need — «ü»", "year": 2017,
             "mentions": [{"file": "sources/a.md", "line": 12}], "tags": []}
    assert files.dumps([paper]) == real([paper], indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert indented == []  # json's pure-Python indenting encoder was not needed


def test_reading_json_pauses_the_collector_and_restores_it(tmp_path: Path) -> None:
    import gc

    path = tmp_path / "x.json"
    path.write_text('{"a": [1, 2.5, "é"], "b": null}', encoding="utf-8")
    assert files.read_json(path) == {"a": [1, 2.5, "é"], "b": None}
    assert gc.isenabled()
    path.write_text("{broken", encoding="utf-8")
    with pytest.raises(json.JSONDecodeError):
        files.read_json(path)
    assert gc.isenabled()  # restored after an error too


def test_json_written_in_pieces_is_the_same_file_and_an_unchanged_one_keeps_its_time(tmp_path: Path) -> None:
    target = tmp_path / "papers.json"
    catalog = {"papers": [{"id": "a", "year": 2017}, {"id": "b", "n": [1e16]}], "counts": {}, "v": "é"}
    files.write_json(target, catalog)
    assert target.read_text(encoding="utf-8") == (
        '{\n  "counts": {},\n  "papers": [\n    {\n      "id": "a",\n      "year": 2017\n    },\n'
        '    {\n      "id": "b",\n      "n": [\n        1e+16\n      ]\n    }\n  ],\n  "v": "é"\n}\n')
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    files.write_json(target, catalog)
    assert target.stat().st_mtime_ns == 1_000_000_000
    files.write_json(target, {**catalog, "v": "f"})  # one byte shorter: replaced
    assert target.read_text(encoding="utf-8").endswith('  "v": "f"\n}\n')
    assert [path.name for path in tmp_path.iterdir()] == ["papers.json"]


def test_a_piece_that_cannot_be_written_leaves_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    target = tmp_path / "papers.json"
    files.write_json(target, {"papers": []})
    with pytest.raises(UnicodeEncodeError):  # a lone surrogate, in the second paper
        files.write_json(target, {"papers": [{"title": "fine"}, {"title": "\ud800"}]})
    assert target.read_text(encoding="utf-8") == '{\n  "papers": []\n}\n'
    assert [path.name for path in tmp_path.iterdir()] == ["papers.json"]


def test_a_cache_reads_back_what_was_written_or_holds_nothing(tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "x.json"
    data = {"code": "abc", "items": {"k": "- [Zeta](https://z.org) · lists: a\n", "n": [1, 2.5, None, True]}}
    def with_digest(body: bytes) -> bytes:  # the JSON, then a line with its blake2b digest
        return body + b"\n" + hashlib.blake2b(body, digest_size=16).hexdigest().encode()

    files.write_cache(cache, data)
    assert cache.read_bytes() == with_digest(b'{"code":"abc","items":{"k":"- [Zeta](https://z.org) \xc2\xb7 lists: a\\n",'
                                             b'"n":[1,2.5,null,true]}}')
    assert files.read_cache(cache) == data
    nested = {"code": "c", "parts": {"p1": {"papers": [{"id": "x", "t": "é"}], "conflicts": []}, "p2": {}}, "e": {}}
    files.write_cache(cache, nested)  # written in pieces, the bytes of one orjson.dumps
    assert cache.read_bytes() == with_digest(b'{"code":"c","parts":{"p1":{"papers":[{"id":"x","t":"\xc3\xa9"}],'
                                             b'"conflicts":[]},"p2":{}},"e":{}}')
    # A file damaged on disk that is still JSON (one letter's case) is not read.
    cache.write_bytes(cache.read_bytes().replace(b'"id":"x"', b'"id":"X"'))
    with pytest.raises(ValueError):
        files.read_cache(cache)
    # What orjson would not read back as written is not kept: the file stays, empty.
    for unkept in ({"k": "lone \ud800"}, {"k": 2 ** 64}, {"code": "c", "parts": {"p": {"late": 2 ** 64}}}, {1: "a"}):
        files.write_cache(cache, unkept)
        assert files.read_cache(cache) == {}
        assert [path.name for path in cache.parent.iterdir()] == ["x.json"]  # no temporary file left
    cache.write_text("{broken", encoding="utf-8")
    with pytest.raises(ValueError):
        files.read_cache(cache)
