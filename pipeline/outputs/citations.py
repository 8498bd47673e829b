"""The catalog for reference managers: citation keys, BibTeX (papers.bib) and CSL-JSON (papers.csl.json).

Citation keys are readable and derived from the paper: ``lian2024recai_2403.06465`` is the first
author's surname (when the lists give authors), the year and the first significant title word, then
a suffix from the paper id (the arXiv number, else 6 hex digits of the id's sha1) that makes it unique.

    >>> citation_key({"id": "arxiv:2305.19860", "title": "A Survey on LLMs for Recommendation", "year": 2023})
    'survey2023_2305.19860'
    >>> latex_escape("50% of {A} & B_c")
    '50\\\\% of \\\\textbraceleft{}A\\\\textbraceright{} \\\\& B\\\\_c'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any, Mapping, cast

from pipeline.catalog.shapes import Catalog, Paper
from pipeline.entries.authors import ET_AL, is_cut, name_parts

#: Venues that are journals (@article, CSL article-journal); other named venues are conferences or
#: workshops (@inproceedings, CSL paper-conference); arXiv and no venue are preprints (@misc).
JOURNALS = {"TOIS", "ACM TOIS", "TKDE", "TPAMI", "TMLR", "TORS", "WWWJ", "FCS", "TIST", "ACM TIST", "TKDD",
            "TNNLS", "TACL", "VLDB", "IEEE Data Engineering Bulletin"}
_JOURNAL_WORDS = re.compile(r"\b(journal|transactions|bulletin|magazine|letters)\b", re.IGNORECASE)
_STOPWORDS = {"a", "an", "the", "on", "of", "for", "and", "in", "to", "with", "via", "towards", "toward",
              "is", "are", "by", "from", "at", "as", "do", "does", "can", "when", "how", "what", "why", "be"}
# Characters that end or upset a BibTeX value or LaTeX: braces are spelled out because BibTeX counts
# even backslashed braces when it looks for the end of a value.
_LATEX = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "&": r"\&",
          "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}
# In URLs and DOIs (verbatim fields) only braces, backslashes, quotes and spaces are unsafe: percent-encode them.
_URL_UNSAFE = {"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20", '"': "%22", "\n": "%0A", "\t": "%09"}
# str.translate's tables: one C pass per text, not a dict look-up per character in Python
_LATEX_TABLE = str.maketrans(_LATEX)
_URL_TABLE = str.maketrans(_URL_UNSAFE)


def entry_kind(paper: Paper) -> str:
    """'article', 'inproceedings' or 'misc', from the venue."""
    venue = paper.get("venue")
    if not venue or venue == "arXiv":
        return "misc"
    if venue in JOURNALS or _JOURNAL_WORDS.search(venue):
        return "article"
    return "inproceedings"


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def authors(paper: Paper) -> list[str]:
    """The paper's author names when the catalog has them (records may not carry an ``authors`` field),
    without the "et al." of a cut list (``is_cut`` tells it)."""
    names = [" ".join(ET_AL.sub("", str(name)).split()) for name in paper.get("authors") or []]
    return [name for name in names if name]


def _surname(name: str) -> str:
    return name_parts(name)[1]


def citation_key(paper: Paper, suffix_digits: int = 6) -> str:
    """A readable BibTeX key made unique by a suffix taken from the paper id (see the module doc)."""
    words = [_ascii_word(word) for word in re.split(r"[\s:/]+", paper["title"])]
    word = next((w for w in words if w and w not in _STOPWORDS), "") or paper.get("kind") or "paper"
    names = authors(paper)
    surname = _ascii_word(_surname(names[0])) if names else ""
    year = str(paper["year"]) if paper.get("year") else ""
    readable = f"{surname}{year}{word[:20]}" if surname else f"{word[:20]}{year}"
    ident = paper["id"]
    suffix = ident[len("arxiv:"):] if ident.startswith("arxiv:") else \
        hashlib.sha1(ident.encode("utf-8")).hexdigest()[:suffix_digits]
    return f"{readable}_{suffix}"


def citation_keys(papers: list[Paper]) -> dict[str, str]:
    """{paper id: key}, unique: keys that would clash get a longer hash suffix."""
    keys = {paper["id"]: citation_key(paper) for paper in papers}
    seen: dict[str, list[str]] = {}
    for ident, key in keys.items():
        seen.setdefault(key, []).append(ident)
    by_id = {paper["id"]: paper for paper in papers}
    for key, idents in seen.items():
        if len(idents) > 1:  # two arXiv ids cannot clash; 6 hex digits of two other ids can, rarely
            for ident in idents:
                keys[ident] = citation_key({**by_id[ident], "id": f"#{ident}"}, suffix_digits=16)
    return keys


def latex_escape(text: str) -> str:
    """Text with every LaTeX special character spelled as a command, so that list text cannot break the file."""
    return " ".join(text.split()).translate(_LATEX_TABLE)


def protected_title(title: str) -> str:
    """The title escaped, with words holding a capital after their first letter (LLM, ChatGPT, Chat-REC)
    in braces so that styles that lower-case titles keep them."""
    out = []
    for word in " ".join(title.split()).split(" "):
        escaped = latex_escape(word)
        out.append(f"{{{escaped}}}" if any(char.isupper() for char in word[1:]) else escaped)
    return " ".join(out)


def url_safe(url: str) -> str:
    return url.translate(_URL_TABLE)


def cited_by(paper: Paper) -> str:
    return f"Cited by {len(paper['lists'])} list{'' if len(paper['lists']) == 1 else 's'}: {', '.join(paper['lists'])}"


def bibtex_fields(paper: Paper) -> list[tuple[str, str]]:
    """The (field, value) pairs of a paper's entry, values already escaped for BibTeX, in a fixed order."""
    ids = paper["identifiers"]
    kind = entry_kind(paper)
    fields = [("title", protected_title(paper["title"]))]
    names = authors(paper)
    if names:
        # " and " separates names in BibTeX: one inside a name is braced so it stays part of it
        others = " and others" if is_cut(paper.get("authors") or []) else ""  # BibTeX's "et al."
        fields.append(("author", " and ".join(latex_escape(name).replace(" and ", " {and} ") for name in names)
                       + others))
    if paper.get("year"):
        fields.append(("year", str(paper["year"])))
    # entry_kind names a journal or proceedings only for a paper with a venue
    if kind == "article":
        fields.append(("journal", latex_escape(cast(str, paper["venue"]))))
    elif kind == "inproceedings":
        fields.append(("booktitle", latex_escape(cast(str, paper["venue"]))))
    doi, arxiv, url = ids.get("doi"), ids.get("arxiv"), paper["urls"].get("paper")
    if doi:
        fields.append(("doi", url_safe(doi)))
    if arxiv:
        fields += [("eprint", url_safe(arxiv)), ("archiveprefix", "arXiv")]
    if url:
        fields.append(("url", url_safe(url)))
    fields.append(("keywords", latex_escape(", ".join(paper["lists"]))))
    fields.append(("note", latex_escape(cited_by(paper))))
    return fields


