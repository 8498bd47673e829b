"""Whether two mentions are the same paper: the pairwise rule, its vetoes and the evidence it weighs.

The rule, in the order it is applied (``same_paper``):

1. A shared identifier (arXiv id, DOI, OpenReview id, …) links two mentions when their titles
   agree. When the titles differ the *title decides*: titles that still share most of their words
   are one paper renamed between versions (kept together, the other title becomes an alias);
   unrelated titles mean one of the links is wrong ("wrong-link"), and they are kept apart.
2. Vetoes: two different arXiv ids, two different non-arXiv DOIs, two dated references to
   different venue series (``pipeline.entries.venues``), one venue in two years, different names before a
   colon, one short name on two different titles, a column's title ("Editorial") without the same
   year, complete author lists with no person in common (``pipeline.match.people``), years far apart
   while the titles differ.
3. Equal normalized titles, or titles (or titles without a ``NAME:`` prefix) near-identical by
   rapidfuzz's ratio, are one paper; so are a title and its core behind a few other words, and,
   beside a shared author or the same venue and year, titles as citations write them
   (``pipeline.match.titles``: names, years and venue text around them, asides, cut or reordered words).
Clusters are built in ``pipeline.catalog.cluster``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import AbstractSet, Any, Mapping, TypedDict

from rapidfuzz import fuzz

from pipeline.records import identifiers as ids
from pipeline.match.people import compare_authors, surname_test
from pipeline.match.titles import (COLUMN_WORDS, RESIDUE_WORDS, expand_abbreviations, is_column_title, looks_cut,
                                   normalize_title, strip_citation, title_core)
from pipeline.text import name_prefix
from pipeline.entries.venues import compare_venues, periodical, same_family

FUZZY = 93.0  # ratio of normalized titles above which two titles are one (typos, plurals, "(LLMs)")
RENAME = 60.0  # token-set ratio under which titles sharing an identifier are unrelated
AUTHOR_FUZZY = 85.0  # with overlapping authors, a lower title ratio is enough
MIN_FUZZY_LENGTH = 15  # shorter titles ("MoRec", "P5") must match exactly
YEARS_APART = 2


IdPairs = frozenset[tuple[str, str]]


class Mention(TypedDict, total=False):
    """A mention as matching reads it (every key optional: ``{"title": ...}`` alone will do)."""

    title: str
    year: Any
    venue: str | None
    authors: Any
    short_name: str | None
    identifiers: Mapping[str, Any]
    urls: Any
    #: a unique key ("source:line"), which orders pairs and clusters (pipeline.catalog.cluster)
    key: str
    #: the mention's content, ordering equally strong unions independently of line numbers
    order: str
    #: the (scheme, value) pairs of ``identifier_set``, when the caller has read them already
    #: (pipeline.catalog.cluster does, once, and takes wrong links out of them)
    ids: IdPairs


@dataclass(frozen=True)
class Decision:
    """Why two mentions are, or are not, one paper. Truthy when they are."""

    same: bool
    rule: str
    score: float

    def __bool__(self) -> bool:
        return self.same


def identifier_set(mention: Mapping[str, Any]) -> set[tuple[str, str]]:
    """(scheme, value) pairs from a mention's ``identifiers`` and the identifiers in its ``urls``."""
    found: set[tuple[str, str]] = set()
    given = mention.get("identifiers") or {}
    for scheme, value in given.items():
        if scheme not in ids.SCHEMES or not isinstance(value, str) or not value:
            continue
        if scheme == "arxiv":  # "arXiv:2305.19860v2", an abs URL or a bare id
            parsed = ids.arxiv(value)
            value = parsed[0] if parsed else value
        elif scheme == "doi":  # "https://doi.org/10.1145/…", "doi:10.1145/…" or a bare DOI
            value = ids.doi(value) or value.lower()
        found.add((scheme, value))
    for url in _urls(mention.get("urls")):
        for scheme, value in ids.from_url(url)[0].items():
            if scheme in ids.SCHEMES:
                found.add((scheme, value))
    return found


def _urls(urls: Any) -> list[str]:
    if not urls:
        return []
    if isinstance(urls, str):
        return [urls]
    if isinstance(urls, Mapping):
        values: list[str] = []
        for value in urls.values():
            values.extend(_urls(value))
        return values
    return [url for url in urls if isinstance(url, str)]


def _year(value: Any) -> int | None:
    try:
        year = int(float(value))
    except (TypeError, ValueError, OverflowError):
        return None
    return year if 1000 <= year <= 3000 else None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


MIN_CORE_WORDS = 4  # "Spatial Databases: A Survey" and "Temporal Databases: A Survey" share a core of two


