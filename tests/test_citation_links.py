"""Citations around a title link, sub-items folded into their entry, and the sentence and name rules they lean on.

Lines marked ``# devcorpus <file>:<line>`` are quoted byte for byte from the dev corpus; the others
are written here for a shape no real line of ours shows, each expectation worked out from the rule
its test names.
"""

import pytest

from pipeline.entries.authors import author_list
from pipeline.entries.citation import parse_citation
from pipeline.entries.sentences import sentence_spans
from pipeline.entries.venues import Venue, parse_venue
from tests.helpers import only_record_fields

FIELDS = ("title", "authors", "venue", "year", "short_name")


@pytest.mark.parametrize("markdown,expected", [
    (  # devcorpus THUNLP-MT+MT-Reading-List/b79517bc/README.md:469: the label alone once read as a name
        "* Nima Pourdamghani and Kevin Knight. 2017. [Deciphering Related Languages]"
        "(http://aclweb.org/anthology/D17-1266). In *Proceedings of EMNLP 2017*. ([Citation]"
        "(https://scholar.google.com.hk/scholar?cites=1168382888604094286&as_sdt=2005&sciodt=0,5&hl=en): 5)",
        ("Deciphering Related Languages", ["Nima Pourdamghani", "Kevin Knight"], "EMNLP", 2017, None),
    ),
    (  # devcorpus THUNLP-MT+MT-Reading-List/b79517bc/README.md:548: a title starting "In" is no venue
        "* Alham Fikri Aji, Nikolay Bogoychev, Kenneth Heafield and Rico Sennrich. 2020. [In Neural Machine "
        "Translation, What Does Transfer Learning Transfer?](https://www.aclweb.org/anthology/2020.acl-main.688/). "
        "In *Proceedings of ACL 2020*.",
        ("In Neural Machine Translation, What Does Transfer Learning Transfer?",
         ["Alham Fikri Aji", "Nikolay Bogoychev", "Kenneth Heafield", "Rico Sennrich"], "ACL", 2020, None),
    ),
    (  # devcorpus wzhe06+Reco-papers/78796966/README.md:12: a whole label is not also its author
        "* [Honglei Zhang的推荐系统论文列表](https://github.com/hongleizhang/RSPapers)",
        ("Honglei Zhang的推荐系统论文列表", None, None, None, None),
    ),
    (  # APA authors and year before the link: the year needs no text after it
        "- Doe, J., & Roe, K. (2017). [Attention Is All You Need](https://arxiv.org/abs/1706.03762). "
        "In Advances in NeurIPS.",
        ("Attention Is All You Need", ["Doe, J.", "Roe, K."], "Advances in NeurIPS", 2017, None),
    ),
    (  # a venue before the link is the entry's venue; the names after it its authors
        "- NeurIPS 2023. [Graph Neural Networks for Ranking](https://arxiv.org/abs/2301.00001). Jane Doe, John Roe.",
        ("Graph Neural Networks for Ranking", ["Jane Doe", "John Roe"], "NeurIPS", 2023, None),
    ),
    (  # devcorpus benedekrozemberczki+awesome-graph-classification/548d74b4/chapters/deep_learning.md:309-316:
        # sub-items of implementations in several languages fold into the entry (they were records of their own)
        "- **An End-to-End Deep Learning Architecture for Graph Classification (AAAI 2018)**\n"
        "  - Muhan Zhang, Zhicheng Cui, Marion Neumann and Yixin Chen\n"
        "  - [[Paper]](https://www.cse.wustl.edu/~muhan/papers/AAAI_2018_DGCNN.pdf)\n"
        "  - [[Python Tensorflow Reference]](https://github.com/muhanzhang/DGCNN)    \n"
        "  - [[Python Pytorch Reference]](https://github.com/muhanzhang/pytorch_DGCNN)\n"
        "  - [[MATLAB Reference]](https://github.com/muhanzhang/DGCNN)\n"
        "  - [[Python Alternative]](https://github.com/leftthomas/DGCNN)\n"
        "  - [[Python Alternative]](https://github.com/hitlic/DGCNN-tensorflow)",
        ("An End-to-End Deep Learning Architecture for Graph Classification",
         ["Muhan Zhang", "Zhicheng Cui", "Marion Neumann", "Yixin Chen"], "AAAI", 2018, None),
    ),
    (  # devcorpus benedekrozemberczki+awesome-graph-classification/548d74b4/chapters/deep_learning.md:44
        "- **Second-Order Pooling for Graph Neural Networks (IEEE Transactions on Pattern Analysis and Machine "
        "Intelligence 2020)**",
        ("Second-Order Pooling for Graph Neural Networks", None,
         "IEEE Transactions on Pattern Analysis and Machine Intelligence", 2020, None),
    ),
    (  # a bracketed tail that names no venue stays in the title
        "- [A Study of Graphs (of Things in Journal Land)](https://arxiv.org/abs/2301.00002)",
        ("A Study of Graphs (of Things in Journal Land)", None, None, None, None),
    ),
    (  # nor does one with a year but no word that names a journal or proceedings
        "- [Deep Graph Ranking for Many Things (Extended Version of the Short Paper 2020)]"
        "(https://arxiv.org/abs/2301.00002)",
        ("Deep Graph Ranking for Many Things (Extended Version of the Short Paper 2020)", None, None, None, None),
    ),
    (  # a venue in brackets after the title link
        "- [Attention Is All You Need](https://arxiv.org/abs/1706.03762) (NeurIPS 2017)",
        ("Attention Is All You Need", None, "NeurIPS", 2017, None),
    ),
    (  # authors after "by", and the year in brackets after them
        "- [Attention Is All You Need](https://arxiv.org/abs/1706.03762) by Ashish Vaswani and Noam Shazeer (2017)",
        ("Attention Is All You Need", ["Ashish Vaswani", "Noam Shazeer"], None, 2017, None),
    ),
    (  # devcorpus THUNLP-MT+MT-Reading-List/b79517bc/README.md:86: a month is no venue
        "* Raj Dabre, Chenhui Chu, and Anoop Kunchukuttan. 2020. [A Survey of Multilingual Neural Machine "
        "Translation](https://doi.org/10.1145/3406095). *ACM Computing Surveys. Surv. 53, 5, Article 99 "
        "(October 2020)*. ",
        ("A Survey of Multilingual Neural Machine Translation", ["Raj Dabre", "Chenhui Chu", "Anoop Kunchukuttan"],
         None, 2020, None),
    ),
    (  # the first venue after the link is the entry's; a year in brackets later does not replace it
        "- [Attention Is All You Need](https://arxiv.org/abs/1706.03762) (NeurIPS 2017). "
        "Ashish Vaswani and Noam Shazeer (2018)",
        ("Attention Is All You Need", ["Ashish Vaswani", "Noam Shazeer"], "NeurIPS", 2017, None),
    ),
    (  # links labelled with an emoji and a generic word are the entry's links, not its title
        "- 📄 Attention Is All You Need (NeurIPS 2017) [📝Paper](https://arxiv.org/abs/1706.03762) "
        "[💻Code](https://github.com/tensorflow/tensor2tensor)",
        ("Attention Is All You Need", None, "NeurIPS", 2017, None),
    ),
    (  # a family name alone before "et al." is an author list, after the title
        "- *Attention Is All You Need*, Vaswani et al., NeurIPS 2017. [Paper](https://arxiv.org/abs/1706.03762)",
        ("Attention Is All You Need", ["Vaswani et al."], "NeurIPS", 2017, None),
    ),
    (  # and before it
        "- Vaswani et al. **Attention Is All You Need**. NeurIPS 2017. [[Paper](https://arxiv.org/abs/1706.03762)]",
        ("Attention Is All You Need", ["Vaswani et al."], "NeurIPS", 2017, None),
    ),
    (  # fields separated by " | " as by commas
        "- Attention Is All You Need | Ashish Vaswani, Noam Shazeer | NeurIPS 2017 | "
        "[paper](https://arxiv.org/abs/1706.03762)",
        ("Attention Is All You Need", ["Ashish Vaswani", "Noam Shazeer"], "NeurIPS", 2017, None),
    ),
    (  # sub-items that are the authors and the venue fold into the entry
        "- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n  - Ashish Vaswani, Noam Shazeer\n"
        "  - NeurIPS 2017",
        ("Attention Is All You Need", ["Ashish Vaswani", "Noam Shazeer"], "NeurIPS", 2017, None),
    ),
    (  # an author line alone
        "- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n  - Ashish Vaswani, Noam Shazeer",
        ("Attention Is All You Need", ["Ashish Vaswani", "Noam Shazeer"], None, None, None),
    ),
    (  # a venue alone
        "- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n  - NeurIPS 2017",
        ("Attention Is All You Need", None, "NeurIPS", 2017, None),
    ),
    (  # a line break ends a field
        "- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)<br>Ashish Vaswani, Noam Shazeer<br>"
        "NeurIPS 2017",
        ("Attention Is All You Need", ["Ashish Vaswani", "Noam Shazeer"], "NeurIPS", 2017, None),
    ),
    (  # the venue on a line after the links
        "* Attention Is All You Need\n  [[paper]](https://arxiv.org/abs/1706.03762) "
        "[[code]](https://github.com/tensorflow/tensor2tensor)\n  *NeurIPS 2017*",
        ("Attention Is All You Need", None, "NeurIPS", 2017, None),
    ),
    (  # an author-year reference in brackets after the link
        "- [Attention Is All You Need](https://arxiv.org/abs/1706.03762) (Vaswani et al., 2017)",
        ("Attention Is All You Need", ["Vaswani et al."], None, 2017, None),
    ),
    (  # the year in brackets after the venue
        "- Attention Is All You Need. NeurIPS (2017). [paper](https://arxiv.org/abs/1706.03762)",
        ("Attention Is All You Need", None, "NeurIPS", 2017, None),
    ),
    (  # an arXiv reference followed by its year
        "- Attention Is All You Need. *arXiv preprint arXiv:1706.03762*, 2017.",
        ("Attention Is All You Need", None, "arXiv", 2017, None),
    ),
    (  # authors, then the venue and its year as two comma-separated parts
        "- [Attention Is All You Need](https://arxiv.org/abs/1706.03762), Ashish Vaswani, Noam Shazeer, NeurIPS, 2017",
        ("Attention Is All You Need", ["Ashish Vaswani", "Noam Shazeer"], "NeurIPS", 2017, None),
    ),
    (  # the first venue after the link is kept, not one in a later sentence
        "- [Attention Is All You Need](https://arxiv.org/abs/1706.03762). NeurIPS 2017. Ashish Vaswani, Noam Shazeer, "
        "ICLR 2018",
        ("Attention Is All You Need", ["Ashish Vaswani", "Noam Shazeer"], "NeurIPS", 2017, None),
    ),
    (  # two names before the title: an author list, since a title follows
        "- Junling Liu, Chao Liu. **Is ChatGPT a Good Recommender? A Preliminary Study**. arXiv 2023. "
        "[[paper](https://arxiv.org/abs/2304.10149)]",
        ("Is ChatGPT a Good Recommender? A Preliminary Study", ["Junling Liu", "Chao Liu"], "arXiv", 2023, None),
    ),
    (  # two names and a venue, no title: the names stay the title, as written
        "- Junling Liu, Chao Liu. arXiv 2023. [[paper](https://arxiv.org/abs/2304.10149)]",
        ("Junling Liu, Chao Liu", None, "arXiv", 2023, None),
    ),
    (  # two names alone
        "- Junling Liu, Chao Liu [[paper](https://arxiv.org/abs/2304.10149)]",
        ("Junling Liu, Chao Liu", None, None, None, None),
    ),
    (  # fields separated by spaced dashes
        "- 📝 **Is ChatGPT a Good Recommender? A Preliminary Study** - *Junling Liu, Chao Liu* - arXiv 2023 - "
        "[📄 Paper](https://arxiv.org/abs/2304.10149)",
        ("Is ChatGPT a Good Recommender? A Preliminary Study", ["Junling Liu", "Chao Liu"], "arXiv", 2023, None),
    ),
    (  # a dash inside a title that no author list or venue follows stays in the title
        "- Recommender Systems – A Survey [[paper](https://arxiv.org/abs/2304.10149)]",
        ("Recommender Systems – A Survey", None, None, None, None),
    ),
    (  # authors and venue in brackets after the link
        "- [Is ChatGPT a Good Recommender? A Preliminary Study](https://arxiv.org/abs/2304.10149) "
        "(*Junling Liu, Chao Liu*, arXiv 2023)",
        ("Is ChatGPT a Good Recommender? A Preliminary Study", ["Junling Liu", "Chao Liu"], "arXiv", 2023, None),
    ),
    (  # a venue in brackets after the links
        "- *Is ChatGPT a Good Recommender? A Preliminary Study* [[paper](https://arxiv.org/abs/2304.10149)] (arXiv 2023)",
        ("Is ChatGPT a Good Recommender? A Preliminary Study", None, "arXiv", 2023, None),
    ),
    (  # a hyphen without spaces joins, it does not separate
        "- Graph Networks for Ranking, Jane Doe-Smith, John Roe, KDD 2020 [[paper](https://arxiv.org/abs/2304.10149)]",
        ("Graph Networks for Ranking", ["Jane Doe-Smith", "John Roe"], "KDD", 2020, None),
    ),
    (  # after the links, only a line that is a venue gives one, not a note ending in one
        "- *Is ChatGPT a Good Recommender? A Preliminary Study* [[paper](https://arxiv.org/abs/2304.10149)] "
        "see the workshop version (WWW 2023)",
        ("Is ChatGPT a Good Recommender? A Preliminary Study", None, None, None, None),
    ),
    (  # an arXiv id in brackets before the title is no short name
        "- [2305.00447] TALLRec: An Effective and Efficient Tuning Framework to Align Large Language Model with "
        "Recommendation [[paper](https://arxiv.org/abs/2305.00447)]",
        ("TALLRec: An Effective and Efficient Tuning Framework to Align Large Language Model with Recommendation",
         None, "arXiv", 2023, "TALLRec"),
    ),
    (  # Chinese title marks
        "- 《TALLRec: An Effective and Efficient Tuning Framework to Align Large Language Model with Recommendation》 "
        "RecSys 2023 [论文](https://arxiv.org/abs/2305.00447)",
        ("TALLRec: An Effective and Efficient Tuning Framework to Align Large Language Model with Recommendation",
         None, "RecSys", 2023, "TALLRec"),
    ),
], ids=["authors-year-link-venue", "title-starting-In", "label-only", "apa-before-link", "venue-before-link",
        "implementation-sub-items", "journal-in-brackets", "brackets-without-venue", "brackets-without-venue-words",
        "venue-in-brackets-after-link", "by-authors-year-in-brackets", "month-is-no-venue", "first-venue-kept",
        "emoji-labels", "surname-et-al-after-title", "surname-et-al-before-title", "pipes", "field-sub-items",
        "author-sub-item", "venue-sub-item",
        "line-breaks", "venue-line-after-links", "author-year-in-brackets", "venue-year-in-brackets",
        "arxiv-then-year", "venue-and-year-parts", "first-venue-of-sentences", "two-authors-first",
        "two-names-no-title", "two-names-only", "dashes", "dash-in-title", "authors-venue-in-brackets",
        "bracketed-venue-after-links", "hyphenated-name", "note-ending-in-venue", "arxiv-id-prefix",
        "chinese-title-marks"])
