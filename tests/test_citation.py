"""Citation-style entries read into fields, one real line per shape, and the title-suspect check.

Lines marked ``# devcorpus <file>:<line>`` are quoted byte for byte from the dev corpus, ``# issue 10``
from the issue that quotes real lists, ``# sources`` from the five sources; the few without a mark
are written here for a shape no real line of ours shows.
"""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.entries.authors import author_list
from pipeline.entries.citation import parse_citation
from pipeline.records.titlecheck import suspect_title
from tests.helpers import records_of

FIELDS = ("title", "authors", "venue", "year", "short_name")

SHAPES = [
    (  # birdx0810/LearningTensorFlow docs/nlp/papers.md: a citation with neither link nor venue
        "(NAME) Title. Authors.",
        "1. (GloVe) Global Vectors for Word Representation. Jeffrey Pennington, Richard Socher, "
        "Christopher D. Manning. ",
        ("Global Vectors for Word Representation", ["Jeffrey Pennington", "Richard Socher", "Christopher D. Manning"],
         None, None, "GloVe"),
    ),
    (  # sub-items that hold the authors and a labelled venue fold into their bold title
        "**Title** with Authors and Venue: sub-items",
        "- **Personalized Prompt Learning for Explainable Recommendation**\n  - Lei Li, Yongfeng Zhang\n"
        "  - Venue: TOIS 2023\n",
        ("Personalized Prompt Learning for Explainable Recommendation", ["Lei Li", "Yongfeng Zhang"], "TOIS", 2023,
         None),
    ),
    (  # Title. Venue Year. [links], with a (NAME) prefix
        "(NAME) Title. Venue Year. [links]",
        "- (TIGER) Recommender Systems with Generative Retrieval. NeurIPS 2023. "
        "[[paper](https://arxiv.org/abs/2305.05065)] [[code](https://github.com/a/b)]",  # issue 10
        ("Recommender Systems with Generative Retrieval", None, "NeurIPS", 2023, "TIGER"),
    ),
    (
        'NAME: "Title". Authors et al. Venue Year.',
        '- T5: "Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer". '
        "Colin Raffel et al. JMLR 2019. [[Paper](https://arxiv.org/abs/1910.10683)]",  # issue 10
        ("Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer",
         ["Colin Raffel et al."], "JMLR", 2019, "T5"),
    ),
    (
        "APA: Authors (Year). Title. Venue.",
        "- Wang, Y., Chu, Z., Ouyang, X., Wang, S., Hao, H., Shen, Y., ... & Li, S. (2023). Enhancing "
        "Recommender Systems with Large Language Model Reasoning Graphs. arXiv preprint arXiv:2308.10835.",
        ("Enhancing Recommender Systems with Large Language Model Reasoning Graphs",
         ["Wang, Y.", "Chu, Z.", "Ouyang, X.", "Wang, S.", "Hao, H.", "Shen, Y.", "Li, S."], "arXiv", 2023,
         None),
    ),
    (  # devcorpus birdx0810+LearningTensorFlow/797f5fd8/docs/nlp/papers.md:8
        "(NAME) Title. Authors. Venue Year.",
        "5. (ELMo) Deep contextualized word representations. Matthew E. Peters, Mark Neumann, Mohit Iyyer, "
        "Matt Gardner, Christopher Clark, Kenton Lee and Luke Zettlemoyer. NAACL 2018.",
        ("Deep contextualized word representations",
         ["Matthew E. Peters", "Mark Neumann", "Mohit Iyyer", "Matt Gardner", "Christopher Clark",
          "Kenton Lee", "Luke Zettlemoyer"], "NAACL", 2018, "ELMo"),
    ),
    (  # devcorpus Chengkai-Huang+CRSpapers/9a2c3e87/README.md:32 (a one-word "NAME:" prefix is a short name)
        "[`Venue Year`] Title. Authors [links]",
        "- [`WSDM 2020`] Estimation–Action–Reflection: Towards Deep Interaction Between Conversational "
        "and Recommender Systems. Wenqiang Lei, Xiangnan He, Yisong Miao, Qingyun Wu, Richang Hong, "
        "Min-Yen Kan, Tat-Seng Chua. [[pdf](https://arxiv.org/pdf/2002.09102.pdf)] "
        "[[code](https://ear-conv-rec.github.io/manual.html)]",
        ("Estimation–Action–Reflection: Towards Deep Interaction Between Conversational and Recommender "
         "Systems", ["Wenqiang Lei", "Xiangnan He", "Yisong Miao", "Qingyun Wu", "Richang Hong",
                     "Min-Yen Kan", "Tat-Seng Chua"], "WSDM", 2020, "Estimation–Action–Reflection"),
    ),
    (  # devcorpus THUNLP-MT+MT-Reading-List/b79517bc/README.md:100
        "Authors. Year. [Title](url). In Proceedings of Venue Year.",
        "* Percy Liang, Ben Taskar, and Dan Klein. 2006. [Alignment by Agreement]"
        "(https://cs.stanford.edu/~pliang/papers/alignment-naacl2006.pdf). In *Proceedings of NAACL 2006*. "
        "([Citation](https://scholar.google.com.hk/scholar?cites=10766838746666771394&as_sdt=2005&sciodt=0,5"
        "&hl=en): 452)",
        ("Alignment by Agreement", ["Percy Liang", "Ben Taskar", "Dan Klein"], "NAACL", 2006, None),
    ),
    (  # devcorpus THUNLP-MT+MT-Reading-List/b79517bc/README.md:258
        "Authors. Year. [Title](url). *arXiv:id*.",
        "* Thomas Bachlechner, Bodhisattwa Prasad Majumder, Huanru Henry Mao, Garrison W. Cottrell, and "
        "Julian McAuley. 2020. [ReZero is All You Need: Fast Convergence at Large Depth]"
        "(https://arxiv.org/abs/2003.04887). *arXiv:2003.04887*.",
        ("ReZero is All You Need: Fast Convergence at Large Depth",
         ["Thomas Bachlechner", "Bodhisattwa Prasad Majumder", "Huanru Henry Mao", "Garrison W. Cottrell",
          "Julian McAuley"], "arXiv", 2020, None),
    ),
    (  # devcorpus thunlp+GNNPapers/fece1c61/README.md:71-73
        "**Title.** Venue Year. [paper](url), the authors on a line below",
        "1. **A Comprehensive Survey on Graph Neural Networks.** arxiv 2019. "
        "[paper](https://arxiv.org/pdf/1901.00596.pdf)\n\n"
        "    *Zonghan Wu, Shirui Pan, Fengwen Chen, Guodong Long, Chengqi Zhang, Philip S. Yu.*",
        ("A Comprehensive Survey on Graph Neural Networks",
         ["Zonghan Wu", "Shirui Pan", "Fengwen Chen", "Guodong Long", "Chengqi Zhang", "Philip S. Yu"],
         "arXiv", 2019, None),
    ),
    (  # devcorpus thunlp+NeuIRPapers/03c9f899/README.md:57 (quotes inside the title stay)
        "**Title.** *Authors.* Venue Year. [paper](url)",
        '3. **Critically Examining the "Neural Hype": Weak Baselines and the Additivity of Effectiveness '
        'Gains from Neural Ranking Models.** *Wei Yang, Kuang Lu, Peilin Yang, Jimmy Lin.* SIGIR 2019. '
        "[paper](https://arxiv.org/pdf/1904.09171.pdf)",
        ('Critically Examining the "Neural Hype": Weak Baselines and the Additivity of Effectiveness Gains '
         "from Neural Ranking Models", ["Wei Yang", "Kuang Lu", "Peilin Yang", "Jimmy Lin"], "SIGIR", 2019,
         None),
    ),
    (  # devcorpus thunlp+NeuIRPapers/03c9f899/README.md:41
        "**Title.** *Authors* Venue Year. (no stop between authors and venue)",
        "3. **Latent Retrieval for Weakly Supervised Open Domain Question Answering.** *Kenton Lee, "
        "Ming-Wei Chang, Kristina Toutanova* ACL 2019. [paper](https://www.aclweb.org/anthology/P19-1612.pdf)",
        ("Latent Retrieval for Weakly Supervised Open Domain Question Answering",
         ["Kenton Lee", "Ming-Wei Chang", "Kristina Toutanova"], "ACL", 2019, None),
    ),
    (  # devcorpus thunlp+NeuIRPapers/03c9f899/README.md:62 (names written without their space)
        "**Title.** *Authors.* Venue Year., names such as JaapKamps",
        "8. **Neural Ranking Models with Weak Supervision.** *Mostafa Dehghani, Hamed Zamani, Aliaksei Severyn, "
        "JaapKamps, W.Bruce.* SIGIR 2017. [paper](https://arxiv.org/pdf/1704.08803.pdf)",
        ("Neural Ranking Models with Weak Supervision",
         ["Mostafa Dehghani", "Hamed Zamani", "Aliaksei Severyn", "JaapKamps", "W.Bruce"], "SIGIR", 2017, None),
    ),
    (  # devcorpus tsinghua-fib-lab+GNN-Recommender-Systems/bb812101/README.md:108 (journal, volume, pages)
        "table cell: [APA citation with Journal, 11(8), 388](url)",
        "| **Name** | **Paper** | **Venue** | **Year** | **Code** |\n| --- | --- | --- | --- | --- |\n"
        "| Wang _et al._ | [Wang, B., & Cai, W. (2020). Knowledge-enhanced graph neural networks for sequential "
        "recommendation. _Information_, _11_(8), 388.](https://www.mdpi.com/2078-2489/11/8/388/pdf) | Information | "
        "2020 | NA |",
        ("Knowledge-enhanced graph neural networks for sequential recommendation", ["Wang, B.", "Cai, W."],
         "Information", 2020, "Wang et al."),
    ),
    (  # devcorpus HoldenHu+Time-Aware-Recommender-System-Paper-List/7e27bb54/README.md:131
        "**Title.** Abbreviated Journal, Year. [paper](url)",
        "5. **Session-based item recommendation in e-commerce: on short-term intents, reminders, trends and "
        "discounts.** User Model. User-Adapt. Interact., 2017. "
        "[paper](https://link.springer.com/article/10.1007/s11257-017-9194-1)",
        ("Session-based item recommendation in e-commerce: on short-term intents, reminders, trends and "
         "discounts", None, "User Model. User-Adapt. Interact", 2017, None),
    ),
    (  # devcorpus RUCAIBox+Awesome-RSPapers/5e487762/README.md:71 (no link: a record by its venue)
        "Title. Venue Year 【note】",
        "-   Neural Graph Collaborative Filtering. SIGIR 2019 【神经图协同过滤】",
        ("Neural Graph Collaborative Filtering", None, "SIGIR", 2019, None),
    ),
    (  # devcorpus wzhe06+Reco-papers/78796966/README.md:32
        "[[NAME] Title (Org Year)](url)",
        "* [[NCF] Neural Collaborative Filtering (NUS 2017)](https://github.com/wzhe06/Reco-papers/blob/"
        "master/Deep%20Learning%20Recommender%20System/%5BNCF%5D%20Neural%20Collaborative%20Filtering%20"
        "%28NUS%202017%29.pdf) <br />",
        ("Neural Collaborative Filtering", None, "NUS", 2017, "NCF"),
    ),
    (  # devcorpus yuewang-cuhk+awesome-vision-language-pretraining-papers/4477f000/README.md:184
        "[Title](url), Venue Year/Month",
        "  * [Pre-trained Models for Natural Language Processing: A Survey](https://arxiv.org/abs/2003.08271)"
        ", arXiv 2020/03",
        ("Pre-trained Models for Natural Language Processing: A Survey", None, "arXiv", 2020, None),
    ),
    (  # sources/recsys-without-id-features.md:27
        "Title, Venue Year, [[paper]](url) [[code]](url)",
        "- Exploring Adapter-based Transfer Learning for Recommender Systems: Empirical Studies and "
        "Practical Insights,  WSDM2024, [[paper]](https://arxiv.org/pdf/2305.15036.pdf)  "
        "[[code]](https://github.com/westlake-repl/Adapter4Rec)",
        ("Exploring Adapter-based Transfer Learning for Recommender Systems: Empirical Studies and Practical "
         "Insights", None, "WSDM", 2024, None),
    ),
    (
        "[Title](url) - Authors, Venue Year",
        "- [Large Language Models are Zero-Shot Rankers for Recommender Systems]"
        "(https://arxiv.org/abs/2305.08845) - Yupeng Hou, Junjie Zhang, Zihan Lin, ECIR 2024",
        ("Large Language Models are Zero-Shot Rankers for Recommender Systems",
         ["Yupeng Hou", "Junjie Zhang", "Zihan Lin"], "ECIR", 2024, None),
    ),
    (
        "Title, Authors, Venue Year",
        "- Recommender Systems with Generative Retrieval, Shashank Rajput, Nikhil Mehta, Anima Singh, "
        "NeurIPS 2023",
        ("Recommender Systems with Generative Retrieval", ["Shashank Rajput", "Nikhil Mehta", "Anima Singh"],
         "NeurIPS", 2023, None),
    ),
    (
        "Title, arXiv:id",
        "- Enhancing Recommender Systems with Large Language Model Reasoning Graphs, arXiv:2308.10835",
        ("Enhancing Recommender Systems with Large Language Model Reasoning Graphs", None, "arXiv", 2023,
         None),
    ),
    (
        "**Title** <br> Authors <br> Venue Year",
        "- **(*NAACL2019_BERT*) BERT: Pre-training of Deep Bidirectional Transformers for Language "
        "Understanding.** <br>\n  *Jacob Devlin, Ming-Wei Chang, Kenton Lee, Kristina Toutanova.*<br>\n"
        "  NAACL 2019 <br>\n  [[paper]](https://arxiv.org/abs/1810.04805)",
        ("BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
         ["Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"], "NAACL", 2019,
         "NAACL2019_BERT"),
    ),
    (  # devcorpus tsinghua-fib-lab+GNN-Recommender-Systems/bb812101/README.md:39-41
        "table cell: [APA citation](url), venue and year in their own columns",
        "| **Name** | **Paper** | **Venue** | **Year** | **Code** |\n| --- | --- | --- | --- | --- |\n"
        "| GCMC | [Berg, R. V. D., Kipf, T. N., & Welling, M. (2017). Graph convolutional matrix completion. "
        "_arXiv preprint arXiv:1706.02263_.](https://arxiv.org/pdf/1706.02263.pdf) | arxiv | 2017 | "
        "[Python](https://github.com/riannevdberg/gc-mc) |",
        ("Graph convolutional matrix completion", ["Berg, R. V. D.", "Kipf, T. N.", "Welling, M."], "arXiv",
         2017, "GCMC"),
    ),
    (  # devcorpus DefTruth+Awesome-LLM-Inference/ff4b767e/README.md:69-71
        "table: a Paper column of [[docs]] links beside the Title column; emoji, [TAG] and (@Org) dropped",
        "|Date|Title|Paper|Code|Recom|\n|:---:|:---:|:---:|:---:|:---:|\n"
        "|2024.04| 🔥🔥🔥[Open-Sora] Open-Sora: Democratizing Efficient Video Production for All(@hpcaitech)|"
        "[[docs]](https://github.com/hpcaitech/Open-Sora/blob/main/docs/zh_CN/README.md) | "
        "[[Open-Sora]](https://github.com/hpcaitech/Open-Sora) | ⭐️⭐️ |",
        ("Open-Sora: Democratizing Efficient Video Production for All", None, None, 2024, "Open-Sora"),
    ),
]


