"""index.html: escaping checked on the text, behaviour checked in a real headless Chromium (Debian's, via
Selenium with its chromedriver; nothing is downloaded). Set PAPERLISTS_SCREENSHOT=docs/index.png to keep the
screenshot taken after a search."""

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from pipeline import files
from pipeline.outputs.webpage import _links, index_html
from tests.catalog_fixture import real_catalog

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
EVIL = "</script><script>alert(1)</script> <b>&amp; \u2028\u2029 \"q\" 'a'"


def _catalog(title: str = EVIL, url: str = "javascript:alert(1)") -> dict:
    paper = {"id": "title:0123456789ab", "title": title, "aliases": [EVIL], "short_names": [], "kind": "paper",
             "year": 2024, "venue": "<i>Venue</i>", "identifiers": {"arxiv": None, "doi": None, "other": {}},
             "urls": {"paper": url, "code": "https://github.com/a/b?x=1&y=\"2\"", "other": []},
             "lists": ["<list>"], "mentions": []}
    source = {"id": "<list>", "title": EVIL, "upstream": "https://example.org/a?b=1&c=2", "superseded_by": None}
    return {"papers": [paper], "sources": [source], "resources": [], "conflicts": []}


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "index.html"
    files.write_text(path, index_html(real_catalog()))
    return path


def test_list_text_cannot_escape_its_context() -> None:
    text = index_html(_catalog())
    assert "<script>alert" not in text and "<b>" not in text and "<i>" not in text and "<list>" not in text
    assert "\u2028" not in text.split('id="data">')[1] and "\u2029" not in text.split('id="data">')[1]
    assert text.count("<script") == 2 and text.count("</script>") == 2
    assert "javascript:" not in text  # a non-http link is dropped, not escaped
    assert 'href="https://github.com/a/b?x=1&amp;y=&quot;2&quot;"' in text
    data = text.split('<script type="application/json" id="data">')[1].split("</script>")[0]
    assert json.loads(data)[0]["text"].startswith(EVIL.lower())


def test_permalinks_and_no_network(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert '<li id="arxiv:2305.19860">' in text and 'href="#arxiv:2305.19860"' in text
    assert "default-src 'none'" in text
    # no external resource at all: every src/href outside <a> would be a network request
    assert re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(?!data:)', text) == []


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        pytest.skip(f"Debian's chromium and chromium-driver are not installed ({CHROMIUM}, {CHROMEDRIVER}); "
                    "apt-get install -y chromium chromium-driver (.ci/run does)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (the test extra)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1100,800",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))  # a given driver: no download
    yield driver
    driver.quit()


def _shown(driver) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#papers > li')).filter(li => !li.hidden).map(li => li.id);")


@pytest.mark.slow  # a real browser
def test_page_loads_without_console_errors(browser, page: Path) -> None:
    browser.get(page.as_uri())
    assert browser.title == "LLM-based recommender system papers"
    assert len(_shown(browser)) == 393
    assert browser.find_element("id", "count").text == "393 of 393 papers"
    assert [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"] == []
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0


@pytest.mark.slow  # a real browser
def test_typing_a_title_narrows_to_that_paper(browser, page: Path, tmp_path: Path) -> None:
    browser.get(page.as_uri())
    box = browser.find_element("id", "q")
    box.send_keys("Chat-REC: Towards Interactive")
    assert _shown(browser) == ["arxiv:2303.14524"]
    assert browser.find_element("id", "count").text == "1 of 393 papers"
    shot = Path(os.environ.get("PAPERLISTS_SCREENSHOT") or tmp_path / "index.png")
    browser.set_window_size(1100, 420)
    assert browser.save_screenshot(str(shot)) and shot.read_bytes().startswith(b"\x89PNG")
    browser.set_window_size(1100, 800)
    assert [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"] == []


@pytest.mark.slow  # a real browser
def test_filters_by_list_year_and_kind(browser, page: Path) -> None:
    from selenium.webdriver.support.select import Select

    browser.get(page.as_uri())
    Select(browser.find_element("id", "kind")).select_by_value("benchmark")
    assert len(_shown(browser)) == 3
    Select(browser.find_element("id", "kind")).select_by_value("")
    Select(browser.find_element("id", "list")).select_by_value("awesome-llm-enhanced-recsys")
    Select(browser.find_element("id", "year")).select_by_value("2023")
    assert _shown(browser) == ["arxiv:2306.02841", "arxiv:2309.09261", "arxiv:2312.16275"]
    assert browser.find_element("id", "count").text == "3 of 393 papers"


@pytest.mark.slow  # a real browser
def test_a_permalink_shows_its_paper_even_when_filtered_out(browser, page: Path) -> None:
    browser.get(page.as_uri())
    browser.find_element("id", "q").send_keys("no paper has this title")
    assert _shown(browser) == []
    browser.get(page.as_uri() + "#arxiv:2305.19860")
    browser.execute_script("window.location.hash = '#arxiv:2303.14524';")
    assert "arxiv:2303.14524" in _shown(browser)
    assert browser.execute_script("return document.querySelector(':target').id") == "arxiv:2303.14524"


def test_a_papers_links_name_each_address_once_with_its_own_label() -> None:
    paper = {"identifiers": {"arxiv": "2401.00001", "doi": "10.1/a(b);c:d<e>f", "other": {}},
             "urls": {"paper": " HTTPS://Example.org/p.pdf ", "code": "https://arxiv.org/abs/2401.00001", "other": []}}
    # the code link is the arXiv page: named once, as the code; the DOI keeps / : ; ( ) and escapes < >
    assert _links(paper) == [("paper", "HTTPS://Example.org/p.pdf"), ("code", "https://arxiv.org/abs/2401.00001"),
                             ("DOI", "https://doi.org/10.1/a(b);c:d%3Ce%3Ef")]
    paper["urls"] = {"paper": "ftp://example.org/p.pdf", "code": None, "other": []}
    assert _links(paper) == [("arXiv", "https://arxiv.org/abs/2401.00001"), ("DOI", "https://doi.org/10.1/a(b);c:d%3Ce%3Ef")]


def test_the_lists_merged_are_named_by_title_linked_upstream_and_by_id_without_a_title() -> None:
    catalog = _catalog()
    catalog["sources"] = [{"id": "<list>", "title": None, "upstream": None, "superseded_by": None},
                          {"id": "b", "title": "B & co", "upstream": "https://example.org/b", "superseded_by": None},
                          {"id": "old", "title": "Old", "upstream": None, "superseded_by": "b"}]
    assert "<p>1 paper merged from &lt;list&gt;, <a href=\"https://example.org/b\">B &amp; co</a>.</p>" \
        in index_html(catalog)
