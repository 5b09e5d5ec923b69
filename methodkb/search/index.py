"""The Chinese search index, built at build time with jieba.

The browser cuts a query against the index's own vocabulary (see
``docs/assets/search.js``), so query and index agree by construction. Here:

- a user dictionary from the content itself (method names and the quoted words
  in them, formulas, place names at every level with and without 省/市/区/县,
  themes, list names), so those are never split;
- normalised tokens: NFKC (full-width digits and letters become half-width),
  lower case, punctuation and quotes never stuck to a token;
- per document, per term, a score from the fields the term occurs in
  (name and formula ≫ place ≫ themes ≫ summary ≫ body); body terms are kept
  only where they say something about the document (top by tf-idf), which
  keeps the index small;
- the other forms a cadre types (search/variants.py: traditional characters,
  pinyin, initials) and the words of a question to leave out (asking.yml).
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

from methodkb.model.places import short_name
from methodkb.model.text import script_setting
from methodkb.search import variants
from methodkb.search.segment import TOKEN, Segmenter

NAMING_FIELDS = ("name", "formula", "place", "themes")  # their words are typed in pinyin, too
FIELD_WEIGHTS = {"name": 10.0, "formula": 10.0, "place": 6.0, "themes": 4.0, "summary": 2.0, "body": 1.0}
KIND_WEIGHTS = {"method": 1.0, "index": 0.8, "page": 0.7}
BODY_TERMS = 80           # body terms kept per document, by tf-idf
SNIPPET = 160             # characters of summary kept for result snippets
PLACE_SUFFIXES = ("街道", "社区", "居委会", "居民区", "乡", "镇", "村")
QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,12})[”\"」』]")


# The full-width punctuation of Chinese text, as NFKC folds it. Most text holds nothing else that
# NFKC changes, and then the full pass (1.6 s of the search index at 5,000 methods) is skipped.
_FULL_WIDTH = [(c, unicodedata.normalize("NFKC", c)) for c in "，：；！？（）％－／"]


def normalise(text: str) -> str:
    """NFKC and lower case: full-width digits and letters become half-width."""
    folded = text
    for wide, narrow in _FULL_WIDTH:
        folded = folded.replace(wide, narrow)
    if not unicodedata.is_normalized("NFKC", folded):
        folded = unicodedata.normalize("NFKC", folded)
    return folded.lower()


def place_words(name: str) -> list[str]:
    """长沙市 → [长沙市, 长沙]; 暮云街道 → [暮云街道, 暮云]."""
    words = {name, short_name(name)}
    for suffix in PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            words.add(name[: -len(suffix)])
    return sorted(words)


def dictionary_words(words) -> set[str]:
    """The content's own words as jieba is taught them, so that each stays one token."""
    return {w for w in (normalise(w).strip() for w in words) if len(w) >= 2 and TOKEN.fullmatch(w)}


@dataclass
class Document:
    url: str
    title: str
    kind: str                    # method | index | page
    fields: dict[str, str]       # field name → text
    place: str = ""
    formula: str = ""
    snippet: str = ""
    hub: str = ""                # 主题 | 省份 | 名单 | 口诀: a page that gathers others, for the 分类 line


def user_words_of(doc: Document) -> set[str]:
    words = set()
    for name in (doc.fields.get("name", ""), doc.fields.get("formula", "")):
        words.add(re.sub(r"[“”\"「」『』《》()（）·、，\s]", "", name))
        words.update(QUOTED.findall(name))
        words.update(w for w in re.split(r"[“”\"「」『』《》()（）·、，\s]", name) if w)
    for place in doc.fields.get("place", "").split():
        words.update(place_words(place))
    words.update(doc.fields.get("themes", "").split())
    return {w for w in words if 2 <= len(w) <= 16}


