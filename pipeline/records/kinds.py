"""What a record is (paper, survey, repository, tool, model, dataset, blog, course, list...) and why.

Pure. Every decision names the rule that made it (``kind_reason``), so a maintainer can see why an
entry left the papers. The order of the rules is the order of trust:

1. the table says it: a Dataset, Benchmark or Repo Name column (``dataset-column``...);
2. the deepest telling heading is a dataset or benchmark section (``dataset-section``,
   ``benchmark-section``); the catalog keeps those that come with a paper among the papers;
3. a paper identifier (``identifier``) or a link to a paper host or a PDF (``paper-link``): a paper,
   or a survey when its own title says so (``survey-title``), a Type column says so
   (``survey-column``) or its section is devoted to surveys (``survey-section``), never because the
   list's title says survey;
4. the links and the section of an entry with nothing of 3: a list of lists (``awesome-list``,
   ``paper-list``, ``list-section``), a model, dataset or Space on Hugging Face
   (``huggingface-model``...), a blog post (``blog-link``, ``blog-section``), a model announcement
   (``announcement-page``), a course (``course-link``, ``course-section``), a talk (``video-link``),
   data (``dataset-link``), a tool (``tool-section``, ``docs-page``, ``product-page``), a repository
   or resource section (``repository-section``, ``resource-section``);
5. a venue, a year or the shape of a citation (``citation``), or a row of a table column that the
   list names Paper or Title (``paper-column``): a paper (or a survey, as in 3);
6. a code host's repository with nothing paper-like (``code-repository``);
7. anything else is ``unknown`` (``no-evidence``) rather than a guessed paper.

The list's own title (its first level-1 heading) says nothing about the kind of its entries.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple, NotRequired, TypedDict

from pipeline.records.fields import TITLE_COLUMNS
from pipeline.records.hosts import CODE_HOSTS, host_of, on_host, place_of, split_url
from pipeline.records.shapes import Identifiers, RecordKind

#: Hosts that serve papers (or their landing pages): a link there is a sign of a paper.
PAPER_HOSTS = (
    "arxiv.org", "aclweb.org", "aclanthology.org", "aclanthology.info", "openreview.net", "dl.acm.org",
    "delivery.acm.org", "ieeexplore.ieee.org", "papers.nips.cc", "proceedings.neurips.cc", "neurips.cc",
    "proceedings.mlr.press", "jmlr.org", "openaccess.thecvf.com", "cv-foundation.org", "ecva.net",
    "ijcai.org", "aaai.org", "link.springer.com", "sciencedirect.com", "semanticscholar.org",
    "researchgate.net", "dblp.org", "doi.org", "ssrn.com", "biorxiv.org", "medrxiv.org", "nature.com",
    "science.org", "pnas.org", "academic.oup.com", "onlinelibrary.wiley.com", "tandfonline.com",
    "mdpi.com", "iopscience.iop.org", "jstage.jst.go.jp", "transacl.org", "ceur-ws.org", "vldb.org",
    "usenix.org", "citeseerx.ist.psu.edu", "isca-speech.org", "iclr.cc", "kdd.org", "iospress.nl",
    "papers.miccai.org", "biomedcentral.com", "frontiersin.org", "plos.org", "cell.com", "sci-hub.tw",
    "sci-hub.se", "mt-archive.info", "alphaxiv.org")
#: Table columns that hold papers: the list itself says its rows are papers.
#: The columns that name a row's paper: the same as those fields.py reads the title from.
PAPER_COLUMNS = TITLE_COLUMNS
#: Google Scholar's hosts differ by country (scholar.google.com.hk, .co.uk...): matched by prefix.
SCHOLAR_PREFIX = "scholar.google."
BLOG_HOSTS = ("medium.com", "substack.com", "blogspot.com", "wordpress.com", "towardsdatascience.com",
              "zhuanlan.zhihu.com", "mp.weixin.qq.com", "lilianweng.github.io", "jalammar.github.io",
              "colah.github.io", "thegradient.pub", "hashnode.dev", "dev.to", "blog.csdn.net",
              "cnblogs.com", "jianshu.com", "lesswrong.com", "ghost.io")
#: Pages where labs announce their models (a post, not a paper).
ANNOUNCEMENT_HOSTS = ("openai.com", "anthropic.com", "ai.meta.com", "deepmind.google", "deepmind.com",
                      "mistral.ai", "qwenlm.github.io", "qwen.ai", "x.ai", "blog.google", "ai.google",
                      "ai.googleblog.com", "research.google", "moonshot.ai", "deepseek.com",
                      "huggingface.co/blog")
VIDEO_HOSTS = ("youtube.com", "youtu.be", "bilibili.com", "vimeo.com", "slideslive.com",
               "videolectures.net")
COURSE_HOSTS = ("coursera.org", "edx.org", "udacity.com", "udemy.com", "fast.ai", "course.fast.ai",
                "deeplearning.ai", "mooc.org", "ocw.mit.edu")
DATASET_HOSTS = ("kaggle.com/datasets", "paperswithcode.com/dataset", "zenodo.org", "figshare.com",
                 "grouplens.org/datasets", "archive.ics.uci.edu")
#: Hosts of people's own pages: a link to their front page is no product page.
PERSONAL_HOSTS = ("github.io", "gitee.io", "linkedin.com", "twitter.com", "x.com", "zhihu.com",
                  "facebook.com", "weibo.com", "google.com", "sites.google.com")
# "Review" alone is no sign: "Review-aware Recommendation" is about users' reviews.
SURVEY_WORDS = re.compile(r"\b(surveys?|overviews?|tutorials?|primer)\b|^reviews? of\b|\breview of the\b"
                          r"|\b(a|an|literature|systematic|critical|comprehensive|extensive|brief|short)\s+review\b"
                          r"|:\s*(a\s+)?review\b", re.IGNORECASE)
# "Survey", "1. Survey Papers", "[01-Surveys]", "Related Survey Papers", "Tutorials and Surveys", "The
# comparison between this work and existing surveys"; not a list's own title ("…: A Survey and Beyond",
# "… -- A Survey") nor "to be Added to Our Survey".
_SURVEY_SECTION = re.compile(r"\b(surveys|survey papers|tutorials)\b|^(\W*\w+\W+)?survey\W*$")
_SINGLE_SURVEY = re.compile(r"\b(a|an|our|this|the)\s+(\w+\s+)?survey\b")
# Repositories and titles that are lists of papers: "RSPapers", "rtb-papers", "Deep-Reasoning-Papers",
# "paper-list", "Reading List for …", "…论文列表".
_PAPER_LIST = re.compile(r"papers$|paper-?lists?|reading[- ]?lists?|paper lists?|论文列表|papers列表")
# A match starts where a word starts (the same matches as without the look-behind: re.sub takes
# the leftmost); without it, a long word with no "://" was scanned again from each of its letters,
# 13 s for one 100,000-character entry.
_URL = re.compile(r"(?<!\w)\w+://\S+")
_YEAR = re.compile(r"(?<![\d/.])(19[5-9]\d|20[0-4]\d)(?![\d/])")
# "Firstname Lastname, Firstname Lastname": two names with capitals, as citations list authors.
# A name is at most four words: unbounded, a long run of capitalised words without a comma made the
# search quadratic (a 100,000-character title took half a minute).
_AUTHORS = re.compile(r"\b[A-Z][\w'.-]+(?: [A-Z][\w'.-]*){1,3}, (?:and )?[A-Z][\w'.-]+(?: [A-Z][\w'.-]*){1,3}")



class Evidence(TypedDict):
    """What a record's kind is decided from (``decide_kind``): its fields and the list's title."""

    title: str
    text: NotRequired[str]  #: the item's text or the row's cells as found
    section: list[str]
    headers: list[str] | None
    attributes: NotRequired[dict[str, str]]
    urls: list[str]
    identifiers: Identifiers
    venue: str | None
    year: int | None
    authors: NotRequired[list[str] | None]
    list_title: NotRequired[str | None]  #: the document's title, which says nothing of its entries


class Kind(NamedTuple):
    """A record's kind and the name of the rule that decided it (the record's ``kind_reason``)."""
    kind: RecordKind
    reason: str


def is_paper_link(url: str) -> bool:
    """A link to a paper host, Google Scholar, Hugging Face's paper pages or a PDF file."""
    place = place_of(url)
    return (on_host(url, PAPER_HOSTS) or host_of(url).startswith(SCHOLAR_PREFIX) or place.endswith(".pdf")
            or place.startswith(("huggingface.co/papers/", "paperswithcode.com/paper/")))