def test_what_surrounds_a_title_link(markdown: str, expected: tuple[object, ...]) -> None:
    assert only_record_fields(markdown, FIELDS) == expected


def _text(text: str) -> dict[str, str]:
    return {"text": text}


def _link(label: str) -> dict[str, str]:
    return {"url": "https://arxiv.org/abs/1706.03762", "label": label}


def test_one_author_and_a_year_before_the_link() -> None:
    cited = parse_citation([_text("Yoshua Bengio. 2003. "), _link("A Neural Probabilistic Language Model"),
                            _text(". JMLR.")])  # type: ignore[list-item]
    assert cited.authors == ["Yoshua Bengio"]
    assert cited.venue == Venue("JMLR", 2003, None, None, None)


def test_a_title_before_the_link_keeps_the_entry_as_one_text() -> None:
    # "Title, [Project Name](url)": the text before the link is the title, the link is not
    cited = parse_citation([_text("Attention Is All You Need, "), _link("Transformer Reference Code")])  # type: ignore[list-item]
    assert cited.title.startswith("Attention Is All You Need")


def test_a_title_keeps_its_last_capital_letter() -> None:
    cited = parse_citation([_text("(AX) Scaling Data for AgentX. NeurIPS 2023.")])  # type: ignore[list-item]
    assert (cited.title, cited.short_name) == ("Scaling Data for AgentX", "AX")