def build(documents: list[Document], synonyms: list[list[str]], cache: str | None = None,
          asking: list[str] = ()) -> dict:
    """The index as plain data, ready to be written as JSON; ``cache``: see segment.Segmenter;
    ``asking``: the words of a question (怎么办, 如何) that say nothing of what is asked for."""
    words = set()
    for doc in documents:
        words |= user_words_of(doc)
    for group in synonyms:
        words.update(group)
    taught = dictionary_words(words | set(asking))
    with Segmenter(taught, cache) as segmenter:
        counted = [{name: _count(segmenter.tokens(normalise(text))) for name, text in doc.fields.items() if text}
                   for doc in documents]
        segmenter.save()
    naming = taught | {term for counts in counted for name in NAMING_FIELDS for term in counts.get(name, ((), ()))[0]}
    names = {normalise(w) for doc in documents for w in QUOTED.findall(doc.fields.get("name", "")) + [doc.formula]}
    df = Counter(term for counts in counted for term in counts.get("body", ((), ()))[0])
    idf = {term: math.log(1 + len(documents) / (1 + n)) for term, n in df.items()}
    # Each term's postings as [gap, score, …]: a document number as its distance from the one
    # before, which gzip packs a third smaller than the numbers themselves (search.js adds them up).
    postings: dict[str, list[int]] = {}
    last: dict[str, int] = {}
    for number, doc in enumerate(documents):
        for term, score in _scores(doc.kind, counted[number], idf).items():
            postings.setdefault(term, []).extend((number - last.get(term, 0), score))
            last[term] = number
        counted[number] = None  # scored: let its counts go
    vocabulary = set(postings)
    pinyin, initials = variants.aliases(naming, vocabulary, names, PLACE_SUFFIXES)
    return {
        "version": 4,
        "docs": [[d.url, d.title, d.kind, d.place, d.formula, d.snippet, d.hub] for d in documents],
        "terms": postings,
        # Every word of a group leads to the others that the index holds, even a word
        # the pages never use (调解 → 矛盾化解、纠纷 …).
        "synonyms": {t: [o for o in map(normalise, g) if o != t and o in vocabulary]
                     for g in synonyms for t in map(normalise, g)},
        "fieldWeights": FIELD_WEIGHTS,
        "folds": variants.folds(vocabulary),
        "pinyin": pinyin,
        "initials": initials,
        "sounds": variants.sounds(w for words in pinyin.values() for w in words),
        "asking": sorted(map(normalise, asking)),
    }


def decode(flat: list[int]) -> list[tuple[int, int]]:
    """A term's [gap, score, …] as (document, score) pairs, as search.js reads them."""
    pairs, number = [], 0
    for i in range(0, len(flat), 2):
        number += flat[i]
        pairs.append((number, flat[i + 1]))
    return pairs


def _count(tokens: list[str]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The terms and how often each occurs, as two tuples: at 5,000 methods a Counter per field
    would hold some 50 MB more until every document is scored."""
    counts = Counter(tokens)
    return tuple(counts), tuple(counts.values())


def _scores(kind: str, counted: dict, idf: dict[str, float]) -> dict[str, int]:
    """Term → integer score for one document: field weights × (1 + log tf), times the kind weight."""
    body = zip(*counted.get("body", ((), ())))
    keep = {t for t, _ in heapq.nlargest(BODY_TERMS, body, key=lambda kv: kv[1] * idf[kv[0]])}
    scores: Counter = Counter()
    for name, (terms, tfs) in counted.items():
        weight = FIELD_WEIGHTS[name] * KIND_WEIGHTS[kind]
        for term, tf in zip(terms, tfs):
            if name == "body" and term not in keep:
                continue
            scores[term] += weight * (1 + math.log(tf))
    return {term: max(1, round(score * 10)) for term, score in scores.items()}


def page_document(url: str, title: str, text: str, whole: bool = True) -> Document:
    """A page without fields of its own (hand-written, or a generated overview), as rendered;
    not ``whole``: by its title only (its snippet still from its text)."""
    return Document(url, title or url, "page", {"name": title, "body": text if whole else ""}, snippet=snippet(text))


class _Text(HTMLParser):
    """The text of rendered HTML, as a reader sees it: blocks apart, inline markup joined."""

    SKIP = {"script", "style", "svg", "template"}
    BLOCKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
              "br", "section", "article", "header", "footer", "dl", "dt", "dd", "blockquote", "pre", "hr",
              "figure", "figcaption", "nav", "details", "summary", "main", "aside"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list | None = None  # [tag, depth] of the element being left out

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self.BLOCKS:
            self.parts.append(" ")
        if self.skipping:
            self.skipping[1] += tag == self.skipping[0]
        # A heading's permalink (toc's “¶”) is no part of its text.
        elif tag in self.SKIP or tag == "a" and ("class", "headerlink") in attrs:
            self.skipping = [tag, 1]

    def handle_endtag(self, tag) -> None:
        if tag in self.BLOCKS:
            self.parts.append(" ")
        if self.skipping and tag == self.skipping[0]:
            self.skipping[1] -= 1
            if not self.skipping[1]:
                self.skipping = None

    def handle_data(self, data) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def snippet(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"


def script(index: dict) -> str:
    """The index as a script (search.js loads it on first use)."""
    return script_setting("KB_SEARCH_INDEX", index)


def index_script(documents: list[Document], synonyms: list[list[str]], cache: str | None = None,
                 asking: list[str] = ()) -> str:
    """``build`` and ``script`` in one: the search index as the site serves it."""
    return script(build(documents, synonyms, cache, asking))
