"""An entry written as a citation -> clean title, authors, venue, year and short name.

Real lists write one paper in many ways; every one of these gives the title ``Title``:

    Title. Venue Year. [[paper](url)] [[code](url)]
    (NAME) Title. Venue Year.
    NAME: "Title". Colin Raffel et al. JMLR 2019.
    Title, Jane Doe, John Roe, Venue Year
    Doe, J., Roe, J., & Li, S. (2023). Title. arXiv preprint arXiv:2308.01234.
    Jane Doe, John Roe. 2006. [Title](url). In *Proceedings of NAACL 2006*.
    **Title** <br> Jane Doe, John Roe <br> Venue Year
    [Title](url) - Jane Doe, John Roe, Venue Year
    [`Venue Year`] Title. Jane Doe, John Roe [[pdf](url)]

    >>> parse_citation([{"text": '(T5) Exploring Transfer. Colin Raffel et al. JMLR 2019. '}])
    Citation(title='Exploring Transfer', authors=['Colin Raffel et al.'], venue=Venue(venue='JMLR', year=2019, month=None, date_year=None, date_month=None), short_name='T5')

The reader splits the text into sentences, sorts each into venue, year, author list or other, and
takes the first run of "other" sentences as the title; a link whose label is a title wins over all
that. Author names are recognised with nameparser's particles (van, de, bin...) and a list of
words that titles use and names do not.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from pipeline.entries import venues
from pipeline.entries.authors import APA_NAME, author_list, strong_names
from pipeline.entries.extract import Piece
from pipeline.entries.sentences import VENUE_SENTENCE, YEAR_ONLY, classify, sentence_spans, sentences, venue_of, \
    venue_sentence
from pipeline.text import is_generic_label

_APA = re.compile(
    rf"^(?P<authors>(?:{APA_NAME}[\s,&…]*+(?:and\b|\.\.\.)?+[\s,&…]*+)++)\((?P<year>(?:19|20)\d{{2}})[a-z]?(?:,\s*[A-Z][a-z]+\.?(?:\s+\d{{1,2}})?)?\)\.?\s*"
    rf"(?P<rest>.*)$")
_AUTHORS_YEAR = re.compile(r"^(?P<authors>.+?)\s*\((?P<year>(?:19|20)\d{2})[a-z]?\)[.:]?\s+(?P<rest>\S.*)$")
# A sentence ends at . ? ! followed by a space, except after an initial ("E.") or "vs."/"e.g."
_QUOTED = re.compile(r"[\"“”](?P<title>[^\"“”]{3,}?)[\"“”]|(?<!\w)['‘’](?P<single>[^'‘’]{8,}?)['‘’](?!\w)"
                     r"|《(?P<book>[^《》]{3,}?)》")  # and the title marks of Chinese text
_PREFIX = re.compile(r"^\s*(?:\[(?P<bracket>[^\[\]]{1,60})\]|\((?P<paren>[^()]{1,40})\)|【(?P<cjk>[^【】]{1,40})】)\s*")
_TAIL_NOTE = re.compile(r"\s*(?:【[^【】]*】|\([^()\w]*\)|\[[^\[\]\w]*\]|\(\s*:\s*[\d,]+\s*\))\s*$")
_TAIL_PAREN = re.compile(r"\s*[(（\[](?P<inner>[^()（）\[\]]{2,150})[)）\]]\s*\.?$")
_ARXIV_TAIL = re.compile(r"[,.]?\s*(?P<cited>(?:arxiv\s+preprint\s+)?arxiv\s*:\s*\d{4}\.[\dx]{4,5}(?:v\d+)?)"
                         r"(?:,?\s*(?:19|20)\d{2})?\.?$", re.IGNORECASE)  # "…, arXiv:1706.03762, 2017."
_JOURNAL_YEAR = re.compile(r"^(?P<title>.{12,}?[.?!])\s+(?P<venue>[A-Z][^,]{1,80}?),\s*(?P<year>(?:19|20)\d{2})\.?$")
_BY = re.compile(r"^by\s+")
_YEAR_END = re.compile(r"(?<!\d)(?:19|20)\d{2}$")
_MOST_NAMES = 40  # an author list longer than this is not looked for at a title's end
_LONGEST = 3000  # characters of an entry read as a citation; past that it is prose or a dump
#: "Venue: KDD 2022" (a sub-item folded into its entry): the label names the field, it is not part of it
_FIELD_LABEL = re.compile(r"^(?:venue|conference|journal|published\s+(?:in|at)|publication)\s*[:：]\s*", re.IGNORECASE)
_LINK_OPEN, _LINK_CLOSE, _FIRST_LINK = "\x01", "\x02", "\x03"


class Citation(NamedTuple):
    title: str
    authors: list[str]
    venue: venues.Venue | None
    short_name: str | None


#: "Wieting and Gimpel, 2018", "Niu et al., 2020", "Vaswani et al. (2017)": a reference that names
#: a paper by its authors and year only (leaderboards write it in their Paper / Source column)
_AUTHOR_YEAR = re.compile(r"^(?P<authors>[A-Z][\w'’-]+(?:\s+(?:and|&)\s+[A-Z][\w'’-]+|\s+et\s+al\.?)?),?\s*"
                          r"\(?(?P<year>(?:19|20)\d{2})[a-z]?\)?\.?$")


def author_year(text: str) -> tuple[list[str], int] | None:
    """The authors and year of an author-year reference, or None when ``text`` is anything else.

    >>> author_year("Wieting and Gimpel, 2018")
    (['Wieting', 'Gimpel'], 2018)
    >>> author_year("Niu et al., 2020")
    (['Niu et al.'], 2020)
    >>> author_year("Attention Is All You Need, 2017") is None
    True
    """
    found = _AUTHOR_YEAR.match(" ".join(text.split()))
    if found is None:
        return None
    names = found["authors"]
    if " et al" in names:
        return [names.split(" et al")[0] + " et al."], int(found["year"])
    return [name.strip() for name in re.split(r"\s+(?:and|&)\s+", names)], int(found["year"])


def parse_citation(pieces: list[Piece]) -> Citation:
    """Title, authors, venue and short name of one entry's pieces of text and links."""
    text, linked = _flatten(pieces)
    text = text[:_LONGEST]
    lead, _sep, after = text.partition(_FIRST_LINK)
    if linked is None and lead.strip(" \n[(【*_|-"):
        # "Title, venue, [[paper]](…) notes": what follows the links is not the title, but it may
        # hold the authors or the venue on a line of their own
        cited = _read(lead, None)
        lines = [_tidy(line) for line in after.split("\n")]
        authors = cited.authors or next(
            (names for line in lines[1:] if (names := author_list(line.rstrip("."), single=True))), [])
        # "Title [[paper]](…) NeurIPS 2017": a venue right after the links too, when it is all there is
        venue = cited.venue or next((place for line in lines if (place := _line_venue(line))), None)
        return cited._replace(authors=authors, venue=venue)
    return _read(text.replace(_FIRST_LINK, ""), linked)