@pytest.mark.parametrize("shape,markdown,expected", SHAPES, ids=[case[0] for case in SHAPES])
def test_citation_shapes(shape: str, markdown: str, expected: tuple) -> None:
    result = records_of(markdown + "\n")
    assert result["rejects"] == []
    record = result["records"][0]
    assert tuple(record.get(field) for field in FIELDS) == expected, shape
    assert not [problem for problem in result["problems"] if problem["code"] == "title-suspect"]


def test_authors_field_is_absent_when_no_names_are_written() -> None:
    record = records_of("- [A Paper Title](https://arxiv.org/abs/2301.00001)\n")["records"][0]
    assert "authors" not in record


@pytest.mark.parametrize("text,names", [
    ("Matthew E. Peters, Mark Neumann and Luke Zettlemoyer",
     ["Matthew E. Peters", "Mark Neumann", "Luke Zettlemoyer"]),
    ("Ryuichi Takanobu, Wenchang Ma* and Minlie Huang", ["Ryuichi Takanobu", "Wenchang Ma", "Minlie Huang"]),
    ("Aaron van den Oord, Alex Graves", ["Aaron van den Oord", "Alex Graves"]),
    ("Fast, Cheap, and Good", []),
    ("Graph Neural Networks, Deep Learning", []),
    ("BERT, GPT and XLNet", []),
])
def test_author_list(text: str, names: list[str]) -> None:
    assert author_list(text, single=False) == names