def repository_of(url: str) -> str | None:
    """``github.com/owner/repo`` (lower-case) for a link into a code host's repository, else None."""
    host = host_of(url)
    if host not in CODE_HOSTS:
        return None
    parts = [part for part in split_url(url).path.split("/") if part]
    if len(parts) < 2 or parts[0] in ("orgs", "topics", "search", "sponsors", "features", "marketplace"):
        return None
    return f"{host}/{parts[0].lower()}/{parts[1].lower().removesuffix('.git')}"


def citation_shape(title: str, text: str, venue: str | None, year: int | None,
                   authors: list[str] | None = None) -> bool:
    """Whether an entry reads as a citation: a venue, a year or authors beside the title.

    Today the fields give venue and year; ``authors`` (once parsed) and the entry's own text (a year
    or an author list the field parser left in place) say the same.
    """
    if venue or year or authors:
        return True
    # A year the field parser left inside the title ("… Tables. AAAI 2020.") still dates the entry;
    # one inside an address ("…/aaai-2020-zhu") does not.
    text = _URL.sub(" ", text)
    rest = text.replace(title, " ", 1) if title else text
    return bool(_YEAR.search(text) or _AUTHORS.search(rest))


def _dated_only(evidence: Evidence) -> bool:
    """A year and nothing else of a citation: a table's Date column says when a row was added."""
    rest = evidence.get("text") or ""
    return (evidence["year"] is not None and not evidence["venue"] and not evidence.get("authors")
            and not _AUTHORS.search(rest))


