"""cProfile one stage's doit action in this process, on a built folder of lists.

    python benchmarks/profile_stages.py STAGE SOURCES BUILD [--lists 10] [--top 28] [--cpu | --phases]

STAGE is parse or extract (the first --lists sources), catalog (every source), or artifacts
(the seven tasks after the catalog). BUILD must hold a finished build of SOURCES (`doit
sources=SOURCES build=BUILD`); outputs go to a temporary folder. Prints the wall time and the
profile sorted by cumulative and by internal time. cProfile inflates functions that make many
small calls (a tree walk: four times its real cost); --phases times the parse stage's steps without
a profiler, pandoc's own CPU apart.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline import artifacts, paths, tasks  # noqa: E402



def stage_call(stage: str, sources: Path, build: Path, lists: int, out: Path) -> Callable[[], object]:
    documents = sorted(sources.glob("*.md"))
    records = [build / "records" / f"{path.stem}.json" for path in documents]
    papers = build / "catalog" / "papers.json"
    calls: dict[str, Callable[[], object]] = {
        "parse": lambda: [tasks.parse_source(path, out / f"{path.stem}.json") for path in documents[:lists]],
        "extract": lambda: [tasks.extract_source(build / "ast" / f"{path.stem}.json", out / f"{path.stem}.json")
                            for path in documents[:lists]],
        # out/catalog/papers.json: the pair cache goes to out/cache, as build/cache beside build/catalog
        "catalog": lambda: tasks.build_catalog(records, sources, out / "catalog" / "papers.json"),
        "artifacts": lambda: [artifacts.write_tables(papers, out),
                              artifacts.write_listing(papers, out / "papers.md", out / paths.LISTING_CACHE),
                              artifacts.write_plot(papers, out / "overlap.png", out / paths.PLOT_CACHE),
                              artifacts.write_report(papers, records, out / "report.json", out / "report.md",
                                                     out / paths.REPORT_CACHE, out / paths.REPORT_TEXT_CACHE),
                              artifacts.write_citations(papers, out / "papers.bib", out / "papers.csl.json"),
                              artifacts.write_database(papers, out / "papers.db", out / "metadata.json"),
                              artifacts.write_webpage(papers, out / "index.html")],
    }
    return calls[stage]


def stage_cpu(stage: str, sources: Path, build: Path, lists: int) -> float:
    """The least CPU time of three runs of the stage, children included (parse and extract fork one per source)."""
    def cpu() -> float:
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    best = float("inf")
    for _run in range(3):
        with tempfile.TemporaryDirectory() as folder, contextlib.redirect_stderr(io.StringIO()):
            call = stage_call(stage, sources, build, lists, Path(folder))
            start = cpu()
            call()
            best = min(best, cpu() - start)
    return best


def parse_phases(sources: Path, lists: int) -> dict[str, float]:
    """CPU seconds of each step of the parse stage over the first ``lists`` sources, as
    tasks._parse_to_file runs them, without a profiler; "pandoc" is the CPU of its processes."""
    import gc

    from pipeline import files
    from pipeline.read.crosscheck import crosscheck
    from pipeline.read.github import github_view
    from pipeline.read.parse import decode_source, parse_markdown
    from pipeline.read.prescan import prescan

    def children() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    totals: dict[str, float] = {}

    def timed(name: str, step: Callable[[], T]) -> T:
        start, start_children = time.process_time(), children()
        result = step()
        totals[name] = totals.get(name, 0.0) + time.process_time() - start
        if children() > start_children:
            totals["pandoc"] = totals.get("pandoc", 0.0) + children() - start_children
        return result

    gc.disable()  # as the stage runs (tasks._collector_paused)
    for path in sorted(sources.glob("*.md"))[:lists]:
        data = path.read_bytes()
        text, _problems = timed("decode", lambda: decode_source(data, path.name))
        timed("prescan", lambda: prescan(text, path.name, len(data)))
        view = timed("github view (cmark-gfm)", lambda: github_view(text))
        ast = timed("parse (Python side)", lambda: parse_markdown(text, path.name, view))
        timed("cross-check (mistune + counts)", lambda: crosscheck(text, ast, path.name))
        timed("write (JSON encode)", lambda: files.dumps_bytes({"ast": ast, "github": view}, compact=True))
    gc.enable()
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=("parse", "extract", "catalog", "artifacts"))
    parser.add_argument("sources", type=Path)
    parser.add_argument("build", type=Path)
    parser.add_argument("--lists", type=int, default=10)
    parser.add_argument("--top", type=int, default=28)
    parser.add_argument("--cpu", action="store_true",
                        help="no profile: the CPU seconds of the stage run as doit runs it, a child per source")
    parser.add_argument("--phases", action="store_true", help="parse only: CPU seconds per step, no profiler")
    args = parser.parse_args()
    if args.phases:
        if args.stage != "parse":
            parser.error("--phases times the parse stage")
        totals = parse_phases(args.sources, args.lists)
        for name, seconds in sorted(totals.items(), key=lambda item: -item[1]):
            print(f"{name:32s} {seconds:7.2f} CPU s")
        print(f"{'total':32s} {sum(totals.values()):7.2f} CPU s")
        return
    if args.cpu:
        print(f"{args.stage}: {stage_cpu(args.stage, args.sources, args.build, args.lists):.2f} CPU s "
              f"(this process and its children, best of 3)")
        return
    # parse and extract run their work in a forked child (pipeline/limits.py), out of cProfile's
    # sight: here it runs in this process, so the profile shows it, but not what each child
    # repeats (a cache filled in the child is lost with it): --cpu measures that.
    tasks.run_bounded = lambda work, limits, path, stage: work()  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as folder:
        call = stage_call(args.stage, args.sources, args.build, args.lists, Path(folder))
        profile = cProfile.Profile()
        start = time.perf_counter()
        with contextlib.redirect_stderr(io.StringIO()):  # the stages' own problem lines
            profile.runcall(call)
        seconds = time.perf_counter() - start
    print(f"{args.stage}: {seconds:.2f} s under cProfile")
    stats = pstats.Stats(profile, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top // 2)


if __name__ == "__main__":
    main()
