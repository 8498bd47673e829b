"""index.html: the catalog as one self-contained web page, with search as you type and filters.

Every paper is written as static HTML (so the page reads without JavaScript and each paper has a
permalink, ``#arxiv:2305.19860``); a small inline script hides the papers that do not match the
search box and the list, year and kind filters. Nothing is fetched: no CDN, no fonts, and a
Content-Security-Policy that forbids any request, so it opens from the file system or GitHub Pages.

List text is untrusted: it is HTML-escaped in the markup, and the script's data is JSON with
``<``, ``>``, ``&`` and U+2028/U+2029 written as ``\\u`` escapes so that it cannot end the script.
Only http(s) links become hrefs.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import quote

from pipeline.catalog.shapes import Catalog, Paper
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data: Any) -> str:
    """JSON that is safe inside a <script> element (and in JavaScript source).

    >>> script_json({"t": "</script><!--&\u2028"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003c!--\\\\u0026\\\\u2028"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda match: _SCRIPT_UNSAFE[match.group(0)], text)


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _href(url: str | None) -> str | None:
    """An escaped href for an http(s) URL; anything else (javascript:, data:, relative) gives none."""
    if not url or not re.match(r"^https?://", url.strip(), re.IGNORECASE):
        return None
    return _e(url.strip())


def permalink(paper_id: str) -> str:
    """The fragment of a paper's permalink: its id, percent-encoded where a URL needs it."""
    return quote(paper_id, safe=":/.-_~()!$'*+,;=@")


def _links(paper: Paper) -> list[tuple[str, str]]:
    ids = paper["identifiers"]
    found = [("paper", paper["urls"]["paper"]), ("code", paper["urls"]["code"])]
    if ids["arxiv"]:
        found.append(("arXiv", f"https://arxiv.org/abs/{ids['arxiv']}"))
    if ids["doi"]:
        found.append(("DOI", f"https://doi.org/{quote(ids['doi'], safe='/:;()')}"))
    seen: set[str] = set()
    out = []
    for label, url in found:
        href = _href(url)
        if href and href not in seen:
            seen.add(href)
            out.append((label, href))
    return out


def _paper_html(paper: Paper) -> str:
    facts = " · ".join(_e(part) for part in (paper["year"], paper["venue"], paper["kind"]) if part)
    links = " ".join(f'<a href="{href}" rel="noopener">{label}</a>' for label, href in _links(paper))
    lists = "".join(f'<span class="list">{_e(name)}</span>' for name in paper["lists"])
    aliases = f'<div class="aliases">also: {_e(" | ".join(paper["aliases"]))}</div>' if paper["aliases"] else ""
    return (f'<li id="{_e(paper["id"])}"><div class="title"><a class="permalink" href="#{_e(permalink(paper["id"]))}" '
            f'title="permalink">#</a> {_e(paper["title"])}</div>{aliases}'
            f'<div class="facts">{facts} <span class="id">{_e(paper["id"])}</span> {links}</div>'
            f'<div class="lists">{lists}</div></li>')


def _index(paper: Paper) -> dict[str, Any]:
    """What the script filters on: one lower-cased search text, the lists, year and kind."""
    text = " ".join([paper["title"], *paper["aliases"], *paper["short_names"], paper["id"], paper["venue"] or ""])
    # lower() as JavaScript's toLowerCase, which the script applies to what is typed
    return {"id": paper["id"], "text": text.lower(), "lists": paper["lists"], "year": paper["year"],
            "kind": paper["kind"]}


def _source(upstream: str | None, title: str) -> str:
    href = _href(upstream)
    return f'<a href="{href}">{_e(title)}</a>' if href else _e(title)


def _options(values: list[Any], everything: str) -> str:
    return f'<option value="">{everything}</option>' + "".join(
        f'<option value="{_e(value)}">{_e(value)}</option>' for value in values)


def index_html(catalog: Catalog) -> str:
    """The text of index.html for ``catalog`` (papers.json's dict)."""
    papers = catalog["papers"]
    lists = sorted({name for paper in papers for name in paper["lists"]})
    years = sorted({paper["year"] for paper in papers if paper["year"]}, reverse=True)
    kinds = sorted({paper["kind"] for paper in papers})
    titles = {source["id"]: source["title"] for source in catalog["sources"]}
    sources = ", ".join(_source(s["upstream"], titles.get(s["id"]) or s["id"])
                        for s in catalog["sources"] if not s["superseded_by"])
    rows = "\n".join(_paper_html(paper) for paper in papers)
    noun = "paper" if len(papers) == 1 else "papers"
    return _PAGE.format(
        count=len(papers), papers_noun=noun, sources=sources, rows=rows, data=script_json([_index(p) for p in papers]),
        list_options=_options(lists, "all lists"), year_options=_options(years, "all years"),
        kind_options=_options(kinds, "all kinds"), script=_SCRIPT, style=_STYLE)


_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1a1a1a}
header{position:sticky;top:0;background:#fff;padding:.5rem 0;border-bottom:1px solid #ddd}
h1{font-size:1.3rem;margin:.2rem 0}
.controls{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
#q{flex:1 1 16rem;font-size:1rem;padding:.35rem}
ol{padding-left:0;list-style:none}
li{padding:.5rem .3rem;border-bottom:1px solid #eee}
li:target{background:#fff6d6}
.title{font-weight:600}
.permalink{color:#999;text-decoration:none;font-weight:400}
.facts,.aliases{font-size:.85rem;color:#555}
.id{font-family:monospace;color:#777}
.list{display:inline-block;font-size:.75rem;background:#eef3fb;border-radius:3px;padding:0 .35rem;
margin:.15rem .25rem 0 0}
"""

# Filters by hiding rows; a permalink to a hidden paper clears the filters so the paper shows.
_SCRIPT = """
(function () {
  "use strict";
  var index = JSON.parse(document.getElementById("data").textContent);
  var q = document.getElementById("q"), list = document.getElementById("list");
  var year = document.getElementById("year"), kind = document.getElementById("kind");
  var count = document.getElementById("count");
  var rows = index.map(function (paper) { return document.getElementById(paper.id); });
  function apply() {
    var words = q.value.toLowerCase().split(/\\s+/).filter(Boolean), shown = 0;
    index.forEach(function (paper, i) {
      var ok = words.every(function (w) { return paper.text.indexOf(w) !== -1; }) &&
        (!list.value || paper.lists.indexOf(list.value) !== -1) &&
        (!year.value || String(paper.year) === year.value) && (!kind.value || paper.kind === kind.value);
      rows[i].hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " of " + index.length + " papers";
  }
  function follow() {
    var id = decodeURIComponent(location.hash.slice(1)), row = id && document.getElementById(id);
    if (row && row.hidden) { q.value = ""; list.value = ""; year.value = ""; kind.value = ""; apply(); }
    if (row) { row.scrollIntoView(); }
  }
  [q, list, year, kind].forEach(function (control) {
    control.addEventListener("input", apply);
    control.addEventListener("change", apply);
  });
  window.addEventListener("hashchange", follow);
  apply();
  follow();
}());
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; \
script-src 'unsafe-inline'; img-src data:">
<link rel="icon" href="data:,">
<title>LLM-based recommender system papers</title>
<style>{style}</style>
</head>
<body>
<header>
<h1>LLM-based recommender system papers</h1>
<p>{count} {papers_noun} merged from {sources}.</p>
<div class="controls">
<input id="q" type="search" placeholder="Search titles, names, ids, venues" aria-label="search" autocomplete="off">
<select id="list" aria-label="list">{list_options}</select>
<select id="year" aria-label="year">{year_options}</select>
<select id="kind" aria-label="kind">{kind_options}</select>
<span id="count">{count} {papers_noun}</span>
</div>
</header>
<ol id="papers">
{rows}
</ol>
<script type="application/json" id="data">{data}</script>
<script>{script}</script>
</body>
</html>
"""
