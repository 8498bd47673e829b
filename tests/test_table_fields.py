"""A table row's columns -> its fields: the venue and year columns read together, an Authors column,
cells that say nothing ("TBD"), full dates.

Rows marked ``# devcorpus <file>:<line>`` are quoted byte for byte from the dev corpus (with their
header row); the others are written here for a shape no real row of ours shows.
"""

import pytest

from pipeline.entries.venues import Venue, parse_venue
from tests.helpers import only_record_fields, records_of

FIELDS = ("title", "authors", "venue", "year")
TSINGHUA = "| **Name** | **Paper** | **Venue** | **Year** | **Code** |\n| --- | --- | --- | --- | --- |\n"


@pytest.mark.parametrize("markdown,expected", [
    (  # a Venue and a Year column
        "| Title | Venue | Year |\n|---|---|---|\n| [Attention Is All You Need](https://arxiv.org/abs/1706.03762) "
        "| NeurIPS | 2017 |",
        ("Attention Is All You Need", None, "NeurIPS", 2017),
    ),
    (  # the year first, the venue later, links in their own columns
        "| Year | Title | Venue | Paper |\n|---|---|---|---|\n| 2017 | Attention Is All You Need | NeurIPS "
        "| [Link](https://arxiv.org/abs/1706.03762) |",
        ("Attention Is All You Need", None, "NeurIPS", 2017),
    ),
    (  # a full date beside the venue
        "| Title | Venue | Date |\n|---|---|---|\n| [Attention Is All You Need](https://arxiv.org/abs/1706.03762) "
        "| NeurIPS | 2017-06-12 |",
        ("Attention Is All You Need", None, "NeurIPS", 2017),
    ),
    (  # an Authors column
        "| Date | Paper | Authors | Links |\n|---|---|---|---|\n| 2017.06 | **Attention Is All You Need** "
        "| Ashish Vaswani, Noam Shazeer | [[paper]](https://arxiv.org/abs/1706.03762) |",
        ("Attention Is All You Need", ["Ashish Vaswani", "Noam Shazeer"], None, 2017),
    ),
    (  # devcorpus tsinghua-fib-lab+GNN-Recommender-Systems/…/README.md:87: "ICTAI" and "2019" read together
        TSINGHUA + "| GAT-NSR | [Mu, N., Zha, D., He, Y., & Tang, Z. (2019, November). Graph attention networks for "
        "neural social recommendation. In _2019 IEEE 31st International Conference on Tools with Artificial "
        "Intelligence (ICTAI)_ (pp. 1320-1327). IEEE.](https://ieeexplore.ieee.org/abstract/document/8995280) "
        "| ICTAI | 2019 | NA |",
        ("Graph attention networks for neural social recommendation", ["Mu, N.", "Zha, D.", "He, Y.", "Tang, Z."],
         "ICTAI", 2019),
    ),
    (  # devcorpus tsinghua-fib-lab+GNN-Recommender-Systems/…/README.md:63: the table's venue, not the preprint's
        TSINGHUA + "| GCM | [Wu, J., He, X., Wang, X., Wang, Q., Chen, W., Lian, J., & Xie, X. (2020). Graph "
        "Convolution Machine for Context-aware Recommender System. _arXiv preprint arXiv:2001.11402_.]"
        "(https://arxiv.org/pdf/2001.11402.pdf) | Frontiers of Computer Science | 2021 | "
        "[Python](https://github.com/wujcan/GCM) |",
        ("Graph Convolution Machine for Context-aware Recommender System",
         ["Wu, J.", "He, X.", "Wang, X.", "Wang, Q.", "Chen, W.", "Lian, J.", "Xie, X."],
         "Frontiers of Computer Science", 2021),
    ),
    (  # devcorpus tsinghua-fib-lab+GNN-Recommender-Systems/…/README.md:178: "TBD" names no venue; the
        # title cell's preprint of the same year does
        TSINGHUA + "| FH-HAT | [Xie, R., Liu, Q., Liu, S., Zhang, Z., Cui, P., Zhang, B., & Lin, L. (2021). Improving "
        "Accuracy and Diversity in Matching of Recommendation with Diversified Preference Network. arXiv preprint "
        "arXiv:2102.03787.](https://arxiv.org/pdf/2102.03787) | TBD | 2021 | NA |",
        ("Improving Accuracy and Diversity in Matching of Recommendation with Diversified Preference Network",
         ["Xie, R.", "Liu, Q.", "Liu, S.", "Zhang, Z.", "Cui, P.", "Zhang, B.", "Lin, L."], "arXiv", 2021),
    ),
    (  # an author cell that is no author list stays among the row's attributes (tested below)
        "| Title | Authors | Year |\n|---|---|---|\n| [Attention Is All You Need](https://arxiv.org/abs/1706.03762) "
        "| Google Research | 2017 |",
        ("Attention Is All You Need", None, None, 2017),
    ),
    (  # the Authors column over a citation in the title cell
        "| Paper | Authors |\n|---|---|\n| [Doe, J., & Roe, K. (2017). Attention Is All You Need.]"
        "(https://arxiv.org/abs/1706.03762) | Jane Doe, John Roe |",
        ("Attention Is All You Need", ["Jane Doe", "John Roe"], None, 2017),
    ),
    (  # a venue in the title cell of another year than the table's is another version: not taken
        "| Title | Venue | Year |\n|---|---|---|\n| [Attention Is All You Need (ICLR 2024)]"
        "(https://arxiv.org/abs/1706.03762) | TBD | 2025 |",
        ("Attention Is All You Need", None, None, 2025),
    ),
    (  # a title in quotes
        "| Title | Year |\n|---|---|\n| [\"Attention Is All You Need\"](https://arxiv.org/abs/1706.03762) | 2017 |",
        ("Attention Is All You Need", None, None, 2017),
    ),
    (  # Chinese headers: 标题 (title), 作者 (authors), 发表 (published in)
        "| 标题 | 作者 | 发表 |\n|---|---|---|\n| [Is ChatGPT a Good Recommender? A Preliminary Study]"
        "(https://arxiv.org/abs/2304.10149) | Junling Liu, Chao Liu | arXiv 2023 |",
        ("Is ChatGPT a Good Recommender? A Preliminary Study", ["Junling Liu", "Chao Liu"], "arXiv", 2023),
    ),
    (  # 论文 (paper), 会议 (conference), 年份 (year)
        "| 论文 | 会议 | 年份 |\n|---|---|---|\n| [Is ChatGPT a Good Recommender? A Preliminary Study]"
        "(https://arxiv.org/abs/2304.10149) | arXiv | 2023 |",
        ("Is ChatGPT a Good Recommender? A Preliminary Study", None, "arXiv", 2023),
    ),
    (  # other names of the venue column
        "| Paper | Conf/Journal | Year |\n|---|---|---|\n| [Is ChatGPT a Good Recommender? A Preliminary Study]"
        "(https://arxiv.org/abs/2304.10149) | RecSys | 2023 |",
        ("Is ChatGPT a Good Recommender? A Preliminary Study", None, "RecSys", 2023),
    ),
    (
        "| Paper | Published in |\n|---|---|\n| [Is ChatGPT a Good Recommender? A Preliminary Study]"
        "(https://arxiv.org/abs/2304.10149) | arXiv'23 |",
        ("Is ChatGPT a Good Recommender? A Preliminary Study", None, "arXiv", 2023),
    ),
    (  # a title column named in other words
        "| Paper Title & Link | Venue |\n|---|---|\n| [Is ChatGPT a Good Recommender? A Preliminary Study]"
        "(https://arxiv.org/abs/2304.10149) | arXiv 2023 |",
        ("Is ChatGPT a Good Recommender? A Preliminary Study", None, "arXiv", 2023),
    ),
    (  # "Paper Link" beside a Method column: the link's label is the title
        "| Method | Paper Link | Venue |\n|---|---|---|\n| ChatRec | [Chat-REC: Towards Interactive and Explainable "
        "LLMs-Augmented Recommender System](https://arxiv.org/abs/2303.14524) | arXiv 2023 |",
        ("Chat-REC: Towards Interactive and Explainable LLMs-Augmented Recommender System", None, "arXiv", 2023),
    ),
    (  # the first such column that holds a title: not the one of [PDF] links
        "| Paper Link | Paper Title (by date) |\n|---|---|\n| [PDF](https://arxiv.org/pdf/2304.10149) "
        "| Is ChatGPT a Good Recommender? A Preliminary Study |",
        ("Is ChatGPT a Good Recommender? A Preliminary Study", None, None, None),
    ),
], ids=["venue-year", "year-first", "full-date", "authors-column", "ictai", "table-venue-over-preprint", "tbd",
        "authors-cell-not-names", "authors-column-first", "other-year-other-venue", "quoted-title",
        "chinese-headers", "chinese-venue-year", "conf-journal", "published-in", "title-column-in-other-words",
        "paper-link-column", "first-such-column-with-a-title"])
