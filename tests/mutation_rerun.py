"""Mutants run again, each in a fresh pytest process: ``python -m tests.mutation_rerun``.

mutmut runs its clean test run in its own process and forks every mutant's run from it, so what
the clean run cached in a module (tests/catalog_fixture.py and tests/built_catalog.py keep the five
sources' readings and the built catalog in ``functools.cache``) is inherited by each mutant's run,
made by the unmutated code: a mutant that the golden files would catch survives there. Tests are
also matched to functions by one traced run, and a session fixture's work is traced to the first
test that asked for it. So mutmut's survivors are run again here, one fresh interpreter each:

    python -m tests.mutation_rerun survivors PROJECT PATTERN TEST...
    python -m tests.mutation_rerun sample PROJECT SAMPLE_FILE OUT_FILE [--always TEST...] [--workers 2]

PROJECT is the scratch copy where `mutmut run` ran (it holds mutants/). ``survivors`` re-runs the
survivors whose name holds PATTERN against the TEST files. ``sample`` runs the mutants named in
SAMPLE_FILE (one per line, e.g. a seeded random sample of `mutmut results --all true`) against the
tests mutmut's stats run traced to their function, plus the --always files, appending
"status<TAB>name" lines to OUT_FILE (so an interrupted run can go on). A mutant is killed when
pytest fails; one whose function no test reaches is "no tests" and counts as not killed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

#: the subprocess tests, left out as in pyproject.toml's [tool.mutmut] (a fresh interpreter there
#: would see the mutant too, but they take minutes)
IGNORED = ["--ignore=tests/test_doit.py", "--ignore=tests/test_hostile.py", "--ignore=tests/test_benchmarks.py",
           "--ignore=tests/test_deps.py", "--ignore=tests/test_lazy.py"]


def run_mutant(project: Path, name: str, tests: list[str]) -> str:
    """killed, survived, timeout or no tests: pytest on ``tests`` with the mutant ``name`` switched on."""
    if not tests:
        return "no tests"
    environment = dict(os.environ, MUTANT_UNDER_TEST=name, PYTHONDONTWRITEBYTECODE="1")
    try:
        done = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:randomly",
                               "-p", "no:cacheprovider", *IGNORED, *tests], cwd=project / "mutants",
                              env=environment, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        return "timeout"
    return {0: "survived", 5: "no tests"}.get(done.returncode, "killed")


def survivors(project: Path, pattern: str) -> list[str]:
    listed = subprocess.run(["mutmut", "results"], cwd=project, capture_output=True, text=True, check=True).stdout
    return [line.split(":")[0].strip() for line in listed.splitlines()
            if line.strip().endswith(": survived") and pattern in line]


def traced_tests(project: Path) -> dict[str, list[str]]:
    stats = json.loads((project / "mutants" / "mutmut-stats.json").read_text(encoding="utf-8"))
    found: dict[str, list[str]] = stats["tests_by_mangled_function_name"]
    return found


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    again = commands.add_parser("survivors")
    again.add_argument("project", type=Path)
    again.add_argument("pattern")
    again.add_argument("tests", nargs="+")
    sample = commands.add_parser("sample")
    sample.add_argument("project", type=Path)
    sample.add_argument("sample", type=Path)
    sample.add_argument("out", type=Path)
    sample.add_argument("--always", nargs="*", default=[])
    sample.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    if args.command == "survivors":
        counts: dict[str, int] = {}
        for name in survivors(args.project, args.pattern):
            status = run_mutant(args.project, name, args.tests)
            counts[status] = counts.get(status, 0) + 1
            print(f"{status}\t{name}", flush=True)
        print(", ".join(f"{status} {count}" for status, count in sorted(counts.items())))
        return

    traced = traced_tests(args.project)
    done = {line.split("\t")[1] for line in args.out.read_text(encoding="utf-8").splitlines()} \
        if args.out.exists() else set()
    names = [line.strip() for line in args.sample.read_text(encoding="utf-8").splitlines()
             if line.strip() and line.strip() not in done]

    def one(name: str) -> tuple[str, str]:
        tests = sorted(set(traced.get(name.rsplit("__mutmut_", 1)[0], [])))
        return name, run_mutant(args.project, name, tests + args.always if tests else [])

    with args.out.open("a", encoding="utf-8") as out, ThreadPoolExecutor(args.workers) as pool:
        for name, status in pool.map(one, names):
            out.write(f"{status}\t{name}\n")
            out.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