def title_similarity(a: str, b: str) -> float:
    """The best of the ratio of the normalized titles and of their cores (no ``NAME:`` prefix);
    cores count only when both keep at least MIN_CORE_WORDS words."""
    na, nb = normalize_title(a), normalize_title(b)
    if na == nb:
        return 100.0
    core_a, core_b = title_core(a), title_core(b)
    if min(len(core_a.split()), len(core_b.split())) < MIN_CORE_WORDS:
        return fuzz.ratio(na, nb)
    return max(fuzz.ratio(na, nb), fuzz.ratio(core_a, core_b))


def same_paper(a: Mention | Mapping[str, Any], b: Mention | Mapping[str, Any]) -> Decision:
    """Decide whether two bibliographic records are one paper.

    Each is a plain mapping with ``title`` and, when known, ``year``, ``venue``, ``authors``
    (names), ``short_name``, ``identifiers`` ({scheme: value}) and ``urls`` (a URL, a list, or a
    mapping of lists). The decision carries the rule that decided and a score in 0..1.

    >>> same_paper({"title": "LLaRA: Large Language-Recommendation Assistant"},
    ...            {"title": "LLaRA: large language-recommendation assistant ✅"})
    Decision(same=True, rule='title-exact', score=1.0)
    """
    title_a, title_b = _text(a.get("title")), _text(b.get("title"))
    similarity = title_similarity(title_a, title_b) if title_a and title_b else 0.0
    ids_a = a["ids"] if "ids" in a else identifier_set(a)
    ids_b = b["ids"] if "ids" in b else identifier_set(b)
    shared = sorted(ids_a & ids_b)
    if shared and title_a and title_b:
        scheme = shared[0][0]
        if similarity >= FUZZY:
            return Decision(True, f"identifier:{scheme}", 1.0)
        overlap = fuzz.token_set_ratio(normalize_title(title_a), normalize_title(title_b))
        if overlap >= RENAME:
            return Decision(True, f"identifier:{scheme}+renamed", round(overlap / 100, 3))
        return Decision(False, "wrong-link", round(overlap / 100, 3))
    if shared:
        return Decision(True, f"identifier:{shared[0][0]}", 1.0)
    evidence = _Evidence(a, b, similarity)
    veto = _veto(a, b, ids_a, ids_b, evidence)
    if veto:
        return Decision(False, veto, round(similarity / 100, 3))
    exact = normalize_title(title_a) == normalize_title(title_b) and bool(normalize_title(title_a))
    if exact:
        return Decision(True, "title-exact", 1.0)
    long_enough = min(len(normalize_title(title_a)), len(normalize_title(title_b))) >= MIN_FUZZY_LENGTH
    if long_enough and similarity >= FUZZY:
        return Decision(True, "title-fuzzy", round(similarity / 100, 3))
    if _same_core(title_a, title_b, named_only=True):
        return Decision(True, "title-core", round(similarity / 100, 3))
    if long_enough and evidence.authors == "shared":
        if similarity >= AUTHOR_FUZZY and not _name_missing(title_a, title_b):
            return Decision(True, "title-fuzzy+authors", round(similarity / 100, 3))
        # Catalogues cut long titles short ("… for large scale"): a prefix of 25 characters or
        # more, by the same authors, is the same paper.
        short, full = sorted((normalize_title(title_a), normalize_title(title_b)), key=len)
        if len(short) >= 25 and full.startswith(short):
            return Decision(True, "title-prefix+authors", round(similarity / 100, 3))
    noisy = _noisy_titles(title_a, title_b, a, b, evidence)
    if noisy:
        return Decision(True, noisy, round(similarity / 100, 3))
    return Decision(False, "different-titles", round(similarity / 100, 3))


def titles_agree(a: str, b: str) -> bool:
    return title_similarity(a, b) >= FUZZY or _same_core(a, b)


def _same_core(a: str, b: str, named_only: bool = False) -> bool:
    """One title is the other's core behind at most three other words: "IDGenRec: LLM-RecSys
    Alignment with Textual ID Learning" and "Towards LLM-RecSys Alignment with Textual ID Learning"."""
    for one, other in ((a, b), (b, a)):
        if named_only and _name_before_colon(one) is None:
            continue  # "Mining generalized association rules" is not "Fast algorithms for mining …"
        core, full = title_core(one), normalize_title(other)
        if len(core.split()) >= MIN_CORE_WORDS and core != full and full.endswith(" " + core) and \
                len(full[: -len(core)].split()) <= 3:
            return True
    return False