def paper_signs(evidence: Evidence) -> list[str]:
    """Every sign of a paper the entry shows: identifier, paper-link, citation."""
    urls = evidence["urls"]
    signs = []
    if evidence["identifiers"]:
        signs.append("identifier")
    if any(is_paper_link(url) for url in urls):
        signs.append("paper-link")
    if citation_shape(evidence["title"], evidence.get("text") or "", evidence["venue"], evidence["year"],
                      evidence.get("authors")):
        signs.append("citation")
    # A title of three words or more: "[docs]" or "⚠️" in a Paper column says there is no paper.
    if any(" ".join(header.casefold().split()) in PAPER_COLUMNS for header in evidence["headers"] or []) \
            and len(re.findall(r"\w+", evidence["title"])) >= 3:
        signs.append("paper-column")
    return signs


def _words(heading: str) -> str:
    return " ".join(re.sub(r"[^\w\s/&-]", " ", heading.casefold()).split())


@functools.lru_cache(maxsize=8192)
def is_survey_heading(heading: str) -> bool:
    """A section (or column) the list devotes to surveys; a list's own title is none."""
    words = _words(heading)
    words = re.sub(r"^[\d\s.-]+", "", words)
    if "our survey" in words or _SINGLE_SURVEY.search(words) and "surveys" not in words:
        return False
    return bool(_SURVEY_SECTION.search(words)) and len(words.split()) <= 8


def says_survey(title: str) -> bool:
    return bool(SURVEY_WORDS.search(title))


