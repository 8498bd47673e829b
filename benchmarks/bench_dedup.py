"""Deduplication at scale: 200,000 mentions from 1,000 generated lists.

Prints the time and peak memory of building the catalog beside the floor, the time to merely
load the same records from JSON, and their ratio. Each figure runs in a fresh process.

    python benchmarks/bench_dedup.py [--lists 1000] [--per-list 200]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import make_lists  # noqa: E402


def records_files(lists: int, per_list: int) -> list[dict]:
    """The generated lists as the extract stage writes them (only the fields dedup reads)."""
    from pipeline.records.identifiers import from_url

    files = []
    for number, mentions in enumerate(make_lists(lists, per_list)):
        source = f"list-{number:04d}"
        records = []
        for line, mention in enumerate(mentions, start=1):
            ids = from_url(mention.url)[0] if mention.url else {}
            records.append({
                "id": f"{source}:{line}", "source": {"id": source, "file": f"{source}.md", "line": line},
                "kind": "paper", "title": mention.title, "short_name": mention.short, "year": mention.year,
                "venue": mention.venue, "identifiers": ids, "section": ["Papers"], "attributes": {},
                "notes": None, "links": [{"label": "paper", "url": mention.url}] if mention.url else [],
                "urls": {"paper": mention.url, "code": mention.code, "other": []},
            })
        files.append({"source": {"id": source, "path": f"{source}.md", "sha256": "0" * 64},
                      "records": records, "counts": {"records": len(records)}})
    return files


def _child(mode: str, path: str) -> None:
    start = time.perf_counter()
    files = json.loads(Path(path).read_text(encoding="utf-8"))
    if mode == "dedup-half":
        files, mode = files[: len(files) // 2], "dedup"
    if mode == "dedup":
        from pipeline.catalog.build import build_catalog

        sources = [{"id": f["source"]["id"], "title": f["source"]["id"]} for f in files]
        catalog, _problems = build_catalog(files, sources)
        extra = catalog["counts"]
    else:
        extra = {"mentions": sum(len(f["records"]) for f in files)}
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"seconds": seconds, "peak_bytes": peak, **extra}))


def measure(mode: str, path: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", mode, str(path)], capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists", type=int, default=1000)
    parser.add_argument("--per-list", type=int, default=200)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "records.json"
        path.write_text(json.dumps(records_files(args.lists, args.per_list)), encoding="utf-8")
        load = measure("load", path)
        dedup = measure("dedup", path)
        half = measure("dedup-half", path)
    print(f"{'step':<12}{'seconds':>10}{'peak MiB':>10}")
    print(f"{'load (floor)':<12}{load['seconds']:>10.2f}{load['peak_bytes'] / 2**20:>10.0f}")
    print(f"{'dedup':<12}{dedup['seconds']:>10.2f}{dedup['peak_bytes'] / 2**20:>10.0f}")
    print(f"mentions {load['mentions']:,}, papers {dedup['papers']:,}, "
          f"in two or more lists {dedup['papers_in_two_or_more_lists']:,}, conflicts {dedup['conflicts']:,}")
    print(f"ratio dedup / load: {dedup['seconds'] / load['seconds']:.1f}x "
          f"(targets: dedup under 60 s and 2 GiB)")
    print(f"dedup of half the lists: {half['seconds']:.2f} s; doubling the corpus costs "
          f"{dedup['seconds'] / half['seconds']:.2f}x (target: at most 2.1x, issue 13)")


if __name__ == "__main__":
    main()
