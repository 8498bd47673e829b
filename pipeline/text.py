"""Text rules every stage shares: mojibake repair (ftfy's one setting), read marks, the ``NAME:``
prefix of a title, and the labels that say what a link is rather than what it is called.

Entries, records and matching all read titles and cells as the lists write them; each rule lives
here once, so that extraction and deduplication cannot drift apart (they did: two read-mark sets,
two prefix patterns, three ftfy settings).
"""

from __future__ import annotations

import re

import ftfy

#: Marks a list puts after a title it has read (``Title ✅``): never part of the title.
READ_MARKS = "✅✔☑✓"
_READ_MARK = re.compile(f"[{READ_MARKS}]")
#: ``NAME: rest`` and ``NAME：rest``: the first colon followed by a space, at most 40 characters in.
_PREFIX = re.compile(r"^\s*([^:：]{1,40}?)\s*[:：]\s+(.+)$")
#: Link labels that name what a link is rather than the paper ("[Paper]", "[code]", "知乎").
GENERIC_LABELS = frozenset({
    "paper", "papers", "code", "link", "links", "pdf", "survey", "arxiv", "project", "github", "website", "homepage",
    "data", "dataset", "repo", "n/a", "slides", "video", "blog", "demo", "talk", "openreview", "acm", "ieee",
    "doi", "url", "here", "citation", "paper link", "code link", "project page", "official code",
    "unofficial code", "supplementary", "poster", "bib", "bibtex", "abstract", "html", "pdf link", "github link",
    "arxiv link", "pytorch", "tensorflow", "official", "dataset link", "model", "weights", "checkpoint",
    "huggingface", "page", "site", "source", "download", "notes", "note", "review", "reviews", "知乎", "论文",
    "代码", "deepmind talk", "docs", "doc", "report", "tech report", "torch", "na", "mindspore", "paddle", "jax",
    "keras", "python", "matlab", "c++", "java",
})


def fix_mojibake(text: str, widths: bool = False) -> str:
    """Repair text decoded with the wrong encoding ("Ã©" -> "é"); nothing else by default: curly quotes,
    ligatures and HTML entities stay as written. ``widths`` also turns full-width forms into ASCII
    ("，" -> ","), which reading venues and years wants.

    >>> fix_mojibake("CafÃ© ﬁrst “quoted” &amp;")
    'Café ﬁrst “quoted” &amp;'
    >>> fix_mojibake("SIGIR，2022", widths=True)
    'SIGIR,2022'
    """
    if text.isascii():
        return text  # mojibake needs non-ASCII characters; ftfy is slow, so skip it when it cannot help
    return ftfy.fix_text(text, uncurl_quotes=False, fix_character_width=widths, fix_latin_ligatures=False,
                         unescape_html=False)


def strip_read_mark(text: str) -> tuple[str, bool]:
    """The text without the read marks at its end, and whether there were any.

    >>> strip_read_mark("Attention Is All You Need ✅")
    ('Attention Is All You Need', True)
    """
    stripped = text.rstrip().rstrip(READ_MARKS).rstrip()
    return stripped, stripped != text.rstrip()


def blank_read_marks(text: str) -> str:
    """Every read mark, wherever it stands, turned into a space (titles compared for matching)."""
    return _READ_MARK.sub(" ", text)


def name_prefix(title: str) -> tuple[str, str] | None:
    """(name, rest) of a ``NAME: rest`` title, or None. Callers decide which names count: a record's
    short name is one word, matching drops a name of up to three words.

    >>> name_prefix("IDGenRec: LLM-RecSys Alignment")
    ('IDGenRec', 'LLM-RecSys Alignment')
    >>> name_prefix("No colon here") is None
    True
    """
    found = _PREFIX.match(title)
    return (found.group(1), found.group(2)) if found else None


#: Emoji and other pictographs (with their joiners and variation selectors) at a label's ends:
#: "[📝Paper]", "[💻 Code]", "[⭐️ Project]" say what the link is as "[Paper]" does.
_EDGE_SYMBOLS = re.compile(r"^[\s\u2190-\u2bff\u2600-\u27bf\ufe0f\u200d\U0001f000-\U0001faff]+|"
                           r"[\s\u2190-\u2bff\u2600-\u27bf\ufe0f\u200d\U0001f000-\U0001faff]+$")


def is_generic_label(label: str) -> bool:
    """A link label such as "Paper", "[code]", "**PDF**:" or a bare URL, which names no paper.

    >>> [is_generic_label(label) for label in ("[Paper]", "Code:", "https://x.org", "", "BERT", "📝Paper", "[🔗 Link]")]
    [True, True, True, True, False, True, True]
    """
    marks = "[]()【】 :：*_`"
    bare = _EDGE_SYMBOLS.sub("", label.strip(marks)).strip(marks).casefold()
    return bare in GENERIC_LABELS or bare.startswith(("http://", "https://", "www.")) or not bare