def _read(text: str, linked: str | None) -> Citation:
    lines = [line for line in (_tidy(line) for line in text.split("\n")) if line]
    if not lines:
        return Citation("", [], None, None)
    # a line break ends a sentence: "[Title](url) <br> Jane Doe, John Roe <br> NeurIPS 2017"
    joined = " ".join(line if line.endswith((".", "?", "!", ":", ";", ",")) or number == len(lines) - 1
                      else f"{line}." for number, line in enumerate(lines))
    if linked is not None and (around := _around_link(joined, linked)) is not None:
        return around
    if len(lines) > 1 and sentences(lines[0]) and not _looks_like_authors(lines[0]):
        # "**Title** <br> Authors <br> Venue": one field per line
        first = _from_sentences(lines[0])
        authors, venue = list(first.authors), first.venue
        for line in lines[1:]:
            names = author_list(line.rstrip("."), single=True)
            if names and not authors:
                authors = names
            elif venue is None:
                venue = venue_of(_FIELD_LABEL.sub("", line))
        return Citation(first.title, authors, venue, first.short_name)
    return _from_sentences(" ".join(lines))


def _flatten(pieces: list[Piece]) -> tuple[str, str | None]:
    """The entry as text without generic links, and the label of the link that names the paper."""
    out: list[str] = []
    linked: str | None = None
    for piece in pieces:
        if "url" not in piece:
            out.append(piece.get("text", ""))
        elif is_generic_label(piece["label"]) or piece["url"].startswith("#"):
            out.append(" " if _FIRST_LINK in out else _FIRST_LINK)
        elif linked is None and len(piece["label"].split()) >= 2 and venue_of(piece["label"]) is None:
            linked = piece["label"]
            out.append(f"{_LINK_OPEN}{piece['label']}{_LINK_CLOSE}")
        else:
            out.append(piece["label"])
    return "".join(out), linked


