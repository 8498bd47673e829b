"""Entries -> records: titles, short names, venues, years, links, identifiers (kinds.py says what each is).

Each list item or table row becomes a record or a reject with a reason. The rules follow the
shapes the lists use:

- ``1. [Title](url)``: the link text is the title;
- ``- Title, venue 2023/05, [[paper]](url) [[code]](url)``: the text before the venue is the title;
- tables: a Paper/Title column (link text or plain text, quoted or not, ``Short, 'Title'``),
  a Name/Model column for the short name, a Publication / Date / Venue column, link columns.
"""

from __future__ import annotations

import re
from typing import cast

from pipeline.entries import citation, venues
from pipeline.records import identifiers
from pipeline.records.hosts import CODE_HOSTS, on_host
from pipeline.entries.authors import author_list
from pipeline.entries.extract import Entry, Piece, piece_links, piece_text
from pipeline.records.shapes import EntryFields, Identifiers, Link
from pipeline.text import fix_mojibake, is_generic_label, name_prefix, strip_read_mark



class Fields(EntryFields):
    """What ``read_entry`` reads out of an entry: the record's fields but those of its place
    (id, source, block, section, headers), its raw text and its kind."""

    #: "code: message" of each link an identifier was repaired or refused in; not a record field
    #: (pipeline.records.build turns each into a problem)
    link_notes: list[str]


EMPTY_CELLS = {"", "n/a", "na", "~", "-", "—", "none", "/", "tbd", "tba"}
TITLE_COLUMNS = ("paper", "papers", "title", "model/paper", "paper title", "paper name", "paper / source",
                 "paper/source", "论文", "标题", "论文标题", "论文名称", "题目")
#: A header that names the title column in other words than TITLE_COLUMNS: "Paper Title & Link",
#: "Papers (by date)", "Title & Authors"; not "List title" (a list of lists names the lists)
_TITLE_HEADER = re.compile(r"\b(?:papers?|articles?)\b|^\W*titles?\b|论文|标题|题目")
#: What a list's own paper is called in its comparison table ("Ours"): a mention of the paper the
#: manifest says the list accompanies (pipeline.records.build), else no paper.
SELF_NAMES = ("ours", "**ours**")
RESOURCE_COLUMNS = ("dataset", "datasets", "benchmark", "benchmarks", "repo name", "repository",
                    "resource", "name")
SHORT_NAME_COLUMNS = ("name", "model", "short name", "method")
#: The first of these a table has gives the venue; when it gives no year, all of them are read
#: together ("| Venue | Year |": "NeurIPS" and "2017").
VENUE_COLUMNS = ("publication", "venue", "date / venue", "date/venue", "conference", "published", "published in",
                 "conf/journal", "conference/journal", "journal/conference", "venue&year", "venue & year",
                 "venue/year", "会议", "期刊", "会议/期刊", "发表", "year", "date", "年份", "时间", "日期")
AUTHOR_COLUMNS = ("authors", "author", "author(s)", "作者")
NOTE_COLUMNS = ("main contributions", "highlights", "contributions", "description", "notes", "note",
                "summary", "comment", "comments", "简介", "备注", "说明")
#: Where a record's code link may point: code hosts, and Hugging Face, whose model page holds the code.
CODE_LINK_HOSTS = CODE_HOSTS + ("huggingface.co",)
_QUOTES = "'\"‘’“”`"
_SHORT_QUOTED = re.compile(r"^(?P<short>[^'‘\"“]{1,60}?),\s*['‘\"“](?P<title>.+?)['’\"”]\s*$")


def clean(text: str) -> str:
    """Repair mojibake and collapse whitespace; the raw text keeps what was found.

    Only encoding repairs: curly quotes, full-width punctuation and ligatures stay as written.
    """
    return " ".join(fix_mojibake(text).split())


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        return text[1:-1].strip()
    return text


def is_code_url(url: str) -> bool:
    return on_host(url, CODE_LINK_HOSTS)


def _short_name(text: str | None) -> str | None:
    if not text:
        return None
    name, _mark = strip_read_mark(clean(text))
    return None if name.casefold() in EMPTY_CELLS else name


def _title_parts(title: str) -> tuple[str, str | None]:
    """(title, short name from a ``NAME: rest`` prefix when the prefix is one word)."""
    prefix = name_prefix(title)
    if prefix and len(prefix[0]) >= 2 and len(prefix[0].split()) == 1 and not prefix[0].endswith("?") \
            and prefix[1].strip() and not title[:1].isspace():
        return title, prefix[0]
    return title, None