def _column_kind(headers: list[str] | None) -> Kind | None:
    lowered = [header.casefold().strip() for header in headers or []]
    if any(header in ("dataset", "datasets") for header in lowered):
        return Kind("dataset", "dataset-column")
    if any(header.startswith("benchmark") for header in lowered):
        return Kind("benchmark", "benchmark-column")
    if any(header in ("repo name", "repository", "maintainer") for header in lowered):
        return Kind("repository", "repository-column")
    return None


def _survey_column(headers: list[str] | None, attributes: dict[str, str]) -> bool:
    """A column named for surveys, or a type/category column whose value says survey."""
    for header, value in attributes.items():
        if header.casefold().strip() in ("type", "category", "kind") and says_survey(value):
            return True
    return any(header.casefold().strip() in ("survey", "surveys") for header in headers or [])


def _heading_kind(heading: str, urls: list[str]) -> Kind | None:
    """The kind a heading gives entries without a paper sign, or None when it says nothing of kind."""
    kind = _heading_says(heading)
    if kind is not None and kind.reason == "repository-section" and not (urls and all(map(repository_of, urls))):
        return Kind("resource", "resource-section")
    return kind


# Every entry of a section asks about the same headings: read each heading once.
@functools.lru_cache(maxsize=8192)
def _heading_says(heading: str) -> Kind | None:
    words = _words(heading)
    if "dataset" in words and "benchmark" in words:
        return None  # "Datasets & Benchmarks": the subsection says which
    if "dataset" in words:
        return Kind("dataset", "dataset-section")
    if "benchmark" in words:
        return Kind("benchmark", "benchmark-section")
    if re.search(r"\b(awesome|paper|reading|other) lists\b|\blists of\b", words):
        return Kind("list", "list-section")
    if re.search(r"\b(tools?|toolkits?|frameworks?|librar(y|ies)|software|platforms?|engines?|apis?)\b", words):
        return Kind("tool", "tool-section")
    if re.search(r"\b(courses?|lectures?|classes)\b", words):
        return Kind("course", "course-section")
    if re.search(r"\bblogs?\b|\bblog posts?\b", words):
        return Kind("blog", "blog-section")
    if "repositor" in words or "resources" in words:
        return Kind("repository", "repository-section")  # a resource-section unless every link is a repository
    return None


def _link_kind(title: str, urls: list[str]) -> Kind | None:
    """The kind the links of an entry without a paper sign give it."""
    repos = [repo for repo in map(repository_of, urls) if repo]
    if any("awesome" in repo.split("/")[-1] for repo in repos) or title.casefold().startswith("awesome"):
        return Kind("list", "awesome-list")
    if any(_PAPER_LIST.search(repo.split("/")[-1]) for repo in repos) or _PAPER_LIST.search(title.casefold()):
        return Kind("list", "paper-list")
    for url in urls:
        place = place_of(url)
        if place.startswith("huggingface.co/datasets/"):
            return Kind("dataset", "huggingface-dataset")
        if place.startswith("huggingface.co/spaces/"):
            return Kind("tool", "huggingface-space")
        if host_of(url) == "huggingface.co" and len(place.split("/")) == 3 and not place.startswith(
                ("huggingface.co/blog/", "huggingface.co/docs/", "huggingface.co/learn/")):
            return Kind("model", "huggingface-model")
    for url in urls:
        place = place_of(url)
        if not on_host(url, CODE_HOSTS) and (on_host(url, BLOG_HOSTS) or "/blog" in place
                                         or host_of(url).startswith("blog.")):
            return Kind("blog", "blog-link")
        if on_host(url, ANNOUNCEMENT_HOSTS):
            return Kind("model", "announcement-page")
        if on_host(url, COURSE_HOSTS) or re.search(r"/(courses?|class|teaching)/", place + "/"):
            return Kind("course", "course-link")
        if on_host(url, VIDEO_HOSTS):
            return Kind("resource", "video-link")
        if on_host(url, DATASET_HOSTS):
            return Kind("dataset", "dataset-link")
        host = host_of(url)
        if (host.startswith("docs.") and host != "docs.google.com") or host == "pypi.org" \
                or host.endswith(("readthedocs.io", "readthedocs.org")):
            return Kind("tool", "docs-page")
    for url in urls:
        path = split_url(url).path.strip("/") if host_of(url) else "x"
        host = host_of(url)
        if (not path and host and not on_host(url, CODE_HOSTS + PERSONAL_HOSTS) and ".edu" not in host
                and ".ac." not in host and len(title.split()) <= 4):
            return Kind("tool", "product-page")
    return None


