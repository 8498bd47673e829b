"""Author lists compared as people: names folded to ASCII, initials against full names, any order.

Bibliographic records write one person many ways: "Jeffrey D. Ullman", "J. Ullman", "Ullman, J.",
"jd ullman", "hans-j &#246; rg schek", and catalogues built from citations sometimes swap given
name and surname ("h jiawei" for "Jiawei Han") or cut the list ("p bernstein…", "et al.").
``compare_authors`` says whether two lists share a person, share none, or cannot tell.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any, Callable, Literal, NamedTuple

from anyascii import anyascii
from nameparser import HumanName
from rapidfuzz import fuzz

from pipeline.text import fix_mojibake

#: Surnames this alike are one name misspelt ("rosneblatt", "goldring"); shorter names must be equal.
SURNAME_FUZZY = 85.0
MIN_FUZZY_SURNAME = 5

# "&#246;" and "& hellip ;" as tokenised data writes them: the spaces around an entity are not the text's
_ENTITY = re.compile(r"\s*&\s*(#\d+|#x[0-9a-f]+|[a-z]+)\s*;\s*", re.IGNORECASE)
# A list that ends in "…" (or its mojibake "â€¦", tokenised "â ? ¦") or "et al." was cut short
_TRUNCATED = re.compile(r"…|\.\.\.|â\s*\S?\s*¦|\bet\.?\s+al\b|\band others\b", re.IGNORECASE)
_NOT_NAME = re.compile(r"[\d@/]|\w\.\w|www|http", re.IGNORECASE)
_LETTERS = re.compile(r"[^a-z\s-]+")


class Person(NamedTuple):
    """One author: surname and the initials of the given names, lower-case ASCII."""

    surname: str
    initials: str


class Authors(NamedTuple):
    """An author list as read: the people, whether the list is complete, whether it reads as names."""

    people: tuple[Person, ...]
    complete: bool
    names_only: bool


def fold(text: str) -> str:
    """HTML entities decoded (also when tokenised with spaces), mojibake repaired, letters folded to
    ASCII, lower case.

    >>> fold("hans-j &#246; rg schek")
    'hans-jorg schek'
    >>> fold("U&#287;ur Çetintemel")
    'ugur cetintemel'
    """
    text = _ENTITY.sub(lambda found: html.unescape(f"&{found.group(1)};"), text)
    if not text.isascii():
        text = anyascii(fix_mojibake(text))
    return text.casefold()


def _names(authors: Any) -> list[str]:
    if not authors or (isinstance(authors, float) and authors != authors):  # None, "", NaN
        return []
    if isinstance(authors, str):
        separator = ";" if ";" in authors else ","
        return [name for part in authors.split(separator) for name in re.split(r"\s+and\s+", part)]
    return [str(name) for name in authors]


def _person(name: str) -> Person | None:
    parsed = HumanName(name)
    surname, given = parsed.last, f"{parsed.first} {parsed.middle}"
    if len(_LETTERS.sub("", surname)) <= 1 and len(parsed.first.strip(".")) > 1:
        surname, given = parsed.first, f"{parsed.middle} {parsed.last}"  # "Ullman J"
    surname = " ".join(_LETTERS.sub(" ", surname).split())
    if len(surname.replace(" ", "")) < 2:
        return None
    initials = ""
    for token in _LETTERS.sub(" ", given.replace("-", " ")).split():
        # "jm hellerstein": given names of two letters or fewer are initials run together
        initials += token if len(token) <= 2 else token[0]
    return Person(surname, initials)


@lru_cache(maxsize=50_000)
def _read(text: str) -> Authors:
    text = _ENTITY.sub(lambda found: html.unescape(f"&{found.group(1)};"), text)
    complete = not _TRUNCATED.search(text)
    folded = fold(_TRUNCATED.sub(" ", text))
    people: list[Person] = []
    names_only = True
    names = _names(folded)
    for position, name in enumerate(names):
        if not name.strip():
            continue
        if _NOT_NAME.search(name):
            names_only = False
            continue
        person = _person(name.replace("?", " "))
        if person is None:
            # a lone initial at the end is a name cut off ("b karp , s")
            complete = complete and position != len(names) - 1
            continue
        people.append(person)
    return Authors(tuple(people), complete, names_only)


def read_authors(authors: Any) -> Authors:
    """The people of an author list (a string "A, B and C" / "A; B" or a list of names).

    >>> read_authors("jeffrey d. ullman , j widom").people
    (Person(surname='ullman', initials='jd'), Person(surname='widom', initials='j'))
    >>> read_authors("p bernstein â ? ¦").complete
    False
    """
    names = _names(authors)
    return _read(", ".join(name.replace(",", " ") for name in names) if not isinstance(authors, str)
                 else authors)


def _same_surname(a: str, b: str) -> bool:
    if a == b:
        return True
    parts_a, parts_b = set(re.split(r"[\s-]+", a)), set(re.split(r"[\s-]+", b))
    if {p for p in parts_a if len(p) >= 3} & {p for p in parts_b if len(p) >= 3}:
        return True  # "garcia-molina" and "molina", "van den bussche" and "bussche"
    return min(len(a), len(b)) >= MIN_FUZZY_SURNAME and fuzz.ratio(a, b) >= SURNAME_FUZZY


def same_person(a: Person, b: Person) -> bool:
    """Surnames alike ("J. Ullman" and "Jeffrey D. Ullman"; initials are not compared, since
    catalogues run them together with other authors' ones: "shtwg moerkotte"), or the two written with
    given name and surname swapped ("h jiawei" for "j han")."""
    if _same_surname(a.surname, b.surname):
        return True
    return bool(a.initials and b.initials) and a.surname[0] in b.initials and b.surname[0] in a.initials


def compare_authors(a: Any, b: Any) -> Literal["shared", "none-shared", "unknown"]:
    """"shared" when a person is on both lists; "none-shared" when both lists are complete lists of
    names and no person is on both; else "unknown" (a list missing, cut short, or not names)."""
    left, right = read_authors(a), read_authors(b)
    if not left.people or not right.people:
        return "unknown"
    if any(same_person(x, y) for x in left.people for y in right.people):
        return "shared"
    if left.complete and right.complete and left.names_only and right.names_only:
        return "none-shared"
    return "unknown"


def surname_test(*author_lists: Any) -> Callable[[str], bool]:
    """A test of whether a word is (a misspelling of) a surname on any of the lists: what tells the
    author names a citation parser left in a title ("and p. vallabhaneni . the handwritten trie")."""
    surnames = {part for authors in author_lists for person in read_authors(authors).people
                for part in re.split(r"[\s-]+", person.surname) if len(part) >= 3}

    def is_surname(word: str) -> bool:
        return len(word) >= 3 and any(_same_surname(word, surname) for surname in surnames)

    return is_surname