def _tidy(text: str) -> str:
    """Whitespace collapsed; empty brackets left by generic links, leading emoji ("🔥🔥") and trailing
    notes ("【中文】", "(@Princeton)") dropped."""
    text = " ".join(text.split())
    text = re.sub(r"\s+(?=[,.](?:\s|$))", "", text)  # "Yang Feng , Chenze Shao ." as "Yang Feng, Chenze Shao."
    text = re.sub(r"(?<=\D)\s*\.(?=(?:19|20)\d{2}\.)", ". ", text)  # "Shao .2021." as "Shao. 2021."
    text = re.sub(r"^[^\w\[(【《\"“'‘*`_<\x01]+", "", text)
    text = re.sub(r"\s*\((?:vol|no|pp|pages)\b[^()]*\)", "", text, flags=re.IGNORECASE)  # "(Vol. 35, pp. 1-9)"
    text = re.sub(r"\s*[(（]@[^()（）]*[)）]\s*$", "", text)
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"\[\s*\]|\(\s*\)|【\s*】", " ", text)
        text = _TAIL_NOTE.sub("", text)
        text = " ".join(text.split()).strip(" |·-–—,;")
        text = re.sub(r"[\s\[(【（]+$", "", text)  # "Title. Authors [" before a link that was dropped
    return text


def _around_link(text: str, label: str) -> Citation | None:
    """``Authors. Year. [Title](url). In Venue.`` or ``[Title](url) - Authors, Venue Year``; None
    when text before the link reads as the title itself ("Title, [Project Name](url)")."""
    before, _sep, rest = text.partition(_LINK_OPEN)
    _label, _sep, after = rest.partition(_LINK_CLOSE)
    if not _only_lead(before):
        return None
    inner = _from_sentences(_tidy(label).strip(" *_"), lead=False)
    if not inner.title:  # "[In Neural Machine Translation, What Does Transfer Learning Transfer?](…)"
        inner = Citation(_tidy(label).strip(" *_"), [], None, None)
    short = inner.short_name
    venue = inner.venue
    authors = list(inner.authors)  # "[Berg, R., & Welling, M. (2017). Title.](url)": all in the label
    before = before.strip(" *_")
    year = None
    lead = _PREFIX.match(before)
    if lead and not before[lead.end():].strip(" :：-"):
        name = lead["bracket"] or lead["paren"] or lead["cjk"]
        venue = venue or venue_of(name.strip("`"))
        short = short or (None if venue else name.strip("`* "))
    for sentence in sentences(before):
        found_year = YEAR_ONLY.match(sentence.strip(" .*_"))
        if found_year:
            year = int(found_year["year"])
        elif venue is None and (found_venue := venue_of(sentence.strip(" .*_"))) is not None:
            venue = found_venue  # "NeurIPS 2023. [Title](url)"
        elif not authors:
            # "Doe, J., & Roe, K. (2017). [Title](url)": the pattern wants text after the year, and
            # the title that follows it is the link, so a stand-in is matched in its place
            apa = _AUTHORS_YEAR.match(sentence + " x")
            authors = author_list((apa["authors"] if apa else sentence).rstrip(" :"), single=True)
            if authors and apa:
                year = int(apa["year"])
    after = after.strip(" *_")
    if after:
        tail = _tail_fields(re.sub(r"^[\s,.:;\-–—|]+", "", after))
        authors = authors or tail.authors
        venue = venue or tail.venue
    if venue is None and year is not None:
        venue = venues.Venue(None, year, None, None, None)
    elif venue is not None and venue.year is None and year is not None:
        venue = venue._replace(year=year)
    return Citation(inner.title, authors, venue, short)


def _only_lead(before: str) -> bool:
    """Text before a title link holds no title of its own: nothing, a ``[NAME]``/``(NAME)`` or
    topic label (``**Topic**:``), a year, a venue or an author list."""
    before = before.strip(" *_-–—|")
    if not before or before.endswith((":", "：")) and len(before.split()) <= 6:
        return True
    while (prefix := _PREFIX.match(before)) is not None:
        before = before[prefix.end():].strip(" *_:：-–—")
    for sentence in sentences(before):
        bare = sentence.strip(" *_.,:")
        if sentence.rstrip().endswith((":", "：")) and len(sentence.split()) <= 6:
            continue  # "Mention Flags (MF): [Title](url)": a label before the title
        if not (YEAR_ONLY.match(bare) or venue_of(bare) or author_list(bare, single=True)
                or _AUTHORS_YEAR.match(sentence + " x")):
            return False
    return True


