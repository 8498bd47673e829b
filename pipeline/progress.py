"""How far a build is: tasks done out of the total and an estimate of the time left, as short lines.

A build of a thousand lists runs two thousand parse and extract tasks. Printing a line for each
floods the terminal and hides the warnings; dodo.py's reporter prints, above ``COMPACT_ABOVE``
tasks, one line from ``Progress`` every few seconds instead. Pure: the caller passes the clock.
"""

from __future__ import annotations

from typing import Iterable, Mapping

#: Builds with more tasks than this get progress lines instead of one line per task.
COMPACT_ABOVE = 50
#: Seconds between two progress lines.
EVERY = 5.0


def reachable(selected: Iterable[str], deps: Mapping[str, Iterable[str]]) -> set[str]:
    """The selected tasks and every task they depend on, directly or not.

    >>> sorted(reachable(["report"], {"report": ["catalog"], "catalog": ["extract:a"], "extract:a": []}))
    ['catalog', 'extract:a', 'report']
    """
    seen: set[str] = set()
    todo = list(selected)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(deps.get(name, ()))
    return seen


def duration(seconds: float) -> str:
    """A short human duration: ``45s``, ``3m05s``, ``1h02m``.

    >>> [duration(4.4), duration(185), duration(3725)]
    ['4s', '3m05s', '1h02m']
    """
    whole = int(round(seconds))
    if whole < 60:
        return f"{whole}s"
    if whole < 3600:
        return f"{whole // 60}m{whole % 60:02d}s"
    return f"{whole // 3600}h{whole % 3600 // 60:02d}m"


def progress_line(done: int, total: int, ran: int, elapsed: float) -> str:
    """One progress line. The time left assumes the tasks still to come cost what the ``ran`` ones
    did on average (up-to-date tasks cost nothing and do not count); none ran yet, no estimate.

    >>> progress_line(50, 200, 50, 20.0)
    '[ 50/200]  25% done, 20s elapsed, about 1m00s left'
    >>> progress_line(3, 200, 0, 0.1)
    '[  3/200]   1% done, 0s elapsed'
    """
    width = len(str(total))
    line = f"[{done:>{width}}/{total}] {100 * done // max(total, 1):>3}% done, {duration(elapsed)} elapsed"
    if ran and done < total:
        line += f", about {duration(elapsed / ran * (total - done))} left"
    return line


class Progress:
    """Counts finished tasks and says when a progress line is due (every ``every`` seconds, and at
    the end)."""

    def __init__(self, total: int, start: float, every: float = EVERY) -> None:
        self.total = total
        self.start = start
        self.every = every
        self.done = 0
        self.ran = 0
        self.shown_at = start

    def finish(self, now: float, ran: bool) -> str | None:
        """Count one finished task (``ran``: executed, not skipped); the line to show, if one is due."""
        self.done += 1
        self.ran += ran
        if self.done < self.total and now - self.shown_at < self.every:
            return None
        self.shown_at = now
        return progress_line(self.done, self.total, self.ran, now - self.start)