@pytest.mark.parametrize("title,reason", [
    ("(TIGER) Recommender Systems with Generative Retrieval. NeurIPS 2023. [", "a bracket left open or unmatched"),
    ("Neural Graph Collaborative Filtering. SIGIR 2019", "a venue-and-year tail 'SIGIR 2019'"),
    ("Paper link", "only a link label"),
    ("PDF", "only a link label"),
    ("Code", "only a link label"),
    ("[Python Reference]", "link or emphasis syntax"),
    ("**Deep Learning**", "link or emphasis syntax"),
    ("https://arxiv.org/abs/2305.19860", "a URL"),
    ("Latent Retrieval for Open Domain QA. Kenton Lee, Ming-Wei Chang",
     "an author list 'Kenton Lee, Ming-Wei Chang'"),
    ("Exploring Transfer Learning. Colin Raffel et al.", "an author list 'Colin Raffel et al.'"),
    ("Exploring Transfer Learning by Raffel et al", "an author list ('et al.')"),
    ("[NCF] Neural Collaborative Filtering", "a bracketed prefix or a leading symbol"),
    ("Neural Collaborative Filtering (NUS 2017)", "an affiliation or year in brackets at its end"),
    ("TKDE 2025", "only a venue and year"),
    ("N-ary relation extraction using graph state LSTM. EMNLP 18", "a venue sentence 'EMNLP 18'"),
    ("Knowledge-enhanced graph neural networks. Information, 11(8), 388",
     "a venue sentence 'Information, 11(8), 388'"),
    ("Title of a Paper. Liang Pang, Yanyan Lan, Machine Vision Lab",
     "a list of names 'Liang Pang, Yanyan Lan, Machine Vision L'"),
    ("Recommender Systems with Generative Retrieval", None),
    ("Is ChatGPT a Good Recommender? A Preliminary Study", None),
    ("A Preliminary Study of ChatGPT on News Recommendation: Personalization, Provider Fairness, Fake News",
     None),
    ("GPT-4 Technical Report", None),
])
def test_suspect_title(title: str, reason: str | None) -> None:
    assert suspect_title(title) == reason