def decide_kind(evidence: Evidence) -> Kind:
    """The kind of one record and the rule that decided it.

    ``evidence`` holds the record's ``title``, ``text`` (as found), ``section`` (headings, outermost
    first), ``headers`` (None for list items), ``attributes``, ``urls``, ``identifiers``, ``venue``
    and ``year``; ``authors`` when known, and ``list_title``, the document's own title, which says
    nothing about the kind of its entries.

    >>> decide_kind({"title": "Awesome RecSys", "text": "", "section": ["Other lists"], "headers": None,
    ...              "attributes": {}, "urls": ["https://github.com/a/awesome-recsys"],
    ...              "identifiers": {}, "venue": None, "year": None})
    Kind(kind='list', reason='awesome-list')
    """
    title, urls = evidence["title"], evidence["urls"]
    column = _column_kind(evidence["headers"])
    if column:
        return column
    section = [heading for heading in evidence["section"] if heading != evidence.get("list_title")]
    # The deepest heading that tells a kind decides: a "Datasets" subsection of "Surveys" holds datasets.
    deepest = next((kind for kind in map(lambda h: _heading_kind(h, urls), reversed(section)) if kind), None)
    if deepest and deepest.kind in ("dataset", "benchmark"):
        return deepest  # the catalog keeps those that come with a paper among the papers
    signs = paper_signs(evidence)
    survey = _survey(title, section, evidence["headers"], evidence.get("attributes") or {})
    if "identifier" in signs or "paper-link" in signs:
        return survey or Kind("paper", signs[0])
    found = _link_kind(title, urls) or deepest
    if found:
        return found
    repositories = bool(urls) and all(repository_of(url) for url in urls)
    # A bare year beside links that are no paper's (a Date column of tools) is no citation.
    if "paper-column" in signs or ("citation" in signs and not (urls and _dated_only(evidence))):
        return survey or Kind("paper", "citation" if "citation" in signs else "paper-column")
    if repositories:
        return Kind("repository", "code-repository")
    return Kind("unknown", "no-evidence")


def _survey(title: str, section: list[str], headers: list[str] | None, attributes: dict[str, str]) -> Kind | None:
    if says_survey(title):
        return Kind("survey", "survey-title")
    if _survey_column(headers, attributes):
        return Kind("survey", "survey-column")
    for heading in reversed(section):
        if is_survey_heading(heading):
            return Kind("survey", "survey-section")
        if _heading_says(heading):
            return None
    return None


def is_own_link(url: str, home: str | None) -> bool:
    """A link to the list itself: an anchor of the document, a relative link to one of its markdown
    pages, or (``home`` being its ``github.com/owner/repo``) any branch, page or anchor of its
    repository. Files kept in the repository (a paper's PDF) are entries, not the list."""
    if url.startswith("#"):
        return True
    try:
        parts = split_url(url)
    except ValueError:
        return False
    path = parts.path.lower().rstrip("/")
    page = not re.search(r"\.[a-z0-9]{1,5}$", path) or path.endswith((".md", ".markdown"))
    if not parts.scheme and not parts.netloc:
        return bool(path) and path.endswith((".md", ".markdown"))
    return home is not None and repository_of(url) == home and page
