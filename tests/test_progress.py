"""Progress of large builds: the pure counting (pipeline/progress.py) and dodo.py's reporter."""

import gc
import io
import itertools
import subprocess
import sys

import pytest
from doit.task import Task

from pipeline import paths
from pipeline.progress import Progress, duration, progress_line, reachable
from tests.helpers import load_dodo

dodo = load_dodo()


def test_reachable_follows_dependencies_and_ignores_the_rest() -> None:
    deps = {"all": ["a", "b"], "a": ["c"], "b": ["c"], "c": [], "other": ["a"]}
    assert reachable(["all"], deps) == {"all", "a", "b", "c"}


def test_durations_read_like_a_clock() -> None:
    assert [duration(0), duration(59.4), duration(60), duration(3599), duration(7380)] == \
        ["0s", "59s", "1m00s", "59m59s", "2h03m"]


def test_time_left_comes_from_the_tasks_that_ran() -> None:
    # 10 tasks ran in 30 s and 90 are left: 3 s each, 4m30s.
    assert progress_line(10, 100, 10, 30.0) == "[ 10/100]  10% done, 30s elapsed, about 4m30s left"
    # 40 up-to-date tasks cost nothing: 10 ran in 30 s, 50 left.
    assert progress_line(50, 100, 10, 30.0) == "[ 50/100]  50% done, 30s elapsed, about 2m30s left"
    assert progress_line(100, 100, 10, 30.0) == "[100/100] 100% done, 30s elapsed"


def test_a_line_every_few_seconds_and_one_at_the_end() -> None:
    progress = Progress(total=6, start=100.0, every=5.0)
    shown = [progress.finish(now, ran=True) for now in (101.0, 103.0, 105.5, 106.0, 110.0, 110.5)]
    assert shown == [None, None, "[3/6]  50% done, 6s elapsed, about 6s left", None, None,
                     "[6/6] 100% done, 10s elapsed"]


def nothing() -> None:
    """An action."""


def tasks(sources: int) -> dict[str, Task]:
    """A build shaped like ours: parse:<n> subtasks under a group task, and a global catalog."""
    found = {f"parse:s{n:02d}": Task(f"parse:s{n:02d}", [(nothing, [])]) for n in range(sources)}
    found["parse"] = Task("parse", None, task_dep=list(found), has_subtask=True)  # as doit's loader makes it
    found["catalog"] = Task("catalog", [(nothing, [])], task_dep=["parse"])
    found["release"] = Task("release", [(nothing, [])])  # not selected: not counted
    return found


def run(reporter: dodo.BuildReporter, found: dict[str, Task], up_to_date: set[str] = frozenset()) -> None:
    reporter.initialize(found, ["catalog"])
    for name in [*sorted(name for name in found if ":" in name), "parse", "catalog"]:
        if name in up_to_date:
            reporter.skip_uptodate(found[name])
        else:
            reporter.execute_task(found[name])
            reporter.add_success(found[name])
    reporter.complete_run()


def test_a_small_build_prints_doits_usual_lines() -> None:
    out = io.StringIO()
    run(dodo.BuildReporter(out, {}), tasks(2), up_to_date={"parse:s00"})
    assert out.getvalue() == "-- parse:s00\n.  parse:s01\n.  catalog\n"


def test_a_large_build_prints_progress_instead_of_a_line_per_task(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = itertools.count(start=1000.0, step=1.0)  # every call to the clock is one second later
    monkeypatch.setattr(dodo.time, "monotonic", lambda: next(clock))
    out = io.StringIO()
    run(dodo.BuildReporter(out, {}), tasks(60), up_to_date={f"parse:s{n:02d}" for n in range(10, 60)})
    # 61 counted tasks (the group task "parse" has no action, "release" is not selected). Each
    # finished task is one second later: 10 parse tasks run, 50 are up to date, then catalog runs
    # and keeps its usual line. The estimate spreads the time over the 10 (then 11) tasks that ran.
    assert out.getvalue().splitlines() == [
        "[ 5/61]   8% done, 5s elapsed, about 56s left",
        "[10/61]  16% done, 10s elapsed, about 51s left",
        "[15/61]  24% done, 15s elapsed, about 1m09s left",
        "[20/61]  32% done, 20s elapsed, about 1m22s left",
        "[25/61]  40% done, 25s elapsed, about 1m30s left",
        "[30/61]  49% done, 30s elapsed, about 1m33s left",
        "[35/61]  57% done, 35s elapsed, about 1m31s left",
        "[40/61]  65% done, 40s elapsed, about 1m24s left",
        "[45/61]  73% done, 45s elapsed, about 1m12s left",
        "[50/61]  81% done, 50s elapsed, about 55s left",
        "[55/61]  90% done, 55s elapsed, about 33s left",
        "[60/61]  98% done, 1m00s elapsed, about 6s left",
        ".  catalog",
        "[61/61] 100% done, 1m01s elapsed",
    ]


def test_failures_stay_visible_in_a_large_build() -> None:
    from doit.exceptions import TaskFailed

    out = io.StringIO()
    reporter = dodo.BuildReporter(out, {})
    found = tasks(60)
    reporter.initialize(found, ["catalog"])
    reporter.execute_task(found["parse:s07"])
    reporter.add_failure(found["parse:s07"], TaskFailed("pandoc failed"))
    assert out.getvalue() == "TaskFailed - taskid:parse:s07\npandoc failed\n\n"  # doit's own format


def test_loading_dodo_pauses_the_collector_until_the_run_starts() -> None:
    script = "import gc, dodo; print(gc.isenabled())"
    done = subprocess.run([sys.executable, "-c", script], cwd=paths.ROOT, capture_output=True, text=True, check=True)
    assert done.stdout == "False\n"
    gc.disable()
    try:
        dodo.BuildReporter(io.StringIO(), {}).initialize(tasks(2), ["catalog"])
        assert gc.isenabled()
    finally:
        gc.enable()
