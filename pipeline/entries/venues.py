"""Venue and date strings as the lists write them -> (venue, year, month).

    >>> parse_venue("2023.6 / WWWJ'24")
    Venue(venue='WWWJ', year=2024, month=None, date_year=2023, date_month=6)
    >>> parse_venue("arxiv 2023/05")
    Venue(venue='arXiv', year=2023, month=5, date_year=None, date_month=None)
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from pipeline.text import fix_mojibake



class Venue(NamedTuple):
    venue: str | None
    year: int | None
    month: int | None
    date_year: int | None
    date_month: int | None


#: Canonical spelling of venues, keyed by their casefolded form (typos such as "Arixv" included).
CANONICAL = {name.casefold(): name for name in (
    "arXiv", "RecSys", "SIGIR", "WWW", "WSDM", "KDD", "CIKM", "AAAI", "IJCAI", "NeurIPS", "ICLR",
    "ICML", "ACL", "EMNLP", "NAACL", "COLING", "EACL", "TOIS", "TKDE", "TPAMI", "TMLR", "TORS",
    "ICDE", "ICDM", "SDM", "ICASSP", "ECIR", "WWWJ", "FCS", "SIGIRW", "ACLW", "EAAMO", "MM", "TIST",
    "TKDD", "TNNLS", "DASFAA", "PAKDD", "ECML-PKDD", "UMAP", "IUI", "CHI", "VLDB", "SIGMOD",
    # computer vision, machine learning and NLP venues that real lists cite beside the ones above
    "ICCV", "CVPR", "ECCV", "TACL", "JMLR", "AISTATS", "UAI", "COLT", "MICCAI", "INTERSPEECH", "TOG",
    "IJCNN", "ICONIP", "WACV", "BMVC", "NAACL-HLT", "CoNLL", "LREC", "TASLP", "TIP", "TMM")}
CANONICAL.update({"arixv": "arXiv", "axriv": "arXiv", "arvix": "arXiv", "acmmm": "ACM MM",
                  "acm mm": "ACM MM", "neurlps": "NeurIPS", "nips": "NeurIPS"})
#: Words that qualify a venue rather than name it ("WSDM 2024 Oral", "ICLR 2024<br />Spotlight").
QUALIFIERS = {"oral", "spotlight", "poster", "best paper", "short paper", "long paper", "full paper"}
_QUALIFIERS = [re.compile(rf"\b{qualifier}\b", re.IGNORECASE) for qualifier in sorted(QUALIFIERS)]

_DATE = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})\s*[./-]\s*(?P<month>1[0-2]|0?[1-9])"
                   r"(?:[./-](?:3[01]|[12]\d|0?[1-9]))?(?!\d)")  # and the day, when given
_YEAR = re.compile(r"(?<![\d])(?P<year>(?:19|20)\d{2})(?!\d)")
_SHORT_YEAR = re.compile(r"['’‘](?P<year>\d{2})\b")
#: "October 2020", "Oct. 2020": a month names when, not where (its number; "sept" as lists write it)
MONTHS = {name: number for number, names in enumerate(
    ("january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul", "august aug",
     "september sep sept", "october oct", "november nov", "december dec"), start=1) for name in names.split()}
# "2023.6 / WWWJ'24" splits at the slash; "2023/05" is one date and does not
_SEPARATORS = re.compile(r"\s+/\s*|\s*/\s+|\s*[|,，;]\s*|(?<=\D)/(?=\D)")


def canonical_venue(name: str) -> str:
    """The canonical spelling of a venue name, or the name as written with its spaces tidied."""
    name = " ".join(name.split()).strip(" -:,.")
    return CANONICAL.get(name.casefold(), name)


@lru_cache(maxsize=8192)  # a list repeats its venue cells and tails ("SIGIR 2023") row after row
def parse_venue(text: str) -> Venue | None:
    """Read a venue/date cell or tail; None when the text holds neither a year nor a known venue."""
    text = " ".join(fix_mojibake(text, widths=True).split())
    if not text:
        return None
    venue_parts: list[str] = []
    year = month = date_year = date_month = None
    for part in _SEPARATORS.split(text):
        if not part:
            continue
        date = _DATE.search(part)
        short = _SHORT_YEAR.search(part)
        plain = _YEAR.search(part)
        if date and not part[: date.start()].strip(" ,") and not part[date.end():].strip():
            date_year, date_month = int(date["year"]), int(date["month"])
            continue
        name = part
        if short:
            year = 2000 + int(short["year"])
            name = part[: short.start()] + part[short.end():]
        elif date:
            year, month = int(date["year"]), int(date["month"])
            name = part[: date.start()] + " " + part[date.end():]
        elif plain:
            year = int(plain["year"])
            name = part[: plain.start()] + " " + part[plain.end():]
        name = " ".join(word for word in name.split())
        for qualifier in _QUALIFIERS:
            name = qualifier.sub("", name)
        name = name.strip(" -:,.'’")
        if name.casefold() in MONTHS:
            month = MONTHS[name.casefold()]
        elif name:
            venue_parts.append(name)
    venue = canonical_venue(" ".join(venue_parts)) if venue_parts else None
    if venue and len(venue.split()) > 5:
        return None  # a sentence, not a venue
    if year is None and date_year is None and (venue is None or venue.casefold() not in CANONICAL):
        return None
    if year is None:
        year, month = date_year, date_month
    return Venue(venue, year, month, date_year, date_month)


def is_venue(text: str) -> bool:
    return parse_venue(text) is not None


class Series(NamedTuple):
    """A venue as a series of publications: its family ("VLDB") and kind ("conference", "journal",
    "magazine", "preprint", "report"); kind None when the text names the family only ("acm sigmod")."""

    family: str
    kind: str | None


#: How catalogues write the series they cite, first match wins: journal and magazine before the
#: conference of the same family ("the vldb journal -- … on very large data bases" is the journal),
#: "proceedings of", "acm"/"ieee" and ordinals left to the patterns' gaps.
SERIES_TABLE: tuple[tuple[str, str, str | None], ...] = (
    (r"\barxiv\b|\bcorr\b|\bpre-?print\b|\bbiorxiv\b|\bssrn\b|\bopenreview\b", "arXiv", "preprint"),
    (r"\btech\w*\W*rep|\bresearch\W*report|\bworking\W*paper|\bsubmitted\b|\bthesis\b|\bdissertation\b|"
     r"\bmanuscript\b|\bunpublished\b", "report", "report"),
    (r"\bsigmod\W*rec", "SIGMOD", "magazine"),
    (r"\bvldb\W*j|\bjournal\W+(\w+\W+){0,3}very\W*large|\bj\W+very\W*large", "VLDB", "journal"),
    (r"\btrans\w*\W*(on\W*)?database(\W*sys|\W*$)|\btods\b", "TODS", "journal"),
    (r"\btrans\w*\W*(on\W*)?knowledge\W*(and\W*)?data\W*eng|knowledge\W*and\W*data\W*engineering\W*ieee|"
     r"\btkde\b", "TKDE", "journal"),
    (r"\bcomputing\W*surveys\b|\bcsur\b", "CSUR", "journal"),
    (r"\btrans\w*\W*(on\W*)?information\W*sys|\btois\b", "TOIS", "journal"),
    (r"\bprinc\w*\W*(of\W*)?database\W*sys|\bpods\b", "PODS", "conference"),
    (r"\bmanagement\W*of\W*data\b|\bsigmod\W*(conf|int|pods)|\bproc\w*\W+(\w+\W+){0,4}sigmod\b", "SIGMOD",
     "conference"),
    (r"\bsigmod\b", "SIGMOD", None),
    (r"\bvery\W*large\W*data|\bconference\W*on\W*very\b|\bvldb\b", "VLDB", "conference"),
    (r"\bdata\W*engineering\b|\bicde\b", "ICDE", "conference"),
)
_SERIES = tuple((re.compile(pattern), family, kind) for pattern, family, kind in SERIES_TABLE)
_TIDY = re.compile(r"&\s*#?\w+\s*;|\(\s*\)|[,.\s]+$")


@lru_cache(maxsize=50_000)
def venue_series(text: str) -> Series | None:
    """The series a venue string names, or None when the table does not know it.

    >>> venue_series("proceedings of the 26th international conference on very & hellip ; ,")
    Series(family='VLDB', kind='conference')
    >>> venue_series("The VLDB Journal -- The International Journal on Very Large Data Bases")
    Series(family='VLDB', kind='journal')
    >>> venue_series("acm sigmod record ,"), venue_series("CoRR")
    (Series(family='SIGMOD', kind='magazine'), Series(family='arXiv', kind='preprint'))
    """
    folded = " ".join(_TIDY.sub(" ", text.casefold()).split())
    if not folded:
        return None
    for pattern, family, kind in _SERIES:
        if pattern.search(folded):
            return Series(family, kind)
    name = CANONICAL.get(canonical_venue(text).casefold())
    if name is None:
        return None
    return Series(name, "preprint") if name == "arXiv" else Series(name, None)


def compare_venues(a: str, b: str) -> str:
    """"same" series, "different" series, or "unknown" (a venue missing or not in the table, or a
    preprint server or report, which may precede any venue)."""
    series_a, series_b = venue_series(a), venue_series(b)
    if series_a is None or series_b is None or {series_a.kind, series_b.kind} & {"preprint", "report"}:
        return "unknown"
    if series_a.family != series_b.family:
        return "different"
    if series_a.kind == series_b.kind:
        return "same"
    return "different" if series_a.kind and series_b.kind else "unknown"


def same_family(a: str, b: str) -> bool:
    """Both venues belong to one family of series ("SIGMOD" and "SIGMOD Record", "VLDB" and the VLDB Journal)."""
    series_a, series_b = venue_series(a), venue_series(b)
    return series_a is not None and series_b is not None and series_a.family == series_b.family


def periodical(text: str) -> bool:
    """The venue is a journal or a magazine (dated by volume, often a year after the article went online)."""
    series = venue_series(text)
    return series is not None and series.kind in ("journal", "magazine")