def test_the_labels_own_venue_wins_over_one_before_the_link() -> None:
    cited = parse_citation([_text("NeurIPS 2023. "), _link("Graph Neural Networks for Ranking (SIGIR 2022)")])  # type: ignore[list-item]
    assert (cited.title, cited.venue) == ("Graph Neural Networks for Ranking", Venue("SIGIR", 2022, None, None, None))


def test_names_after_a_quoted_title_keep_their_first_letter() -> None:
    cited = parse_citation([_text('T5: "Exploring the Limits of Transfer". Xiang Wang, Xiangnan He. SIGIR 2020.')])  # type: ignore[list-item]
    assert (cited.title, cited.authors, cited.short_name) == (
        "Exploring the Limits of Transfer", ["Xiang Wang", "Xiangnan He"], "T5")
    assert cited.venue == Venue("SIGIR", 2020, None, None, None)


def test_a_sentence_starting_in_lower_case_continues_the_one_before() -> None:
    assert sentence_spans("One. Two. three. Four") == [("One", ". "), ("Two. three", ". "), ("Four", "")]


@pytest.mark.parametrize("text,names", [
    ("Vaswani et al.", ["Vaswani et al."]),
    ("Mamba, Vaswani et al.", []),  # only the name before "et al." may stand alone
    ("Transformers et al.", []),  # a title word is no family name
    ("Vaswani", []),  # a family name alone, not cut, reads as a title word
    ("Wei LI", ["Wei LI"]),  # a two-letter surname in capitals is a name; "BERT" (longer) is not
    ("Wei BERT", []),
    ("Anna Maria Luisa Sofia Rossi", ["Anna Maria Luisa Sofia Rossi"]),  # five words: still a name
    ("Anna Maria Luisa Sofia Elena Rossi", []),  # six: read as text, not a name
])
def test_one_name_alone(text: str, names: list[str]) -> None:
    assert author_list(text, single=True) == names


@pytest.mark.parametrize("text,venue", [
    ("October 2020", Venue(None, 2020, 10, None, None)),
    ("Sept. 2019", Venue(None, 2019, 9, None, None)),
    ("SIGIR 2023, Oct 2023", Venue("SIGIR", 2023, 10, None, None)),
    ("May, 2020", Venue(None, 2020, 5, None, None)),
    ("May", None),  # a month without a year says nothing
])
def test_a_month_is_a_date_not_a_venue(text: str, venue: Venue | None) -> None:
    assert parse_venue(text) == venue