class _Evidence:
    """What the fields other than the title say about a pair, read once per pair."""

    __slots__ = ("similarity", "authors", "venues", "same_family", "year_a", "year_b")

    def __init__(self, a: Mapping[str, Any], b: Mapping[str, Any], similarity: float) -> None:
        self.similarity = similarity
        self.authors = compare_authors(a.get("authors"), b.get("authors")) \
            if a.get("authors") and b.get("authors") else "unknown"
        venue_a, venue_b = _text(a.get("venue")), _text(b.get("venue"))
        self.venues = compare_venues(venue_a, venue_b) if venue_a and venue_b else "unknown"
        self.same_family = self.venues == "different" and same_family(venue_a, venue_b)
        self.year_a, self.year_b = _year(a.get("year")), _year(b.get("year"))

    @property
    def same_year(self) -> bool:
        return self.year_a is not None and self.year_a == self.year_b

    @property
    def citation_match(self) -> bool:
        """Title, venue and year all agree: the reference is the same whatever its author field says
        (citation catalogues garble authors: "acms anthology", given names for surnames). Not for a
        column's title, which recurs in every issue of the year."""
        return self.similarity >= FUZZY and self.venues == "same" and self.same_year


def _veto(a: Mapping[str, Any], b: Mapping[str, Any], ids_a: AbstractSet[tuple[str, str]],
          ids_b: AbstractSet[tuple[str, str]], evidence: _Evidence) -> str | None:
    similarity = evidence.similarity
    for scheme in ("arxiv", "doi"):
        values_a = {value for kind, value in ids_a if kind == scheme}
        values_b = {value for kind, value in ids_b if kind == scheme}
        if values_a and values_b and not values_a & values_b:
            return f"veto:different-{scheme}"
    # A conference paper and its journal version, or two venues, are two publications; a
    # preprint server or a report may precede either (compare_venues says "unknown" then). Only
    # dated references count: a venue without its year is a loose citation, often of another version.
    # A society's conference and its magazine in one year (SIGMOD and SIGMOD Record) carry the same
    # panel or demonstration twice: that is no evidence either way.
    if evidence.venues == "different" and evidence.year_a is not None and evidence.year_b is not None and \
            not (evidence.same_year and evidence.same_family):
        return "veto:different-venues"
    # One series publishes a title once a year at most: the same venue in two years is two papers
    # (recurring columns: "book review column", "reminiscences on influential papers").
    # A journal's volume year and its online year differ by one between catalogues; a conference's do not.
    if evidence.venues == "same" and evidence.year_a is not None and evidence.year_b is not None and \
            evidence.year_a != evidence.year_b and \
            (abs(evidence.year_a - evidence.year_b) > 1 or not periodical(_text(a.get("venue")))):
        return "veto:same-venue-other-year"
    title_a, title_b = _text(a.get("title")), _text(b.get("title"))
    if _different_names(title_a, title_b):
        return "veto:different-names"
    if similarity < 100.0:
        # One model name is used for several works ("RecGPT", "LLMRec"): a shared short name with
        # titles that differ once the name is set aside is two papers, however alike the rest.
        short_a = _text(a.get("short_name")).casefold()
        short_b = _text(b.get("short_name")).casefold()
        if short_a and short_a == short_b and not _same_core(title_a, title_b) and \
                fuzz.ratio(title_core(title_a), title_core(title_b)) < FUZZY:
            return "veto:short-name-collision"
    if evidence.authors == "none-shared" and not (evidence.citation_match and not _is_column(title_a)):
        return "veto:different-authors"
    # Years far apart separate differing titles, and equal titles too short to name one paper
    # ("Editorial", "Introduction to the special issue").
    generic = len(normalize_title(title_a).split()) < MIN_CORE_WORDS
    if similarity < 100.0 or generic:
        year_a, year_b = evidence.year_a, evidence.year_b
        if year_a is not None and year_b is not None and abs(year_a - year_b) > YEARS_APART:
            return "veto:years-apart"
    # "Editorial", "Guest editor's introduction": a column's title names no one work, so only
    # the same year (and no other field against it) makes two of them one.
    if not evidence.same_year and (_is_column(title_a) or _is_column(title_b)):
        return "veto:recurring-title"
    return None


NAME_FUZZY_CONTAINED = 90.0  # a name found this closely inside the other title is there ("workoholics")
NAME_FUZZY = 70.0  # names before a colon less alike than this are two names ("geominer", "multimediaminer")
def _is_column(title: str) -> bool:
    return is_column_title(normalize_title(title))