def _tail_fields(text: str) -> Citation:
    """What follows a linked title: authors and a venue, split by sentence or by comma."""
    authors: list[str] = []
    venue = None
    for sentence in sentences(text):
        sentence = _BY.sub("", sentence.strip(" *_"))  # "[Title](url) by Jane Doe"
        bracket = _TAIL_PAREN.search(sentence)
        if bracket and (inside := _bracket_fields(bracket["inner"])) is not None:
            authors = authors or inside.authors
            venue = venue or inside.venue
            sentence = sentence[: bracket.start()].strip(" *_,")
        if venue is None and (found := venue_of(sentence)):
            venue = found
            continue
        parts = [part.strip() for part in re.split(r"[,，]\s*", sentence)]
        if len(parts) > 1:  # "Jane Doe, John Roe, NeurIPS, 2017": the longest tail that is a venue
            size, found = next(((size, found) for size in (2, 1) if (found := venue_of(", ".join(parts[-size:])))),
                               (0, None))
            venue, parts = venue or found, parts[: len(parts) - size]
        names = author_list(", ".join(parts), single=True) if not authors else []
        if names:
            authors = names
    return Citation("", authors, venue, None)


def _from_sentences(text: str, lead: bool = True) -> Citation:
    """Title, authors and venue of a text without a title link."""
    short = None
    venue = None
    authors: list[str] = []
    text = text.replace(_LINK_OPEN, "").replace(_LINK_CLOSE, "").strip()
    if (arxiv := _ARXIV_TAIL.search(text)) and arxiv.start() > 0:
        venue = venue_of(arxiv["cited"])  # "Title, arXiv:2308.01234"
        text = text[: arxiv.start()]
    # leading "(NAME)", "[NAME]", "[`Venue Year`]"
    while (prefix := _PREFIX.match(text)) and text[prefix.end():].strip():
        name = (prefix["bracket"] or prefix["paren"] or prefix["cjk"]).strip("`*_ ")
        if (found := venue_of(name)) is not None and re.search(r"\d", name):
            venue = venue or found
        elif re.fullmatch(r"\d{4}\.\d{4,5}(?:v\d+)?", name):
            venue = venue or venue_of(f"arXiv:{name}")  # "[2305.00447] Title": an arXiv id, no short name
        elif short is None and len(name.split()) <= 4:
            short = name
        # else a longer tag ("[KV Cache FP8 + WINT4]"), which is neither name nor title
        text = text[prefix.end():].lstrip(" :：-–—")
    apa = _APA.match(text) or _AUTHORS_YEAR.match(text)
    if apa and (names := author_list(apa["authors"].rstrip(" ,"), single=True)):
        # "Authors (2023). Title. Venue."
        authors = names
        rest = _from_sentences(apa["rest"], lead=False)
        year: int | None = int(apa["year"])
        found = rest.venue or venue or venues.Venue(None, year, None, None, None)
        return Citation(rest.title, authors, found if found.year else found._replace(year=year),
                        short or rest.short_name)
    quoted = _QUOTED.search(text)
    head = text[: quoted.start()].strip() if quoted else ""
    if quoted and len((quoted["title"] or quoted["single"] or quoted["book"]).split()) >= 2 and \
            (not head or head.endswith((":", "：", ",")) and len(head.split()) <= 3):
        # 'T5: "Title"', not 'Critically Examining the "Neural Hype": …'

        head = text[: quoted.start()].strip(" :：-,")
        title = (quoted["title"] or quoted["single"] or quoted["book"]).strip(" .,")
        if head and len(head.split()) <= 3 and short is None:
            short = head  # 'T5: "Exploring ..."'
        tail = _tail_fields(text[quoted.end():].strip(" .,"))
        return Citation(title, tail.authors, venue or tail.venue, short)
    journal = _JOURNAL_YEAR.match(text)
    if journal and not author_list(journal["venue"], single=True) and len(journal["venue"].split()) <= 8:
        # "Title. User Model. User-Adapt. Interact., 2017": an abbreviated journal, then the year
        inner = _from_sentences(journal["title"], lead)
        return Citation(inner.title, inner.authors,
                        venues.Venue(venues.canonical_venue(journal["venue"]), int(journal["year"]), None, None, None),
                        short or inner.short_name)
    title_parts: list[str] = []
    year = None
    ended = False
    venue_before = venue  # from an arXiv tail or a "[Venue Year]" prefix, not from the sentences
    spans = sentence_spans(text)
    for number, (sentence, separator) in enumerate(spans):
        if (found_year := YEAR_ONLY.match(sentence.strip(" .*_"))) and not title_parts:
            year = int(found_year["year"])
            continue
        kind, value = classify(sentence, first=not title_parts and lead)
        # (a later sentence of names is read as authors by classify already)
        if kind == "other" and not authors and number + 1 < len(spans) and \
                len(names := author_list(sentence.rstrip("."), single=False)) >= 2 and \
                classify(spans[number + 1][0], first=False)[0] == "other":
            kind, value = "authors", names  # "Jane Doe, John Roe. Title. Venue 2023.": a title follows
        if kind == "other" and not ended:
            title_parts += [sentence, separator]  # "Recommender? A Study" keeps its question mark
            continue
        if title_parts:
            ended = True
        if kind == "authors+venue":
            authors, venue = value  # type: ignore[misc]
        elif kind == "venue" and venue is None:
            venue = value  # type: ignore[assignment]
        elif kind == "authors" and not authors:
            authors = value  # type: ignore[assignment]
    if title_parts:
        title = "".join(title_parts[:-1])
    else:  # no sentence reads as a title: the whole text is the title, not also its venue or authors
        title, authors, venue = text, [], venue_before
    title, tail_authors, tail_venue = _split_commas(title.rstrip(" ."))
    authors = authors or tail_authors
    venue = venue or tail_venue
    if venue is None and year is not None:
        venue = venues.Venue(None, year, None, None, None)
    return Citation(title.strip(" *_").rstrip(".,;:"), authors, venue, short)


