"""Score ``pipeline.match.same_paper.same_paper`` on the public bibliographic matching benchmarks.

Reads the labelled pairs of ``shared/bibmatch/<dataset>/<split>.txt`` (DBLP-ACM, DBLP-Scholar,
as the Ditto release serializes them), decides each pair with ``same_paper`` and prints precision,
recall and F1 of the "same paper" class, the rules that decided, and the errors.

    python benchmarks/bibmatch.py [--split valid] [--errors 20] [--dataset DBLP-ACM]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.match.same_paper import Decision, same_paper  # noqa: E402

DATASETS = ("DBLP-ACM", "DBLP-GoogleScholar")
_FIELD = re.compile(r"COL (\w+) VAL ?(.*?)(?= COL \w+ VAL|$)")


def read_record(text: str) -> dict[str, Any]:
    """One side of a pair ("COL title VAL … COL year VAL 1999") -> {"title", "authors", "venue", "year"}.

    >>> read_record("COL title VAL a b COL authors VAL x , y COL venue VAL  COL year VAL 1986.0 ")
    {'title': 'a b', 'authors': 'x , y', 'venue': '', 'year': '1986.0'}
    """
    return {name: value.strip() for name, value in _FIELD.findall(text)}


def read_pairs(text: str) -> list[tuple[dict[str, Any], dict[str, Any], bool]]:
    """The labelled pairs of one split file: (left, right, same paper?)."""
    pairs = []
    for line in text.splitlines():
        if not line.strip():
            continue
        left, right, label = line.split("\t")
        pairs.append((read_record(left), read_record(right), label.strip() == "1"))
    return pairs


@dataclass
class Score:
    """Counts of one run, with the wrongly decided pairs."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    rules: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[bool, Decision, dict[str, Any], dict[str, Any]]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(pairs: list[tuple[dict[str, Any], dict[str, Any], bool]]) -> Score:
    """Decide every pair with ``same_paper`` and count the outcomes."""
    result = Score()
    for left, right, label in pairs:
        decision = same_paper(left, right)
        result.rules[f"{'same' if decision else 'different'} {decision.rule}"] += 1
        if decision and label:
            result.tp += 1
        elif decision:
            result.fp += 1
            result.errors.append((label, decision, left, right))
        elif label:
            result.fn += 1
            result.errors.append((label, decision, left, right))
        else:
            result.tn += 1
    return result


def bibmatch_dir() -> Path | None:
    """shared/bibmatch, found as the tests find it (tests/shared_data.py), or None."""
    from tests.shared_data import shared_dir

    root = shared_dir()
    return root / "bibmatch" if root is not None and (root / "bibmatch").is_dir() else None


def _show(record: dict[str, Any]) -> str:
    return f"{record.get('title')!r} | {record.get('authors')!r} | {record.get('venue')!r} | {record.get('year')!r}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="valid")
    parser.add_argument("--dataset", action="append", choices=DATASETS)
    parser.add_argument("--errors", type=int, default=20, help="errors to print per dataset")
    parser.add_argument("--rules", action="store_true", help="print how often each rule decided")
    args = parser.parse_args(argv)
    folder = bibmatch_dir()
    if folder is None:
        print("shared/bibmatch is not beside the repository (set PAPERLISTS_SHARED)", file=sys.stderr)
        return 1
    for dataset in args.dataset or DATASETS:
        path = folder / dataset / f"{args.split}.txt"
        result = score(read_pairs(path.read_text(encoding="utf-8")))
        print(f"{dataset} {args.split}: P {100 * result.precision:.2f} R {100 * result.recall:.2f} "
              f"F1 {100 * result.f1:.2f} (tp {result.tp}, fp {result.fp}, fn {result.fn}, tn {result.tn})")
        if args.rules:
            for rule, count in sorted(result.rules.items()):
                print(f"  {count:>6}  {rule}")
        for label, decision, left, right in result.errors[: args.errors]:
            print(f"  {'FN' if label else 'FP'} {decision.rule} {decision.score}")
            print(f"     {_show(left)}")
            print(f"     {_show(right)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
