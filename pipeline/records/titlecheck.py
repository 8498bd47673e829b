"""A record's title -> why it still looks unclean (the ``title-suspect`` warning), or None."""

from __future__ import annotations

import re

from pipeline.entries import venues
from pipeline.entries.authors import ET_AL, author_list, strong_names
from pipeline.entries.sentences import JOURNAL_VOLUME, VENUE_SENTENCE, sentences, venue_of
from pipeline.text import is_generic_label

_SYNTAX = re.compile(r"\]\(|\[\[|\]\]|\*\*|__|^[*_]|[*_]$|</?[a-zA-Z][^>]*>|^\[[^\]]*$|^\[.*\]$")
_URL = re.compile(r"https?://|\bwww\.\S+\.\w", re.IGNORECASE)


def suspect_title(title: str) -> str | None:
    """Why a record's title still looks unclean, or None when it reads as a title.

        >>> suspect_title("Neural Graph Collaborative Filtering. SIGIR 2019")
        "a venue-and-year tail 'SIGIR 2019'"
        >>> suspect_title("Neural Graph Collaborative Filtering") is None
        True
    """
    bare = title.strip()[:3000]
    label = bare.strip(" :：.[]()")
    # a URL gets its own reason below; an empty title is no-title's business
    if label and not label.casefold().startswith(("http://", "https://", "www.")) and is_generic_label(label):
        return "only a link label"
    if _URL.search(bare):
        return "a URL"
    if _SYNTAX.search(bare):
        return "link or emphasis syntax"
    if bare[-1:] in "[(【（{" or _unbalanced(bare):
        return "a bracket left open or unmatched"
    if re.match(r"^(?:\[[^\]]{1,40}\]|【[^】]{1,40}】)\s|^[^\w\s\[(\"“'‘]", bare):
        return "a bracketed prefix or a leading symbol"
    if re.search(r"\((?:@[^()]*|[^()]*\b(?:19|20)\d{2})\)$", bare):
        return "an affiliation or year in brackets at its end"
    for tail in re.finditer(r"(?:[.,;]|\s[(\[]?)\s*(?P<tail>[^.,;()\[\]]{2,40}?)[)\]]?\.?$", bare):
        found = venue_of(tail["tail"])
        if found and found.year and found.venue and found.venue.casefold() in venues.CANONICAL:
            return f"a venue-and-year tail {tail['tail']!r}"
    if (found := venue_of(bare)) is not None and found.year:
        return "only a venue and year"
    parts = sentences(bare)
    if len(parts) > 1 and (names := author_list(parts[0], single=False)) and len(names) >= 3:
        return f"an author list {parts[0][:40]!r}"
    for sentence in parts[1:]:
        if author_list(sentence, single=False):
            return f"an author list {sentence[:40]!r}"
        if VENUE_SENTENCE.search(sentence) or JOURNAL_VOLUME.search(sentence) or venue_of(sentence) or \
                sentence.split()[0].strip(",.").casefold() in venues.CANONICAL:
            return f"a venue sentence {sentence[:40]!r}"
        if len(re.findall(r"(?:^|,)\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}(?=,|$)", sentence)) >= 3:
            return f"a list of names {sentence[:40]!r}"  # names the author check cannot read
    if ET_AL.search(bare):
        return "an author list ('et al.')"
    parts = re.split(r"\s*[,，]\s*", bare)
    for cut in range(max(1, len(parts) - 40), len(parts)):  # bounded, as in citation._split_commas
        names = author_list(", ".join(parts[cut:]), single=False)
        if names and (len(names) >= 3 or strong_names(names)):
            return f"an author list {', '.join(parts[cut:])[:40]!r}"
    return None


def _unbalanced(text: str) -> bool:
    for opening, closing in ("()", "[]", "【】", "（）"):
        if text.count(opening) != text.count(closing):
            return True
    return False
