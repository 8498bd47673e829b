"""doit's state file is replaced whole or not at all, and a run that changed nothing leaves it alone;
the sources are listed as Path.glob("*.md") would list them."""

import hashlib
import json
import os
from pathlib import Path

import pytest
from doit import dependency
from doit.dependency import DatabaseException, JSONCodec

from pipeline import files, paths
from pipeline.statefile import MD5Checker, StateFile
from tests.helpers import load_dodo


def _state(path: Path) -> StateFile:
    return StateFile(str(path), JSONCodec())


def test_a_new_state_is_written_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / ".doit-db.json"
    state = _state(path)
    state.dump()  # no task ran, but doit expects the file after a run
    assert json.loads(path.read_text(encoding="utf-8")) == {}
    state.set("parse:a", "result:", "abc")
    state.dump()
    assert json.loads(path.read_text(encoding="utf-8")) == {"parse:a": {"result:": "abc"}}
    assert _state(path).get("parse:a", "result:") == "abc"


def test_a_run_that_changed_nothing_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / ".doit-db.json"
    path.write_text('{"parse:a": {"result:": "abc"}}', encoding="utf-8")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    state = _state(path)
    assert state.get("parse:a", "result:") == "abc"
    state.remove("parse:gone")  # not in the state: nothing to forget
    state.dump()
    assert path.stat().st_mtime_ns == 1_000_000_000
    state.remove("parse:a")
    state.dump()
    assert json.loads(path.read_text(encoding="utf-8")) == {}
    state.set("parse:b", "result:", "x")
    state.remove_all()
    state.dump()
    assert path.read_text(encoding="utf-8") == "{}"


def test_saving_what_a_task_already_had_is_no_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """doit saves its group tasks again on every run, a no-op one included: with the values they had
    (a tuple of file dependencies reads back from the file as a list), nothing is encoded or written."""
    path = tmp_path / ".doit-db.json"
    path.write_text('{"parse": {"_values_:": {}, "deps:": [], "checker:": "MD5Checker"}}', encoding="utf-8")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    state = _state(path)
    encoded: list[object] = []
    monkeypatch.setattr(state.codec, "encode", lambda data: encoded.append(data) or json.dumps(data))
    for key, value in (("_values_:", {}), ("deps:", ()), ("checker:", "MD5Checker")):
        state.set("parse", key, value)
    assert not state.changed
    state.dump()
    assert path.stat().st_mtime_ns == 1_000_000_000
    assert len(encoded) == 3  # each value was compared as the file holds it; the state was not encoded
    state.set("parse", "deps:", ("a.md",))  # a value that differs
    state.set("parse", "checker:", "MD5Checker")  # and one that does not, after it: still a change
    state.dump()
    assert json.loads(path.read_text(encoding="utf-8"))["parse"]["deps:"] == ["a.md"]
    state.set("extract", "deps:", [])  # a task the state does not have yet
    assert state.changed


def test_a_state_doit_cannot_read_is_reported_as_doit_reports_it(tmp_path: Path) -> None:
    path = tmp_path / ".doit-db.json"
    path.write_text('{"parse:a": {"result:": "ab', encoding="utf-8")  # cut short by a crash
    with pytest.raises(DatabaseException, match="(?s)Invalid JSON data in .*To fix this problem, you can just remove"):
        _state(path)
    path.write_text('{"parse:a": {"result:": "abc", "deps:": ["a.md"], "src.md": [1.5, 2, "d41d"]}}',
                    encoding="utf-8")
    assert _state(path).get("parse:a", "src.md") == [1.5, 2, "d41d"]


def test_a_write_that_fails_leaves_the_old_state_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / ".doit-db.json"
    path.write_text('{"parse:a": {"result:": "abc"}}', encoding="utf-8")
    state = _state(path)
    state.set("parse:a", "result:", "new")

    def killed(handle: int) -> None:  # as if the build were killed between writing and renaming
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "fsync", killed)
    with pytest.raises(KeyboardInterrupt):
        state.dump()
    assert path.read_text(encoding="utf-8") == '{"parse:a": {"result:": "abc"}}'
    assert [item.name for item in tmp_path.iterdir()] == [".doit-db.json"]


