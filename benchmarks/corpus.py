"""A deterministic generator of synthetic paper lists, shaped like the real ones.

A pool of papers (titles from a research vocabulary, some with short-name prefixes, arXiv ids,
DOIs) is cited by N lists of M entries each. Lists overlap the way awesome lists do: popular
papers appear in many lists. Each mention varies the title (case, typos, a dropped "NAME:"
prefix, mojibake, read marks, quotes) and the link (arXiv abs/pdf/vN, DOI, code-only).
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass

WORDS = ("large language models recommendation sequential graph knowledge retrieval generative "
         "conversational explainable personalized contrastive federated multimodal news session "
         "click-through prediction ranking agents alignment tuning prompting instruction embedding "
         "collaborative filtering cold-start user modeling item representation transfer learning "
         "diffusion reasoning benchmark evaluation fairness bias privacy efficient scalable unified "
         "framework towards via with for of in and a the on towards zero-shot few-shot lifelong "
         "industrial e-commerce video music job point-of-interest denoising distillation adapter").split()
PREFIXES = ("Rec", "LLM", "GPT", "Gen", "Graph", "Agent", "Chat", "Tiny", "Uni", "Meta")


@dataclass(frozen=True)
class Paper:
    title: str
    short: str | None
    arxiv: str | None
    doi: str | None
    year: int
    venue: str


@dataclass(frozen=True)
class Mention:
    title: str
    short: str | None
    url: str | None
    code: str | None
    year: int
    venue: str


def make_pool(size: int, rng: random.Random) -> list[Paper]:
    pool = []
    for number in range(size):
        words = rng.sample(WORDS, rng.randint(5, 11))
        title = " ".join(words).capitalize()
        short = None
        if rng.random() < 0.4:
            short = rng.choice(PREFIXES) + rng.choice(("Rec", "LM", "Net", "Former", "Bench")) + str(number % 97)
            title = f"{short}: {title}"
        year = rng.randint(2019, 2024)
        arxiv = f"{year % 100:02d}{rng.randint(1, 12):02d}.{number:05d}" if rng.random() < 0.75 else None
        doi = f"10.1145/{3500000 + number}.{rng.randint(1000000, 9999999)}" if rng.random() < 0.35 else None
        pool.append(Paper(title, short, arxiv, doi, year, rng.choice(("RecSys", "SIGIR", "WWW", "KDD", "arXiv"))))
    return pool


def _typo(text: str, rng: random.Random) -> str:
    if len(text) < 10:
        return text
    at = rng.randrange(5, len(text) - 2)
    return text[:at] + text[at + 1] + text[at] + text[at + 2:]


def vary(paper: Paper, rng: random.Random) -> Mention:
    title = paper.title
    roll = rng.random()
    if roll < 0.15:
        title = title.lower()
    elif roll < 0.25:
        title = title.title()
    elif roll < 0.32:
        title = _typo(title, rng)
    elif roll < 0.37 and paper.short:
        title = title.split(": ", 1)[1]
    elif roll < 0.40:
        title = title.replace(" ", "  ", 1)
    if rng.random() < 0.02:
        title = title.replace("-", "â€“")
    url: str | None = None
    if paper.arxiv and rng.random() < 0.8:
        url = rng.choice((f"https://arxiv.org/abs/{paper.arxiv}", f"https://arxiv.org/pdf/{paper.arxiv}",
                          f"https://arxiv.org/pdf/{paper.arxiv}v2.pdf", f"http://arxiv.org/abs/{paper.arxiv}v1"))
    elif paper.doi and rng.random() < 0.8:
        url = rng.choice((f"https://dl.acm.org/doi/abs/{paper.doi}", f"https://doi.org/{paper.doi}"))
    # crc32, not hash(): str hashes change from one process to the next, and the corpus must not
    lab = zlib.crc32(paper.title.encode("utf-8")) % 1000
    code = f"https://github.com/lab{lab}/{(paper.short or 'code').lower()}" if rng.random() < 0.3 else None
    return Mention(title, paper.short, url, code, paper.year, paper.venue)


def make_lists(lists: int, per_list: int, seed: int = 7) -> list[list[Mention]]:
    """``lists`` lists of ``per_list`` mentions; about one mention in five is a paper's only one."""
    rng = random.Random(seed)
    pool = make_pool(max(per_list * 2, lists * per_list // 5), rng)
    # Zipf-like popularity: a few papers are cited everywhere, most by a handful of lists.
    weights = [1.0 / (rank + 10) for rank in range(len(pool))]
    out = []
    for _ in range(lists):
        chosen = rng.choices(pool, weights=weights, k=per_list)
        out.append([vary(paper, rng) for paper in chosen])
    return out
