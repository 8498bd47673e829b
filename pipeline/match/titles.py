"""Titles as matching compares them: the normalized form, the core behind a ``NAME:`` prefix, and
titles as catalogues built from citations write them, cleaned of what is not the title.

``normalize_title`` is the one matching form of a title (catalog ids, clusters, decisions and diffs
use it). A citation parser leaves around a title the text it did not recognise: the end of the author list
("and p. vallabhaneni . the handwritten trie …"), the year ("1998 . unbundling …"), venue text
("updating xml . acm intl"), notes ("( panel abstract )", ", best paper award") and quotes turned
to mojibake ("ã cents â ? ¬ å?dynamat …"). ``strip_citation`` removes them; ``pipeline.match.same_paper``
compares what is left.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Callable

from pipeline.text import blank_read_marks, fix_mojibake, name_prefix

#: Words that mark citation residue beside a title: venue text, report and version notes.
RESIDUE_WORDS = frozenset({
    "proc", "proceedings", "conf", "conference", "int", "intl", "international", "acm", "ieee", "journal",
    "trans", "transactions", "symposium", "workshop", "techreport", "technical", "tech", "version",
    "tutorial", "vol", "volume", "pp", "pages", "sigmod", "vldb", "icde", "edition", "press", "best", "award",
    "demo", "extended", "abstract",
})
#: Abbreviations of computing written out, as a cataloguer reads "p2p" and "peer-to-peer" as one
#: (matching forms: lower case, words apart).
ABBREVIATIONS = {
    "p2p": "peer to peer", "ir": "information retrieval", "www": "world wide web", "b2b": "business to business",
    "db": "database", "dbs": "databases", "dbms": "database management system",
    "dbmss": "database management systems", "rdbms": "relational database management system",
    "oodbms": "object oriented database management system", "olap": "online analytical processing",
    "kb": "knowledge base", "nn": "nearest neighbor", "knn": "k nearest neighbor", "ml": "machine learning",
    "nlp": "natural language processing", "llm": "large language model", "llms": "large language models",
}
_YEAR = re.compile(r"(?:19|20)\d\d[a-z]?")
# UTF-8 quotes and ellipses read as cp1252 and then tokenised: "â ??", "â ? ¦", "ã cents â ? ¬ å?"
_MOJIBAKE = re.compile(r"(?:ã\s*cents\s*)?â(?:\s*[^\w\s]+)+(?:\s*å\s*\?*)?")
# An aside in parentheses or brackets, unless it numbers a part ("( part ii )" names another paper)
_ASIDE = re.compile(r"\(\s*(?![^)]*\b(?:part|vol|volume|no)\b)[^()]*\)|\[[^\]]*\]")
# Where a citation parser's leftovers meet the title: a tokenised full stop or colon, or a comma;
# venue text follows a full stop or comma, a colon opens a subtitle (": a tutorial" is the title's)
_BREAK = re.compile(r"\s+[.:]\s+|\s*,\s+")
_TAIL_BREAK = re.compile(r"\s+\.\s+|\s*,\s+")
_WORD = re.compile(r"[a-z0-9]+")
_NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=200_000)
def normalize_title(title: str) -> str:
    """The matching form of a title: mojibake repaired, NFKC, casefolded, read marks, quotes and
    punctuation dropped, whitespace collapsed. Non-Latin letters are kept.

    >>> normalize_title("ONCE: Boosting Open- and Closed-source LLMs ✅")
    'once boosting open and closed source llms'
    >>> normalize_title("Uncovering ChatGPT’s Capabilities")
    'uncovering chatgpt s capabilities'
    """
    text = title if title.isascii() else unicodedata.normalize("NFKC", fix_mojibake(title))
    text = text.casefold()
    text = blank_read_marks(text)
    return " ".join(_NON_WORD.sub(" ", text).split())


def title_core(title: str) -> str:
    """The normalized title without a short ``NAME:`` prefix (at most three words)."""
    found = name_prefix(title)
    if found and len(found[0].split()) <= 3:
        return normalize_title(found[1])
    return normalize_title(title)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _is_residue(words: list[str], is_surname: Callable[[str], bool]) -> bool:
    """Author names, initials, years, "and": what precedes a title in a citation. Names come cut and
    misread ("zaha rio udakis"), so a year or a known surname with at most as many other words will do,
    if the run ends in a name or year where the title begins ("… vallabhaneni . the handwritten trie :"
    is not a run of names)."""
    if not words:
        return False
    known = [len(word) <= 2 or word == "and" or bool(_YEAR.fullmatch(word)) or is_surname(word) for word in words]
    if all(known):
        return True
    marked = any(_YEAR.fullmatch(word) or (len(word) > 2 and is_surname(word)) for word in words)
    return marked and known[-1] and known.count(False) <= len(words) // 2


def strip_citation(title: str, is_surname: Callable[[str], bool]) -> str:
    """The title without mojibake, asides, a leading run of names and years, and a trailing run that
    starts with venue text or a year. ``is_surname`` says whether a word is an author's surname.

    >>> strip_citation("and p. vallabhaneni . the handwritten trie : indexing electronic ink",
    ...                lambda word: word == "vallabhaneni")
    'the handwritten trie : indexing electronic ink'
    >>> strip_citation("view maintenance in a warehouse environment , acm sigmod int", lambda word: False)
    'view maintenance in a warehouse environment'
    >>> strip_citation("mj , and zaha rio udakis , m. 1994 . fine-grained sharing in a page server oodbms",
    ...                lambda word: word == "carey")
    'fine-grained sharing in a page server oodbms'
    >>> strip_citation("index research ( panel session ) : forest or trees ?", lambda word: False)
    'index research : forest or trees ?'
    """
    text = " ".join(_ASIDE.sub(" ", _MOJIBAKE.sub(" ", title)).split())
    for found in reversed(list(_BREAK.finditer(text))):
        head, rest = text[: found.start()], text[found.end():]
        if len(_words(rest)) >= 2 and _is_residue(_words(head), is_surname):
            text = rest
            break
    for found in _TAIL_BREAK.finditer(text):
        head, tail = text[: found.start()], _words(text[found.end():])
        if len(_words(head)) >= max(2, len(tail)) and \
                any(word in RESIDUE_WORDS or _YEAR.fullmatch(word) for word in tail[:3]):
            text = head
            break
    return text.strip(" .,:;'`\"")


def expand_abbreviations(normalized: str) -> str:
    """A normalized title with the abbreviations of ``ABBREVIATIONS`` written out.

    >>> expand_abbreviations("comparing hybrid p2p systems")
    'comparing hybrid peer to peer systems'
    """
    return " ".join(ABBREVIATIONS.get(word, word) for word in normalized.split())


#: Words of a column or front matter title: such a title, short, recurs in every issue.
COLUMN_WORDS = frozenset({
    "editorial", "editor", "editors", "introduction", "preface", "foreword", "column", "message",
    "notes", "news", "letter", "letters", "reminiscences", "interview", "obituary", "memoriam",
    "erratum", "errata", "corrigendum", "addendum", "announcement", "announcements", "welcome",
    "minutes", "chair", "chairs", "report", "reviews", "review", "keynote",
})
MAX_COLUMN_WORDS = 5
LONG_CUT = 60  # a title this long may be cut anywhere; a shorter one must end where no title ends
#: Words no title ends with: a title ending in one was cut short ("… visualization of traditional and")
DANGLING = frozenset({"a", "an", "the", "and", "or", "of", "in", "on", "for", "to", "with", "by", "from", "its",
                      "their", "at", "via", "using"})


def is_column_title(normalized: str) -> bool:
    """"editorial", "book review column", "guest editor s introduction" (normalized titles)."""
    words = normalized.split()
    return 0 < len(words) <= MAX_COLUMN_WORDS and not COLUMN_WORDS.isdisjoint(words)


def looks_cut(normalized: str) -> bool:
    """A normalized title that may have been cut short: a long one, or one ending in "and", "of"…"""
    words = normalized.split()
    return len(normalized) >= LONG_CUT or (bool(words) and words[-1] in DANGLING)
