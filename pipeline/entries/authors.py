"""Author lists as lists write them -> names, and the test that a text is one.

Titles in title case read like names ("Graph Attention Networks"), so a name is judged by its
words: capitalised, no word that titles use (``TITLE_WORDS``), nameparser's particles (van, de,
bin...) allowed, initials allowed, acronyms not.
"""

from __future__ import annotations

import re

from nameparser import HumanName
from nameparser.config import CONSTANTS

#: Words that titles use and person names do not (compared casefolded).
TITLE_WORDS = {
    "a", "an", "the", "for", "of", "with", "in", "on", "to", "via", "from", "using", "is", "are", "by",
    "towards", "toward", "beyond", "learning", "network", "networks", "neural", "graph", "graphs",
    "model", "models", "modeling", "recommendation", "recommendations", "recommender", "language",
    "deep", "attention", "transformer", "transformers", "data", "retrieval", "generation",
    "translation", "representation", "representations", "embedding", "embeddings", "system",
    "systems", "search", "knowledge", "reasoning", "large", "survey", "machine", "convolutional",
    "adversarial", "training", "pre-training", "inference", "efficient", "scalable", "robust",
    "sequential", "collaborative", "filtering", "prediction", "classification", "analysis",
    "approach", "framework", "method", "methods", "study", "benchmark", "dataset", "review",
    "multi", "semantic", "text", "image", "video", "visual", "vision", "query", "ranking", "user",
    "users", "item", "items", "session", "based", "aware", "generative", "pretrained", "pre-trained",
    "unsupervised", "supervised", "self-supervised", "contrastive", "temporal", "dynamic", "and",
    "paper", "code", "report", "technical", "proceedings", "conference", "journal", "workshop",
    "arxiv", "preprint", "university", "research", "team", "lab", "group", "inc", "corporation",
}
_NAME_PARTICLES = {particle.casefold() for particle in CONSTANTS.prefixes} | {"y", "e"}
ET_AL = re.compile(r",?\s*\bet\.?\s*al\b\.?", re.IGNORECASE)
_NAME_SEPARATORS = re.compile(r"\s*(?:[,;，、]\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*)\s*")
# possessive quantifiers and atomic groups: a long run of "Wang, Y., " must not backtrack exponentially
_INITIALS = re.compile(r"^(?:[A-Z][a-z]?(?:-[A-Z])?\.\s*+-?\s*+)++$")
_JOINED = re.compile(r"(?:[A-Z][a-z]+|[A-Z]\.)[A-Z][a-z]+")  # "JaapKamps", "W.Bruce": no space
APA_NAME = r"(?>[^\W\d_][\w'’\-]*+(?:\s++[^\W\d_][\w'’\-]*+){0,3}),\s*+(?:[A-Z](?:-[A-Z])?\.\s*+-?\s*+)++"


def author_list(text: str, single: bool) -> list[str]:
    """The names of an author list as written, or [] when ``text`` is not one.

    ``single`` accepts one name alone ("Dekai Wu"), which is only safe where an author list is
    expected (a title in title case reads like a name too).

        >>> author_list("Matthew E. Peters, Mark Neumann and Luke Zettlemoyer", single=False)
        ['Matthew E. Peters', 'Mark Neumann', 'Luke Zettlemoyer']
        >>> author_list("Fast, Cheap, and Good", single=False)
        []
    """
    text = re.sub(r"[*†‡§¶✉]+|(?<=[^\W\d])\d+(?=[\s,]|$)", "", text)  # "Wenchang Ma*", "Li Chen1"
    text = re.sub(r"\s+,", ",", text).strip(" *_,;:")
    if text.endswith(".") and not re.search(r"\b[A-Z]\.$", text):
        text = text[:-1]  # the full stop after a list, not an initial's
    if not text or len(text) > 2000:
        return []
    if re.search(r"\d|[:!?\"“”()\[\]]", ET_AL.sub("", text)):
        return []
    et_al = bool(ET_AL.search(text))
    body = ET_AL.sub("", text).strip(" ,")
    apa = re.findall(rf"({APA_NAME})", body)
    if apa and len(re.sub(rf"{APA_NAME}|[\s,&.…]|and", "", body)) == 0:
        names = [" ".join(name.split()).rstrip(" ") for name in apa]
    else:
        names = [part.strip() for part in _NAME_SEPARATORS.split(body) if part.strip(" .…")]
        if any(_INITIALS.match(name) for name in names):
            return []  # "Wang, Y." halves that are not APA as a whole
    # "Vaswani et al.": the name a cut list ends on may be a family name alone
    if not names or not all(_is_name(name) or (et_al and number == len(names) - 1 and _is_name_words([name], True))
                            for number, name in enumerate(names)):
        return []
    if len(names) == 1 and not et_al and not single:
        return []
    if et_al:
        names[-1] = f"{names[-1]} et al."
    return names


def name_parts(name: str) -> tuple[str | None, str]:
    """(given names, family name) of one name as ``author_list`` keeps it: "Family, Given" or "Given
    Family"; a one-word name has no given names (None). The "et al." ``author_list`` puts after the
    last name of a cut list belongs to no name.

        >>> name_parts("Yupeng Hou et al.")
        ('Yupeng', 'Hou')
        >>> name_parts("Hou, Y."), name_parts("Madonna")
        (('Y.', 'Hou'), (None, 'Madonna'))
    """
    name = " ".join(ET_AL.sub("", name).split())
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return given, family
    if " " in name:
        given, family = name.rsplit(" ", 1)
        return given, family
    return None, name


def is_cut(names: list[str]) -> bool:
    """Whether an author list ends in "et al." (more authors than it names)."""
    return bool(names) and bool(ET_AL.search(names[-1]))


def _is_name(name: str) -> bool:
    if "," in name:  # APA "Wang, Y."
        surname, _sep, initials = name.partition(",")
        return bool(_INITIALS.match(initials.strip())) and _is_name_words(surname.split(), allow_one=True)
    if _JOINED.fullmatch(name):
        return True
    return _is_name_words(name.split(), allow_one=False) and bool(HumanName(name).last)


def _is_name_words(words: list[str], allow_one: bool) -> bool:
    if not words or len(words) > 5 or (len(words) == 1 and not allow_one):
        return False
    capitalised = 0
    for word in words:
        if word.casefold() in TITLE_WORDS:
            return False
        if word.casefold() in _NAME_PARTICLES:
            continue
        if not word[0].isupper() or (word.isupper() and len(word) > 2 and "." not in word):
            return False  # "BERT", "GNN": acronyms name models, not people
        if not re.fullmatch(r"[^\W\d_][\w'’.\-]*", word):
            return False
        capitalised += 1
    return capitalised >= 1


def strong_names(names: list[str]) -> bool:
    """Names that a title's words hardly are: with an initial ("Peter J. Liu") or "et al."."""
    return any(re.search(r"\b[A-Z]\.|et al\.$", name) for name in names)