def _column(headers: list[str], names: tuple[str, ...]) -> int | None:
    return next(iter(_columns(headers, names)), None)


def _columns(headers: list[str], names: tuple[str, ...]) -> list[int]:
    """Every column named in ``names``, in the order of ``names``."""
    lowered = [re.sub(r"\s+", " ", header.casefold().strip()) for header in headers]
    return [lowered.index(name) for name in names if name in lowered]


def title_column(headers: list[str]) -> int | None:
    return _column(headers, TITLE_COLUMNS)


def _title_header(headers: list[str]) -> str:
    column = _column(headers, TITLE_COLUMNS)
    if column is None:
        column = _column(headers, RESOURCE_COLUMNS)
    if column is not None:
        return headers[column]
    # a column without a header (or a table without a header row) is named by its number
    return headers[0] if headers and headers[0] else "1"


def _title_from_cell(pieces: list[Piece]) -> citation.Citation:
    """The title cell read as a citation ("[Title](url) <br> Authors", "(NAME) Title. Venue")."""
    cited = citation.parse_citation(_repaired(pieces))
    if cited.title.casefold() in EMPTY_CELLS or is_generic_label(cited.title):
        return citation.Citation("", [], None, None)
    return cited._replace(title=clean(cited.title))


def read_entry(entry: Entry) -> tuple[Fields | None, tuple[str, str] | None]:
    """An entry's parsed fields, or (code, message) saying why it is not a record."""
    if entry["shape"] == "item":
        return _read_item(entry)
    return _read_row(entry)


def _read_item(entry: Entry) -> tuple[Fields | None, tuple[str, str] | None]:
    pieces: list[Piece] = entry["pieces"]
    links = piece_links(pieces)
    text = piece_text(pieces)
    cited = citation.parse_citation(_repaired(pieces))
    title, venue, authors, short = cited.title, cited.venue, cited.authors, cited.short_name
    if not title and links:
        # A bare URL or a lone "[Link](…)": the resource is named by its address.
        label = links[0]["label"]
        title = clean(links[0]["url"] if is_generic_label(label) else label)
    # Without a link or a venue, an entry is a record when it reads as a citation ("Title. Authors."),
    # not when it is only an author line (a sub-item that was not folded into its entry)
    if not links and venue is None and (not authors or author_list(clean(text), single=False)):
        return None, ("prose", f"expected a link or 'Title, venue year', found {clean(text)[:80]!r}")
    if not title:
        return None, ("no-title", f"expected a title, found {clean(text)[:80]!r}")
    title, read_mark = strip_read_mark(title)
    title, prefix_short = _title_parts(title)
    return _fields(entry, title, short or prefix_short, venue, links, read_mark, notes=None,
                   attributes={}, authors=authors), None


def _repaired(pieces: list[Piece]) -> list[Piece]:
    """Pieces with their mojibake repaired (line breaks kept: they separate citation fields)."""
    return [{key: fix_mojibake(value) if key != "url" else value for key, value in piece.items()}
            for piece in pieces]


