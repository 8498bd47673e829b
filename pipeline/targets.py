"""What each doit task wrote, kept in doit's state, so that a target edited by hand is built again.

doit re-runs a task when an input changed or a target is missing, not when a target's contents
changed: an artifact edited after the build (`echo x >> build/catalog/papers.md`) would be taken
for the build's own output by `check` and copied into the next release. Every task that writes
files therefore ends with the action `record_written`, whose result doit saves with the task, and
lists `unchanged` among its up-to-date checks: a target whose bytes differ from what the task
wrote makes the task run again.

Kept light (imported when dodo.py loads): a target is hashed again only when its size or time
changed since it was written, as doit itself does for inputs, so a no-op run costs a stat per target.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "a.txt").write_text("built")
    5
    >>> values = record_written([folder / "a.txt", folder / "never-written.txt"])
    >>> task = type("Task", (), {"targets": [str(folder / "a.txt"), str(folder / "never-written.txt")]})
    >>> unchanged(task, values)
    True
    >>> (folder / "a.txt").write_text("edited")
    6
    >>> unchanged(task, values)
    False
"""

from __future__ import annotations

import inspect
import os
from pathlib import Path
from typing import Any, Callable, Protocol, Sequence, TypeVar

from pipeline.files import sha256_file

#: The key of the saved values under which doit keeps what a task wrote.
WRITTEN = "written"

C = TypeVar("C", bound=Callable[..., Any])

#: A written target: [time in ns, size, sha256], or None when the task did not leave that file.
Signature = list[Any] | None


class _Task(Protocol):
    targets: Sequence[str]


def _signature(path: str) -> Signature:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return [stat.st_mtime_ns, stat.st_size, sha256_file(Path(path))]


def signed(check: C) -> C:
    """An up-to-date check with its signature worked out once, for all the tasks that share it.

    doit reads the signature of every up-to-date check of every task on every run (to know whether
    to pass it the task and its saved values): with a thousand sources, a tenth of a second of a
    no-op `doit` went to inspecting the same two checks again and again.
    """
    setattr(check, "__signature__", inspect.signature(check))
    return check


def record_written(targets: Sequence[Path | str]) -> dict[str, dict[str, Signature]]:
    """The doit action that closes every writing task: the signature of each target as written."""
    return {WRITTEN: {str(path): _signature(str(path)) for path in targets}}


@signed
def unchanged(task: _Task, values: dict[str, Any]) -> bool:
    """doit's up-to-date check: every target holds the bytes its task wrote (or is still absent)."""
    written = values.get(WRITTEN)
    if written is None:  # never recorded (a state from before this check): build once to record it
        return False
    for target in task.targets:
        if target not in written:
            return False
        recorded = written[target]
        try:
            stat = os.stat(target)
        except FileNotFoundError:
            if recorded is None:
                continue
            return False
        if recorded is None:
            return False
        time_ns, size, digest = recorded
        if [stat.st_mtime_ns, stat.st_size] == [time_ns, size]:
            continue
        if stat.st_size != size or sha256_file(Path(target)) != digest:
            return False
    return True