def test_sources_are_the_md_files_by_name(tmp_path: Path) -> None:
    for name in ("b.md", "a.md", ".hidden.md", "C.md", "notes.MD", "readme.txt", "a.md.bak"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "folder.md").mkdir()  # glob lists it too; its parse reports it unreadable
    assert paths.documents(tmp_path) == [tmp_path / name for name in (".hidden.md", "C.md", "a.md", "b.md", "folder.md")]
    assert paths.documents(tmp_path / "missing") == []
    assert paths.documents(tmp_path / "a.md") == []
    assert paths.document_names(tmp_path) == [".hidden.md", "C.md", "a.md", "b.md", "folder.md"]


@pytest.mark.parametrize(("name", "stem"), [("a.md", "a"), ("a.b.md", "a.b"), (".hidden.md", ".hidden"), (".md", ".md"),
                                            ("..md", "."), ("folder/list.md", "list"), ("x.", "x."), ("x", "x")])
def test_a_source_id_is_the_stem_of_its_name_or_path(name: str, stem: str) -> None:
    # the stems Path.stem gives (Python's documentation of PurePath.suffix), from a name or a path
    assert paths.source_id(name) == paths.source_id(Path(name)) == stem


def test_dodo_asks_for_this_backend_when_the_install_registers_it_and_for_doits_otherwise(
        monkeypatch: pytest.MonkeyPatch) -> None:
    dodo = load_dodo()
    assert dodo.DOIT_CONFIG["backend"] == dodo._state_backend() == "paperlists-json"  # pip install -e . registers it

    def not_installed(name: str) -> None:
        raise dodo.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(dodo.metadata, "distribution", not_installed)
    assert dodo._state_backend() == "json"


def test_file_dependencies_are_checked_as_doit_checks_them_with_each_file_hashed_once_per_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "papers.json"
    path.write_bytes(b"abc")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    hashed: list[str] = []
    file_digest = hashlib.file_digest
    monkeypatch.setattr(hashlib, "file_digest", lambda handle, name: hashed.append(name) or file_digest(handle, name))
    ours, doits = MD5Checker(), dependency.MD5Checker()
    state = ours.get_state(str(path), None)
    assert state == (1.0, 3, "900150983cd24fb0d6963f7d28e17f72") == doits.get_state(str(path), None)  # md5("abc")
    assert ours.get_state(str(path), list(state)) is None  # the same time: nothing new to record

    # seven tasks read the file, each saved after it ran: one hash between them
    os.utime(path, ns=(2_000_000_000, 2_000_000_000))
    hashed.clear()
    for _task in range(7):
        assert ours.get_state(str(path), list(state)) == (2.0, 3, state[2])
    assert hashed == ["md5"]
    # the answers doit's own checker gives: time the same, size changed, same size and content, other content
    answers = []
    for content, mtime in ((b"abc", 1), (b"abcd", 3), (b"abc", 4), (b"abd", 5)):
        path.write_bytes(content)
        os.utime(path, ns=(mtime * 1_000_000_000, mtime * 1_000_000_000))
        stat = os.stat(path)
        answers.append(ours.check_modified(str(path), stat, list(state)))
        assert answers[-1] == doits.check_modified(str(path), stat, list(state))
    assert answers == [False, True, False, True]
    # the file changed under the same size: hashed again, as its time changed
    assert ours.get_state(str(path), list(state))[2] == hashlib.md5(b"abd").hexdigest()


def test_dodo_checks_file_dependencies_with_the_checker_of_doits_name() -> None:
    # doit records the checker's class name with each task; another name would run every task again
    config = load_dodo().DOIT_CONFIG
    assert config["check_file_uptodate"] is MD5Checker and MD5Checker.__name__ == dependency.MD5Checker.__name__
