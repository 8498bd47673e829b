"""Benchmarks of the doit build: full, no-op, after one edit, each stage, peak memory, each beside
its floor measured in the same run.

    python benchmarks/run.py [--sizes real,100,1000] [--runs 5] [--large-runs 3] [--out FILE]

Sizes: "real" is the five real sources; a number is that many generated lists of 200 entries
(benchmarks/generate.py). Every figure is the median of --runs runs. Floors: pandoc parsing every
source and nothing else (two at a time, as `doit -n 2` does), loading every records file and
nothing else, and for the no-op `python -c "import doit"`. Peak memory is the largest resident set
of any process of the build. Sizes of 1,000 lists or more use --large-runs runs (a full build there
takes minutes). The merge's doubling ratio is the catalog stage alone on all the records files
against half of them, the least of three timings each.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import write_corpus  # noqa: E402
from pipeline.pandoc import pandoc_path  # noqa: E402
from pipeline.read.parse import READER  # noqa: E402

PER_LIST = 200
#: The commands run as on a maintainer's machine, where Python caches the bytecode of the modules it
#: compiles: some sandboxes and CI images set PYTHONDONTWRITEBYTECODE, which makes every `doit`
#: compile dodo.py and the modules it imports again (20-30 ms of a no-op). The floors run the same way.
MAINTAINER_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


#: CPU seconds (user + system) of the last command run by ``timed``: on a shared machine, wall
#: time grows with the load and CPU time much less, so both are reported.
LAST_CPU: list[float] = [0.0]


def timed(command: list[str], cwd: Path = ROOT) -> tuple[float, int]:
    """Run a command in a fresh wrapper process: (seconds, peak RSS bytes of its largest process);
    its CPU seconds (every process it started) go to ``LAST_CPU``."""
    script = ("import json, resource, subprocess, sys, time\n"
              "start = time.perf_counter()\n"
              "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
              "seconds = time.perf_counter() - start\n"
              "if done.returncode: sys.stderr.write(done.stderr.decode()[-2000:]); sys.exit(done.returncode)\n"
              "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
              "print(json.dumps([seconds, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime]))\n")
    done = subprocess.run([sys.executable, "-c", script, *command], cwd=cwd, capture_output=True, text=True,
                          env=MAINTAINER_ENV)
    if done.returncode:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr}")
    seconds, peak, cpu = json.loads(done.stdout)
    LAST_CPU[0] = cpu
    return seconds, peak


def doit(sources: Path, build: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), *args, f"sources={sources}", f"build={build}"]


def pandoc_floor(sources: Path) -> float:
    """pandoc alone on every source, two at a time."""
    pandoc = pandoc_path()
    files = sorted(sources.glob("*.md"))

    def one(path: Path) -> None:
        subprocess.run([pandoc, "--from", READER, "--to", "json", str(path)], stdout=subprocess.DEVNULL, check=True)

    start, before = time.perf_counter(), _children_cpu()
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(one, files))
    LAST_CPU[0] = _children_cpu() - before
    return time.perf_counter() - start


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def load_floor(build: Path) -> float:
    """Loading every records file and nothing else, in a fresh process."""
    script = ("import json, sys, time, pathlib\nstart = time.perf_counter()\n"
              "[json.loads(p.read_text(encoding='utf-8')) for p in sorted(pathlib.Path(sys.argv[1]).glob('*.json'))]\n"
              "print(time.perf_counter() - start)\n")
    done = subprocess.run([sys.executable, "-c", script, str(build / "records")], capture_output=True, text=True,
                          check=True)
    return float(done.stdout)


def merge_time(build: Path, fraction: float) -> float:
    """The catalog stage alone, in process, on the first ``fraction`` of the records files."""
    script = ("import json, sys, time, pathlib\nsys.path.insert(0, sys.argv[3])\n"
              "from pipeline.catalog.build import build_catalog\n"
              "paths = sorted(pathlib.Path(sys.argv[1]).glob('*.json'))\n"
              "paths = paths[: max(1, int(len(paths) * float(sys.argv[2])))]\n"
              "files = [json.loads(p.read_text(encoding='utf-8')) for p in paths]\n"
              "sources = [{'id': f['source']['id'], 'title': f['source']['id']} for f in files]\n"
              "start = time.perf_counter()\nbuild_catalog(files, sources)\nprint(time.perf_counter() - start)\n")
    done = subprocess.run([sys.executable, "-c", script, str(build / "records"), str(fraction), str(ROOT)],
                          capture_output=True, text=True, check=True)
    return float(done.stdout)


def measure(size: str, runs: int, work: Path) -> dict:
    sources = work / f"sources-{size}"
    build = work / f"build-{size}"
    if size == "real":
        shutil.copytree(ROOT / "sources", sources)
    else:
        write_corpus(sources, int(size), PER_LIST)
    samples: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        samples.setdefault(name, []).append(value)

    def add_timed(name: str, command: list[str]) -> int:
        seconds, peak = timed(command)
        add(name, seconds)
        cpu.setdefault(name, []).append(LAST_CPU[0])
        return peak

    cpu: dict[str, list[float]] = {}

    peaks = []
    edit_peaks = []  # a rebuild holds the caches of the build before it as well: measured apart
    for run in range(runs):
        add("pandoc floor", pandoc_floor(sources))
        cpu.setdefault("pandoc floor", []).append(LAST_CPU[0])
        shutil.rmtree(build, ignore_errors=True)
        for stage, names in (("parse", ["parse"]), ("extract", ["extract"]), ("catalog", ["catalog"]),
                             ("artifacts", ["tables", "listing", "plot", "report"])):
            peaks.append(add_timed(f"stage: {stage}", doit(sources, build, "-n", "2", *names)))
        shutil.rmtree(build, ignore_errors=True)
        peaks.append(add_timed("full build (doit -n 2)", doit(sources, build, "-n", "2")))
        # A no-op takes a fraction of a second: five of it, and five of its floor (starting Python
        # and importing doit) in turn, in every run, so that one slow start does not make the median.
        for _ in range(5):
            add_timed("no-op doit", doit(sources, build))
            add_timed("python -c 'import doit'", [sys.executable, "-c", "import doit"])
        edited = sorted(sources.glob("*.md"))[run % len(list(sources.glob("*.md")))]
        with open(edited, "a", encoding="utf-8") as handle:
            handle.write(f"\n- [An added paper {run}](https://arxiv.org/abs/2411.{run:05d})\n")
        edit_peaks.append(add_timed("doit after editing one source", doit(sources, build)))
        add("records load floor", load_floor(build))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    result = {"size": size, "sources": len(list(sources.glob("*.md"))), "runs": runs, "seconds": medians,
              "cpu_seconds": {name: statistics.median(values) for name, values in cpu.items()},
              "peak_bytes": max(peaks), "peak_bytes_after_edit": max(edit_peaks)}
    if size != "real" and int(size) >= 100:
        # The least of three timings of each half, taken in turn: a single timing moved the ratio by a
        # few hundredths from run to run, which is all the room the target has.
        halves, wholes = zip(*[(merge_time(build, 0.5), merge_time(build, 1.0)) for _ in range(3)])
        result["merge_doubling_ratio"] = min(wholes) / min(halves)
    result["ratios"] = {
        "full / pandoc floor": medians["full build (doit -n 2)"] / medians["pandoc floor"],
        "catalog / load floor": medians["stage: catalog"] / medians["records load floor"],
        "after one edit / full": medians["doit after editing one source"] / medians["full build (doit -n 2)"],
        "no-op / import doit": medians["no-op doit"] / medians["python -c 'import doit'"],
        "cpu: full / pandoc floor": result["cpu_seconds"]["full build (doit -n 2)"]
        / result["cpu_seconds"]["pandoc floor"],
        "cpu: after one edit / full": result["cpu_seconds"]["doit after editing one source"]
        / result["cpu_seconds"]["full build (doit -n 2)"],
    }
    return result


def table(results: list[dict]) -> str:
    names = list(results[0]["seconds"])
    width = max(map(len, names)) + 2 + len("cpu: ")
    lines = [f"{'lists':<{width}}" + "".join(f"{r['sources']:>16}" for r in results),
             f"{'runs (medians of)':<{width}}" + "".join(f"{r['runs']:>16}" for r in results)]
    for name in names:
        lines.append(f"{name:<{width}}" + "".join(f"{r['seconds'][name]:>16.2f}" for r in results))
    for name in results[0]["cpu_seconds"]:
        lines.append(f"{'cpu: ' + name:<{width}}" + "".join(f"{r['cpu_seconds'][name]:>16.2f}" for r in results))
    lines.append(f"{'peak memory (MiB)':<{width}}" + "".join(f"{r['peak_bytes'] / 2**20:>16.0f}" for r in results))
    lines.append(f"{'peak memory after one edit (MiB)':<{width}}" +
                 "".join(f"{r['peak_bytes_after_edit'] / 2**20:>16.0f}" for r in results))
    for ratio in results[0]["ratios"]:
        lines.append(f"{ratio:<{width}}" + "".join(f"{r['ratios'][ratio]:>15.2f}x" for r in results))
    lines.append(f"{'merge time, corpus doubled':<{width}}" +
                 "".join(f"{r['merge_doubling_ratio']:>15.2f}x" if "merge_doubling_ratio" in r else f"{'':>16}"
                         for r in results))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="real,100,1000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--large-runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "results.json")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes.split(","):
            runs = args.large_runs if size.isdigit() and int(size) >= 1000 else args.runs
            results.append(measure(size, runs, Path(folder)))
            print(f"measured {size}", file=sys.stderr, flush=True)
    text = table(results)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"results": results, "table": text, "cpus": os.cpu_count()}, indent=2) + "\n",
                        encoding="utf-8")


if __name__ == "__main__":
    main()
