"""Running pandoc: the one place that finds its binary and runs it, for the parser and the writers.

pypandoc-binary ships pandoc outside PATH; panflute is pointed at it once. Every run has limits
(pipeline/limits.py): those of the source's size for untrusted lists, a timeout for documents this
project wrote (papers.md, report.md, the diff).
"""

from __future__ import annotations

import re
import shutil

import panflute

from pipeline.limits import Limits, run_command
from pipeline.problems import PipelineError, Problem

__all__ = ["pandoc_path", "pandoc_version", "run_pandoc"]


def pandoc_path() -> str:
    """Point panflute at the pandoc that pypandoc-binary ships (it is not on PATH), once."""
    if panflute.tools.PANDOC_PATH is None:
        try:
            import pypandoc  # optional: a pandoc on PATH will do (the except below)

            panflute.tools.PANDOC_PATH = pypandoc.get_pandoc_path()
        except (ImportError, OSError):
            panflute.tools.PANDOC_PATH = shutil.which("pandoc")
    if panflute.tools.PANDOC_PATH is None:
        raise PipelineError(Problem("pandoc", None, "pandoc-failed",
                                    "no pandoc found: install pypandoc-binary or put pandoc on PATH"))
    return str(panflute.tools.PANDOC_PATH)


def run_pandoc(text: str, args: list[str], path: str, limits: Limits | None = None) -> str:
    """Run pandoc on ``text``; a failure is a PipelineError naming ``path`` with pandoc's stderr.

    Given ``limits`` (pipeline/limits.py), pandoc runs under them and exceeding them is a
    ``parse-limit`` error; without, only a 300 s timeout holds (for documents this project wrote).
    """
    reader = re.split(r"[-+]", args[args.index("--from") + 1])[0] if "--from" in args[:-1] else "markdown"
    try:
        done = run_command([pandoc_path(), *args], text.encode("utf-8"), limits or Limits(None, 300.0),
                           path, f"pandoc's {reader} reader")
    except OSError as error:
        raise PipelineError(Problem(path, None, "pandoc-failed", f"could not run pandoc: {error}")) from error
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", errors="replace").strip() or "(no message)"
        raise PipelineError(Problem(path, None, "pandoc-failed",
                                    f"pandoc exited with {done.returncode}: {stderr}"))
    return done.stdout.decode("utf-8")


def pandoc_version() -> str:
    """The first line of ``pandoc --version`` ("pandoc 3.1.11"): which pandoc writes the documents."""
    return run_pandoc("", ["--version"], "pandoc --version").splitlines()[0]