@lru_cache(maxsize=200_000)
def _name_before_colon(title: str) -> str | None:
    """"geominer" in "GeoMiner: a system prototype …"; a genre before the colon ("Tutorial:", "Extended
    version:", "Editorial:") names nothing."""
    found = name_prefix(title)
    if found and len(found[0].split()) <= 3:
        name = normalize_title(found[0])
        if name and not set(name.split()) <= RESIDUE_WORDS | COLUMN_WORDS:
            return name
    return None


def _name_missing(a: str, b: str) -> bool:
    """One title opens with a name ("Prospector: …") that the other does not hold anywhere ("A Teradata
    content-based …"): the name is what identifies the work, so only a close match may do without it."""
    for one, other in ((a, b), (b, a)):
        name = _name_before_colon(one)
        if name and _name_before_colon(other) is None and \
                fuzz.partial_ratio(name, normalize_title(other)) < NAME_FUZZY_CONTAINED:
            return True
    return False


def _different_names(a: str, b: str) -> bool:
    """Both titles open with a name ("GeoMiner: …", "MultiMediaMiner: …") and the names differ; a name
    that only adds words to the other ("Index research (panel session):") is the same name."""
    if not (":" in a or "：" in a) or not (":" in b or "：" in b):
        return False
    name_a, name_b = _name_before_colon(a), _name_before_colon(b)
    if not name_a or not name_b or name_a == name_b:
        return False
    words_a, words_b = set(name_a.split()), set(name_b.split())
    if words_a <= words_b or words_b <= words_a:
        return False
    return fuzz.ratio(name_a, name_b) < NAME_FUZZY


MIN_CONTAINED = 12  # characters of the shorter title, spaces set aside, for containment to count
CONTAINED = 95.0  # rapidfuzz partial ratio for "the shorter title is inside the longer" (cut words)
REORDERED = 90.0  # token-sort ratio for the same words in another order
CUT = 90.0  # ratio of a title cut short to the start of the full one (cut words, misread letters)
MIN_CUT = 25  # characters a cut title keeps at least


def _no_surname(word: str) -> bool:
    return False


@lru_cache(maxsize=200_000)
def _stripped(title: str) -> str:
    return strip_citation(title, _no_surname)


def _noisy_titles(title_a: str, title_b: str, a: Mapping[str, Any], b: Mapping[str, Any],
                  evidence: _Evidence) -> str | None:
    """Titles as catalogues built from citations write them (``pipeline.match.titles.strip_citation``
    takes away names, years, venue text, asides and mojibake around them): equal once cleaned; or,
    beside a shared author or the same venue and year, alike, reordered, one inside the other next
    to names, a year or venue words, or one cut short."""
    if a.get("authors") or b.get("authors"):
        is_surname = surname_test(a.get("authors"), b.get("authors"))
        stripped_a, stripped_b = strip_citation(title_a, is_surname), strip_citation(title_b, is_surname)
    else:  # the lists' mentions: no names to find, so each title is cleaned once
        is_surname = _no_surname
        stripped_a, stripped_b = _stripped(title_a), _stripped(title_b)
    clean_a = expand_abbreviations(normalize_title(stripped_a))
    clean_b = expand_abbreviations(normalize_title(stripped_b))
    if not clean_a or not clean_b:
        return None
    if clean_a == clean_b and len(clean_a.split()) >= MIN_CORE_WORDS:
        return "title-cleaned"
    if evidence.authors == "shared":
        backing = "+authors"
    elif evidence.venues == "same" and evidence.same_year:
        backing = "+venue"
    else:
        return None
    if _name_missing(stripped_a, stripped_b):
        return None
    if clean_a == clean_b or fuzz.ratio(clean_a, clean_b) >= AUTHOR_FUZZY:
        return "title-cleaned" + backing
    if fuzz.token_sort_ratio(clean_a, clean_b) >= REORDERED:
        return "title-reordered" + backing
    short, full = sorted((clean_a, clean_b), key=len)
    if len(short) >= MIN_CUT and full.startswith(short + " "):
        return "title-prefix" + backing
    if looks_cut(short) and len(short) >= MIN_CUT and fuzz.ratio(short, full[: len(short)]) >= CUT:
        return "title-cut" + backing
    compact_short, compact_full = short.replace(" ", ""), full.replace(" ", "")
    if len(compact_short) < MIN_CONTAINED or len(short.split()) < 2 or \
            fuzz.partial_ratio(compact_short, compact_full) < CONTAINED:
        return None
    words = set(short.split())
    residue = [word for word in full.split() if word not in words]
    if any(word in RESIDUE_WORDS or is_surname(word) or re.fullmatch(r"(19|20)\d\d", word) for word in residue):
        return "title-in-citation" + backing
    return None