def test_title_suspect_is_a_problem_at_the_entry_line() -> None:
    result = records_of("# Links\n\n- **Paper link:** [https://arxiv.org/pdf/2305.19860.pdf]"
                        "(https://arxiv.org/pdf/2305.19860.pdf)\n")  # issue 10
    assert [(problem["line"], problem["code"]) for problem in result["problems"]] == [(3, "title-suspect")]


# Properties: words that read as a title (capitalised, no names' shape, no venue) in title case.
_WORDS = st.sampled_from(["Learning", "Graph", "Neural", "Recommendation", "Sequential", "Models", "for",
                          "with", "of", "Large", "Language", "Retrieval", "Towards", "Efficient", "Attention",
                          "via", "Contrastive", "Session-based", "Generative", "Transformers"])
_TITLES = st.lists(_WORDS, min_size=3, max_size=12).map(lambda words: " ".join(words)).filter(
    lambda title: title[0].isupper())
_VENUES = st.sampled_from(["SIGIR", "KDD", "NeurIPS", "ICLR", "WWW", "RecSys"])
_YEARS = st.integers(min_value=1995, max_value=2030)


@given(_TITLES)
def test_a_clean_title_reads_as_itself_and_is_not_suspect(title: str) -> None:
    cited = parse_citation([{"text": title}])
    assert cited.title == title
    assert parse_citation([{"text": cited.title}]).title == cited.title
    assert suspect_title(title) is None