def papers_bibtex(catalog: Catalog, keys: Mapping[str, str] | None = None) -> str:
    """papers.bib: one entry per paper, in the catalog's order (sorted by id), written by bibtexparser.
    ``keys`` are the papers' citation_keys, when the caller has them already."""
    # bibtexparser is imported when papers.bib is written, not by every user of citation_key
    from bibtexparser.entrypoint import write_string
    from bibtexparser.library import Library
    from bibtexparser.middlewares import default_unparse_stack
    from bibtexparser.model import Entry, Field
    from bibtexparser.writer import BibtexFormat

    keys = citation_keys(catalog["papers"]) if keys is None else keys
    library = Library([
        Entry(entry_kind(paper), keys[paper["id"]], [Field(name, value) for name, value in bibtex_fields(paper)])
        for paper in catalog["papers"]])
    form = BibtexFormat()  # type: ignore[no-untyped-call]  # bibtexparser leaves its __init__ unannotated
    form.indent = "  "
    form.block_separator = "\n"
    # The library is made here and dropped after: its entries may be changed in place. bibtexparser's
    # default stack deep-copies every entry first (1.3 of 3 s at 28,000 papers) and warns about it.
    return write_string(library, unparse_stack=default_unparse_stack(allow_inplace_modification=True),
                        bibtex_format=form)


def csl_item(paper: Paper, key: str) -> dict[str, Any]:
    """One CSL-JSON item (CSL 1.0.2 variable names; plain text, no markup)."""
    ids = paper["identifiers"]
    kind = entry_kind(paper)
    item: dict[str, Any] = {
        "id": key, "title": " ".join(paper["title"].split()),
        "type": {"article": "article-journal", "inproceedings": "paper-conference", "misc": "article"}[kind],
        "keyword": ", ".join(paper["lists"]), "note": cited_by(paper),
    }
    names = authors(paper)
    if names:
        item["author"] = [_csl_name(name) for name in names]
    if paper.get("year"):
        item["issued"] = {"date-parts": [[paper["year"]]]}
    if kind != "misc":
        item["container-title"] = paper["venue"]
    elif ids.get("arxiv"):
        item["publisher"] = "arXiv"
        item["number"] = f"arXiv:{ids['arxiv']}"
    if ids.get("doi"):
        item["DOI"] = ids["doi"]
    if paper["urls"].get("paper"):
        item["URL"] = paper["urls"]["paper"]
    return item


def _csl_name(name: str) -> dict[str, str]:
    given, family = name_parts(name)
    return {"literal": family} if given is None else {"family": family, "given": given}


def papers_csl(catalog: Catalog, keys: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """papers.csl.json: the CSL-JSON items, ids equal to the BibTeX keys (``keys``, as papers_bibtex)."""
    keys = citation_keys(catalog["papers"]) if keys is None else keys
    return [csl_item(paper, keys[paper["id"]]) for paper in catalog["papers"]]
