"""doit's state file (build/.doit-db.json), replaced atomically, and only when a task changed it.

doit's own JSON backend rewrites the file in place at the end of every run, a no-op one included:
a build killed while it writes (a megabyte and a half at a thousand sources) leaves a truncated
file, which the next `doit` refuses to read until it is removed by hand, and then every task runs
again. This backend writes a temporary file and renames it over the old one (pipeline/files.py),
so a reader sees the old state or the new one, and a run that changed nothing writes nothing.

pyproject.toml registers it with doit (the entry point group ``doit.BACKEND``); dodo.py selects it
when the installed project registers it, and doit's own backend otherwise. dodo.py also has doit check
file dependencies with MD5Checker below, which hashes a changed file once per run, not once per task.

    >>> import tempfile
    >>> from doit.dependency import JSONCodec
    >>> name = str(Path(tempfile.mkdtemp()) / "state.json")
    >>> state = StateFile(name, JSONCodec())
    >>> state.set("parse:a", "result:", "1"); state.dump()
    >>> StateFile(name, JSONCodec()).get("parse:a", "result:")
    '1'
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, Sequence

import orjson
from doit import dependency
from doit.dependency import JSONCodec, JsonDB

from pipeline import files

#: The name dodo.py asks doit for, and pyproject.toml's entry point gives.
NAME = "paperlists-json"
#: What a task's state lacks (None is a value doit may save).
_ABSENT = object()


class StateFile(JsonDB):  # type: ignore[misc]  # doit is untyped
    """doit's JSON state, written through pipeline/files.py when it changed."""

    desc = "doit's JSON state file, replaced atomically and only when it changed"

    def __init__(self, name: str, codec: Any, *, module_name: str | None = None) -> None:
        super().__init__(name, codec, module_name=module_name)
        self.changed = not os.path.exists(name)

    def _load(self) -> Any:
        # Read by orjson, in half json's time (every `doit` reads the whole file: 1.6 MB at a thousand
        # sources), when doit's own codec would read it as plain JSON; a file orjson cannot read
        # goes to doit's reader, whose message names the file and how to recover.
        if type(self.codec) is JSONCodec:
            try:
                with open(self.name, "rb") as handle:
                    return orjson.loads(handle.read())
            except ValueError:
                pass
        return super()._load()

    def set(self, task_id: str, dependency: str, value: Any) -> None:
        # doit saves its group tasks ("parse", "extract") on every run, a no-op one included, with
        # what they had: compared as the file would hold it (a tuple reads back as a list), an
        # unchanged value leaves the file alone without encoding it again.
        if not self.changed and self._db.get(task_id, {}).get(dependency, _ABSENT) != \
                self.codec.decode(self.codec.encode(value)):
            self.changed = True
        super().set(task_id, dependency, value)

    def remove(self, task_id: str) -> None:
        self.changed = self.changed or task_id in self._db
        super().remove(task_id)

    def remove_all(self) -> None:
        self.changed = True
        super().remove_all()

    def dump(self) -> None:
        if self.changed:
            files.write_text(Path(self.name), self.codec.encode(self._db))
            self.changed = False


class MD5Checker(dependency.MD5Checker):  # type: ignore[misc]  # doit is untyped
    """doit's default check of a file dependency (same time: unchanged; other size: changed; else
    compare the md5) with the md5 of each file worked out once per run, not once per task: after
    an edit at 1,000 lists doit hashed papers.json (160 MB) for each of the seven tasks that read it,
    1.9 s of the process that hands out the tasks.

    Named as doit's own class: doit records the checker's name with every task, and runs all
    of them again when it changes. What it records is the same, (time, size, md5).
    """

    def __init__(self) -> None:
        self._md5: dict[tuple[str, int, int], str] = {}

    def check_modified(self, file_path: str, file_stat: os.stat_result, state: Sequence[Any]) -> bool:
        timestamp, size, file_md5 = state
        if file_stat.st_mtime == timestamp:
            return False
        if file_stat.st_size != size:
            return True
        return bool(file_md5 != self._file_md5(file_path, file_stat))

    def get_state(self, dep: str, current_state: Sequence[Any] | None) -> tuple[float, int, str] | None:
        stat = os.stat(dep)
        if current_state and current_state[0] == stat.st_mtime:
            return None
        return stat.st_mtime, stat.st_size, self._file_md5(dep, stat)

    def _file_md5(self, path: str, stat: os.stat_result) -> str:
        # Hashed again when its time or size changed: doit itself takes a file whose time is unchanged
        # for unchanged, so within one run this is never less careful than doit.
        key = (path, stat.st_mtime_ns, stat.st_size)
        if key not in self._md5:
            with open(path, "rb") as handle:
                self._md5[key] = hashlib.file_digest(handle, "md5").hexdigest()
        return self._md5[key]