@given(_TITLES, _VENUES, _YEARS)
def test_venue_tails_and_generic_links_leave_the_title(title: str, venue: str, year: int) -> None:
    pieces = [{"text": f"{title}. {venue} {year}. ["}, {"label": "paper", "url": "https://x.org/p"},
              {"text": "] ["}, {"label": "code", "url": "https://github.com/a/b"}, {"text": "]"}]
    cited = parse_citation(pieces)
    assert (cited.title, cited.venue and cited.venue.venue, cited.venue and cited.venue.year) == (
        title, venue, year)


@given(_TITLES, _VENUES, _YEARS)
def test_a_linked_title_keeps_its_label(title: str, venue: str, year: int) -> None:
    pieces = [{"label": title, "url": "https://arxiv.org/abs/2301.00001"}, {"text": f", {venue} {year}"}]
    assert parse_citation(pieces).title == title


def test_papers_carry_the_longest_author_list_of_their_mentions() -> None:
    from jsonschema import Draft202012Validator

    from pipeline.catalog.build import build_catalog
    from pipeline.paths import SCHEMAS

    first = records_of("- [Alignment by Agreement](https://arxiv.org/abs/2301.00001) - Percy Liang, Ben Taskar, "
                       "ACL 2006\n", "a")
    second = records_of("1. Alignment by Agreement. Percy Liang, Ben Taskar and Dan Klein. NAACL 2006. "
                        "[paper](https://arxiv.org/abs/2301.00001)\n", "b")
    third = records_of("- [Another Paper Entirely](https://arxiv.org/abs/2301.00002)\n", "c")
    sources = [{"id": name, "path": f"{name}.md", "sha256": "0" * 64, "title": name, "upstream": None,
                "commit": None, "date": None, "language": "en", "superseded_by": None} for name in "abc"]
    catalog, problems = build_catalog([first, second, third], sources)
    assert problems == []
    assert [(paper["id"], paper.get("authors")) for paper in catalog["papers"]] == [
        ("arxiv:2301.00001", ["Percy Liang", "Ben Taskar", "Dan Klein"]),
        ("arxiv:2301.00002", None),
    ]
    schema = json.loads((SCHEMAS / "papers.schema.json").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(catalog)) == []