def _read_row(entry: Entry) -> tuple[Fields | None, tuple[str, str] | None]:
    headers = entry["headers"] or []  # never None in a row
    cells = entry["cells"]
    cell = {index: cells[index] if index < len(cells) else [] for index in range(len(headers))}
    links = [link for pieces in cells for link in piece_links(pieces)]
    used: set[int] = set()
    cited = citation.Citation("", [], None, None)
    for name in (*TITLE_COLUMNS, *RESOURCE_COLUMNS):
        # "Paper" holding only "[docs]" links and "Title" holding the title: the title column wins
        column = _column(headers, (name,))
        if column is not None and (cited := _title_from_cell(cell[column])).title:
            used.add(column)
            break
    else:  # no column named as above holds a title: "Paper Title & Link", "Papers (by date)", "Paper Link"
        for column, header in enumerate(headers):
            if _TITLE_HEADER.search(header.casefold()) and (candidate := _title_from_cell(cell[column])).title:
                cited = candidate
                used.add(column)
                break
    title = cited.title
    short = None
    short_column = _column(headers, SHORT_NAME_COLUMNS)
    reference = citation.author_year(piece_text(cell[min(used)])) if used else None
    if reference and short_column is not None and short_column not in used and \
            clean(piece_text(cell[short_column])):
        # A leaderboard row: "| Trigram (baseline) | 47.4 | [Wieting and Gimpel, 2018](…) |" names the
        # model in its Model column and the paper by its authors and year only.
        names, year = reference
        title = clean(piece_text(cell[short_column]))
        cited = citation.Citation(title, names, venues.Venue(None, year, None, None, None), None)
        used.add(short_column)
    if short_column is not None and short_column not in used:
        short = _short_name(piece_text(cell[short_column]))
        used.add(short_column)
    title, read_mark = strip_read_mark(title)
    if short_column is not None:  # "HKFR✅": the check mark is the list author's, not the name's
        read_mark = read_mark or strip_read_mark(clean(piece_text(cell[short_column])))[1]
    quoted = _SHORT_QUOTED.match(title)
    if quoted:
        short, title = short or clean(quoted["short"]), quoted["title"]
    title = _unquote(title)
    if not title or title.casefold() in EMPTY_CELLS or title.casefold() in SELF_NAMES:
        shown = [clean(piece_text(pieces))[:30] for pieces in cells]
        return None, ("no-title", f"expected a paper title in column {_title_header(headers)!r}, "
                                  f"found the row {shown}")
    venue = None
    venue_columns = _columns(headers, VENUE_COLUMNS)
    if venue_columns:
        venue = venues.parse_venue(piece_text(cell[venue_columns[0]]))
        used.add(venue_columns[0])
    if len(venue_columns) > 1 and (venue is None or venue.year is None):
        # "| Venue | Year |" with "ICTAI" and "2019": the venue columns read together
        texts = [piece_text(cell[column]) for column in venue_columns]
        joined = " | ".join(text for text in texts if clean(text).casefold() not in EMPTY_CELLS)
        together = venues.parse_venue(joined) if joined else None
        if together is not None and together.year is not None:
            venue = together
            used.update(venue_columns)
    authors = cited.authors
    author_column = _column(headers, AUTHOR_COLUMNS)
    if author_column is not None and (listed := author_list(clean(piece_text(cell[author_column])).rstrip("."),
                                                            single=True)):
        authors = listed  # the Authors column says who wrote it, more plainly than a citation in the title cell
        used.add(author_column)
    if venue is None or venue.year is None:
        # no venue column, or none with a year: the year the title cell's citation gives
        found = cited.venue
        venue = venue._replace(year=found.year, month=found.month) if venue and found and found.year \
            else venue or found
    elif venue.venue is None and cited.venue and cited.venue.venue and cited.venue.year in (None, venue.year):
        venue = venue._replace(venue=cited.venue.venue)  # "| TBD | 2021 |" beside "… arXiv:2102.03787"
    note_column = _column(headers, NOTE_COLUMNS)
    notes = None
    if note_column is not None:
        notes = clean(piece_text(cell[note_column])) or None
        used.add(note_column)
    attributes = {}
    for index, header in enumerate(headers):
        value = clean(piece_text(cell[index]))
        if index not in used and value and not piece_links(cell[index]) and header:
            attributes[header] = value
    title, prefix_short = _title_parts(title)
    return _fields(entry, title, short or cited.short_name or prefix_short, venue, links, read_mark, notes,
                   attributes, authors=authors), None


def _fields(entry: Entry, title: str, short: str | None, venue: venues.Venue | None,
            links: list[Link], read_mark: bool, notes: str | None,
            attributes: dict[str, str], authors: list[str] | None = None) -> Fields:
    urls = [link["url"] for link in links if link["url"] and not link["url"].startswith("#")]
    found: dict[str, str] = {}
    link_notes: list[str] = []  # "code: message" of each link an identifier was repaired or refused in
    for url in urls:
        ids, notes_for_url = identifiers.from_url(url)
        link_notes.extend(notes_for_url)
        for scheme, value in ids.items():
            found.setdefault(scheme, value)
    paper = next((url for url in urls if not is_code_url(url)), None)
    code = next((url for url in urls if is_code_url(url)), None)
    title = clean(title)
    fields: Fields = {
        "title": title,
        "short_name": short,
        "venue": venue.venue if venue else None,
        "year": venue.year if venue else None,
        "month": venue.month if venue else None,
        "urls": {"paper": paper, "code": code,
                 "other": [url for url in urls if url not in (paper, code)]},
        # from_url's keys are the schemes of identifiers.SCHEMES and "arxiv_version", its values
        # strings: the keys of Identifiers, which mypy cannot see through a dict[str, str].
        "identifiers": cast(Identifiers, found),
        "notes": notes,
        "attributes": attributes,
        "read_mark": read_mark,
        "link_notes": link_notes,
    }
    if authors:
        fields["authors"] = [clean(name) for name in authors]
    return fields
