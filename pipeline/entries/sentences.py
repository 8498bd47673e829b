"""A citation's text -> its sentences, and what each one is: a venue or date, an author list, or other.

``pipeline.entries.citation`` reads an entry from these: the first run of "other" sentences is its
title. A sentence ends at a full stop, question or exclamation mark followed by a space (not after an
initial, "vs", "e.g.", "i.e." or "No"), or at "。"; one starting in lower case continues the last.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.entries import venues
from pipeline.entries.authors import ET_AL, TITLE_WORDS, author_list, strong_names

_SENTENCE_END = re.compile(r"(?<![\s.(\-][A-Z])(?<!^[A-Z])(?<!\bvs)(?<!\be\.g)(?<!\bi\.e)(?<!\bNo)(?:[.?!]+[\"”’]?\s+|。\s*)(?=\S)")
VENUE_SENTENCE = re.compile(r"^In\s|\b(?:Proceedings|Conference|Transactions|Journal|Workshop|Symposium|"
                             r"Lectures|Publishers|preprint)\b")
#: "Information, 11(8), 388", "GeoInformatica, 1-19": a journal with its volume, issue or pages
JOURNAL_VOLUME = re.compile(r"^[A-Z][^,]{1,80},\s*(?:\d+(?:\(\d+\))?,\s*)?\d+(?:[-–]\d+)?$")
_YEAR_IN = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_VENUE_LEAD = re.compile(r"^(?:in\s+)?(?:(?:the\s+)?proceedings\s+of\s+(?:the\s+)?)?", re.IGNORECASE)
_BRACKETED_YEAR = re.compile(r"(?<=\S)\s*\((?P<year>(?:19|20)\d{2})\)(?=[\s.]*$)")
YEAR_ONLY = re.compile(r"^\(?(?P<year>(?:19|20)\d{2})[a-z]?\)?$")


def classify(sentence: str, first: bool) -> tuple[str, object]:
    """("venue", Venue) / ("authors", names) / ("other", None) for one sentence."""
    bare = sentence.strip(" *_.")
    if (found := venue_of(bare)) is not None:
        return "venue", found
    if not first and (VENUE_SENTENCE.search(bare) or JOURNAL_VOLUME.search(bare)):
        return "venue", venue_sentence(bare)
    if first and (names := author_list(bare, single=False)) and (len(names) >= 3 or strong_names(names)):
        return "authors", names  # "Jane Doe, John Roe, Li Chen. 2021. Title."
    if not first or ET_AL.search(bare):
        names = author_list(bare, single=not first)
        if names:
            return "authors", names
        words = bare.split()
        for size in (1, 2, 3):  # "Kenton Lee, Ming-Wei Chang ACL 2019": names, then the venue
            found = venue_of(" ".join(words[-size:])) if len(words) > size else None
            if found and found.year and (names := author_list(" ".join(words[:-size]), single=not first)):
                return "authors+venue", (names, found)
    return "other", None


def venue_sentence(text: str) -> venues.Venue:
    """A long venue sentence: "In 2020 IEEE 36th International Conference on Data Engineering (ICDE)",
    "IEEE Transactions on Industrial Informatics, 17(4), 1-10"; its abbreviation when it gives one."""
    text = re.sub(r"^In\s+", "", text)
    text = re.split(r",\s*\d", text)[0]  # volume, issue and pages
    year = _YEAR_IN.search(text)
    abbreviation = re.search(r"\((?P<name>[A-Z][A-Za-z@\-]{1,12})\)", text)
    if abbreviation:
        name = abbreviation["name"]
    else:
        name = re.sub(r"^(?:the\s+)?proceedings\s+of\s+(?:the\s+)?", "", text, flags=re.IGNORECASE)
        name = re.sub(r"\b(?:19|20)\d{2}\b|\b\d+(?:st|nd|rd|th)\b", " ", name)
    return venues.Venue(venues.canonical_venue(name), int(year[0]) if year else None, None, None, None)


@lru_cache(maxsize=8192)  # every entry's sentences are tried, and lists repeat their venue lines
def venue_of(text: str) -> venues.Venue | None:
    """A venue or date sentence ("NAACL 2018", "In Proceedings of EMNLP 2008", "arXiv preprint
    arXiv:2308.01234"); None for anything else, titles with a year in them included."""
    text = re.sub(r"\s*\((?:vol|no|pp|pages)\b[^()]*\)", "", text.strip(), flags=re.IGNORECASE)
    text = _BRACKETED_YEAR.sub(r" \g<year>", text)  # "NeurIPS (2017)"
    bare = _VENUE_LEAD.sub("", text.strip(" *_.,")).strip(" *_.,")
    if re.match(r"^[Ii]n\s+[A-Z0-9]", text.strip(" *_")) and 0 < len(bare.split()) <= 20 and \
            not re.search(r"[()\[\]:,?!]", bare):
        found = venues.parse_venue(bare)  # "In ORSUM@ RecSys", "In Proceedings of the AAAI Conference ..."
        name = re.sub(r"\b(?:19|20)\d{2}\b|\b\d+(?:st|nd|rd|th)\b", " ", bare)  # "the 15th ...", "2020 IEEE ..."
        return found if found and found.venue else venues.Venue(venues.canonical_venue(name), None, None, None, None)
    if not bare or len(bare.split()) > 6 or re.search(r"[()\[\]【】_]", bare):
        return None  # "Amazon-M2 (KDD Cup 2023)": a name with its venue in brackets
    if bare.casefold() in ("preprint", "arxiv preprint", "technical report", "tech report"):
        return venues.Venue(bare, None, None, None, None)
    arxiv = re.fullmatch(r"(?:arxiv\s+preprint\s*)?arxiv\s*:\s*(?P<id>\d{4})\.[\dx]{4,5}(?:v\d+)?", bare,
                         re.IGNORECASE)
    if arxiv:
        return venues.Venue("arXiv", 2000 + int(arxiv["id"][:2]), int(arxiv["id"][2:]) or None, None, None)
    if ":" in bare or re.search(r"[,，;]", bare) and not all(
            YEAR_ONLY.match(part.strip()) or part.strip().casefold() in venues.CANONICAL
            or re.fullmatch(r"[A-Z][A-Z&@\-]{1,9}", part.strip())
            or venues.is_venue(part) and len(part.split()) <= 2 for part in re.split(r"[,，;]", bare)):
        return None  # "Jane Doe, ECIR 2024": names before the venue
    found = venues.parse_venue(bare)
    if found is None or (found.venue is None and re.search(r"[^\W\d_]", bare)):
        return None
    if found.venue and found.venue.casefold() not in venues.CANONICAL and found.year is None:
        return None
    if found.venue and any(word.casefold() in TITLE_WORDS - _VENUE_WORDS for word in found.venue.split()):
        return None  # "Graph Networks 2020": a title that ends in a year
    return found


_VENUE_WORDS = {"proceedings", "conference", "journal", "workshop", "arxiv", "preprint", "technical",
                "report", "the", "of", "on", "in", "and", "for", "research", "review", "machine",
                "learning", "language", "knowledge", "data", "systems", "information", "retrieval",
                "vision", "neural", "transactions", "deep", "recommender", "survey", "paper"}


def sentences(text: str) -> list[str]:
    return [sentence for sentence, _separator in sentence_spans(text)]


def sentence_spans(text: str) -> list[tuple[str, str]]:
    """(sentence, the punctuation and space after it); a lower-case start continues a sentence."""
    spans: list[tuple[str, str]] = []
    cursor = 0
    for end in [*_SENTENCE_END.finditer(text), None]:
        part = text[cursor: end.start() if end else len(text)]
        separator = end.group(0) if end else ""
        cursor = end.end() if end else len(text)
        if spans and re.match(r"^[a-z]", part) and venue_of(part.split(". ")[0]) is None:
            previous, gap = spans[-1]
            spans[-1] = (previous + gap + part, separator)
        elif part.strip():
            spans.append((part.strip(), separator))
    return spans
