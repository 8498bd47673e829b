"""doit's state file (build/.doit-db.json), replaced atomically, and only when a task changed it.

doit's own JSON backend rewrites the file in place at the end of every run, a no-op one included:
a build killed while it writes (a megabyte and a half at a thousand sources) leaves a truncated
file, which the next `doit` refuses to read until it is removed by hand, and then every task runs
again. This backend writes a temporary file and renames it over the old one (pipeline/files.py),
so a reader sees the old state or the new one, and a run that changed nothing writes nothing.

pyproject.toml registers it with doit (the entry point group ``doit.BACKEND``); dodo.py selects it
when the installed project registers it, and doit's own backend otherwise.

    >>> import tempfile
    >>> from doit.dependency import JSONCodec
    >>> name = str(Path(tempfile.mkdtemp()) / "state.json")
    >>> state = StateFile(name, JSONCodec())
    >>> state.set("parse:a", "result:", "1"); state.dump()
    >>> StateFile(name, JSONCodec()).get("parse:a", "result:")
    '1'
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson
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