def test_a_rows_columns(markdown: str, expected: tuple[object, ...]) -> None:
    assert only_record_fields(markdown, FIELDS) == expected


@pytest.mark.parametrize("row,attributes", [
    ("| [Attention Is All You Need](https://arxiv.org/abs/1706.03762) | Google Research | NeurIPS | 2017 |",
     {"Authors": "Google Research"}),
    ("| [Attention Is All You Need](https://arxiv.org/abs/1706.03762) | Jane Doe | NeurIPS | 2017 |", {}),
    # a Year cell without a year is not read: it stays as written
    ("| [Attention Is All You Need](https://arxiv.org/abs/1706.03762) | Jane Doe | NeurIPS | TBD |", {"Year": "TBD"}),
])
def test_columns_not_read_stay_attributes(row: str, attributes: dict[str, str]) -> None:
    record = records_of(f"| Title | Authors | Venue | Year |\n|---|---|---|---|\n{row}\n")["records"][0]
    assert record["attributes"] == attributes


@pytest.mark.parametrize("text,venue", [
    ("2017-06-12", Venue(None, 2017, 6, 2017, 6)),  # the day is read and dropped, not taken for a venue
    ("NeurIPS | 2017-06-12", Venue("NeurIPS", 2017, 6, 2017, 6)),
    ("2023.10.1", Venue(None, 2023, 10, 2023, 10)),
])
def test_a_full_date(text: str, venue: Venue) -> None:
    assert parse_venue(text) == venue