@pytest.mark.parametrize("text", ["Wang, Y., " * 300 + "x", "Ab Cd, " * 800 + "x", "Jane Doe, " * 500 + "Title"])
def test_long_runs_of_names_are_read_in_bounded_time(text: str) -> None:
    import time

    started = time.monotonic()
    parse_citation([{"text": text}])
    suspect_title(text)
    assert time.monotonic() - started < 5  # exponential backtracking took minutes here


def test_a_leaderboard_row_names_its_model_and_the_paper_by_authors_and_year() -> None:
    # sebastianruder/NLP-progress, english/paraphrase-generation.md: the paper is cited as "Authors, Year"
    table = ("| Model           | BLEU  |  Paper / Source | Code |\n| ------------- | :-----:| --- | --- |\n"
             "| Trigram (baseline)| 47.4| [Wieting and Gimpel, 2018](https://arxiv.org/pdf/1711.05732v2.pdf)| "
             "Unavailable|\n"
             "| DeBERTaV3large | 92.00 |[Improving Large-scale Paraphrase Acquisition and Generation]"
             "(https://arxiv.org/pdf/2210.03235v2.pdf)| Unavailable|\n")
    result = records_of(table)
    assert result["rejects"] == []
    assert [(r["title"], r.get("authors"), r["year"], r["identifiers"].get("arxiv")) for r in result["records"]] == [
        ("Trigram (baseline)", ["Wieting", "Gimpel"], 2018, "1711.05732"),
        ("Improving Large-scale Paraphrase Acquisition and Generation", None, None, "2210.03235")]


def test_an_author_line_alone_is_no_entry() -> None:
    # benedekrozemberczki/awesome-graph-classification: an author sub-item left beside its entry
    result = records_of("- Masashi Tsubaki, Kentaro Tomii, and Jun Sese\n")
    assert (result["records"], [reject["code"] for reject in result["rejects"]]) == ([], ["prose"])


def test_a_paper_name_column_holds_the_title() -> None:
    result = records_of("| Paper Name | Venue |\n|---|---|\n"
                        "| [Graph Neural Networks in Recommender Systems](https://arxiv.org/abs/2011.02260) | CSUR |\n")
    assert [(r["title"], r["kind"]) for r in result["records"]] == [
        ("Graph Neural Networks in Recommender Systems", "paper")]