def _split_commas(title: str) -> tuple[str, list[str], venues.Venue | None]:
    """``Title, Authors, Venue Year`` and ``Title (Venue Year)``: the tail parts taken off the title."""
    venue = None
    paren = _TAIL_PAREN.search(title)
    if paren and (found := _paren_venue(paren["inner"])) and title[: paren.start()].strip():
        return title[: paren.start()].rstrip(" ,."), [], found
    # cut points at each comma (and " | ", " - "), so the kept title is the text as written up to a cut
    separators = list(re.finditer(r"\s*[,，]\s*|\s+[|\-–—]\s+", title))
    ends = [*(match.start() for match in separators), len(title)]
    starts = [0, *(match.end() for match in separators)]
    count = len(ends)
    while count > 1 and venue_of(title[starts[count - 1]: ends[count - 1]].strip(" .")) is not None:
        count -= 1
    if count < len(ends):
        venue = venues.parse_venue(title[starts[count]:])  # "SIGIR2023, 2022/09" read as one
    for cut in range(max(1, count - _MOST_NAMES), count):  # bounded: no quadratic work on long texts
        names = author_list(title[starts[cut]: ends[count - 1]], single=False)
        if names and (venue is not None or len(names) >= 3 or strong_names(names)):
            return title[: ends[cut - 1]], names, venue
    if venue is not None:
        return title[: ends[count - 1]], [], venue
    # "… Representation Learning. arxiv2022/12" without a separator the sentence split saw
    last = re.match(r"^(?P<title>.+?)[\s.]\s*(?P<venue>[A-Za-z@\-]*\s?(?:19|20)\d{2}(?:/\d{1,2})?)$", title)
    if last and (found := venue_of(last["venue"])) and found.venue and len(last["title"].split()) >= 3:
        return last["title"].rstrip(" ,."), [], found
    return title, [], None


def _bracket_fields(inner: str) -> Citation | None:
    """The authors and venue in brackets after a title or its authors, or None when the brackets
    hold neither."""
    if (found := _paren_venue(inner)) is not None:
        return Citation("", [], found, None)  # "(NeurIPS 2017)", "… Jane Doe, John Roe (2017)"
    if (reference := author_year(inner)) is not None:
        names, year = reference  # "(Vaswani et al., 2017)"
        return Citation("", names, venues.Venue(None, year, None, None, None), None)
    fields = _tail_fields(inner)  # "(Jane Doe, John Roe, arXiv 2023)"
    return fields if fields.authors or fields.venue else None


def _line_venue(line: str) -> venues.Venue | None:
    """A venue that is a whole line, in brackets or not: "NeurIPS 2017", "(arXiv 2023)"."""
    bracket = _TAIL_PAREN.match(line)
    return _paren_venue(bracket["inner"]) if bracket else venue_of(line)


def _paren_venue(inner: str) -> venues.Venue | None:
    """The venue in brackets after a title or its authors: "NeurIPS 2023", "2023", or a journal or
    proceedings written out with its year ("IEEE Transactions on Pattern Analysis and Machine
    Intelligence 2020"), which is longer than venue_of takes a venue to be."""
    found = venue_of(inner)
    if found is None and _YEAR_END.search(inner) and VENUE_SENTENCE.search(inner):
        found = venue_sentence(inner)
    return found


def _looks_like_authors(text: str) -> bool:
    return bool(author_list(text.rstrip("."), single=False))