def test_a_row_whose_title_column_holds_no_title_is_a_no_title_reject_at_its_line() -> None:
    result = records_of("| Paper Title & Link | Venue |\n|---|---|\n| [Paper](https://arxiv.org/abs/2304.10149) "
                        "| arXiv 2023 |\n")
    assert result["records"] == []
    assert [(reject["code"], reject["line"]) for reject in result["rejects"]] == [("no-title", 3)]


def test_a_title_column_named_in_other_words_is_read_not_kept_as_an_attribute() -> None:
    record = records_of("| Title & Authors | Venue |\n|---|---|\n| Is ChatGPT a Good Recommender? A Preliminary "
                        "Study <br> Junling Liu, Chao Liu | arXiv 2023 |\n")["records"][0]
    assert (record["title"], record["authors"], record["attributes"]) == (
        "Is ChatGPT a Good Recommender? A Preliminary Study", ["Junling Liu", "Chao Liu"], {})


def test_a_column_of_list_titles_is_no_title_column() -> None:
    # papers.md's own table of the lists it merged: its rows name lists, not papers
    result = records_of("| List | List title | Records |\n|---|---|---|\n| survey | A Survey of Things | 12 |\n")
    assert result["records"] == [] and [reject["code"] for reject in result["rejects"]] == ["no-title"]
