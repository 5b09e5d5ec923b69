"""Text pasted from the source documents: the longest run of characters a method's own text
shares with a source, and a problem for each method whose run is longer than ``LIMIT``.

Compared: summary, characteristics, formula meanings and items, and the body, with Markdown
markup, punctuation and whitespace left out (changing a comma does not make text one's own),
and with text inside quotes “…” 《…》 「…」 left out (a quoted name or a document's title may
stand as the source gives it). Each field is compared on its own, so a run never joins two.

A suffix automaton per source finds, in one pass over a method's text, the longest substring
ending at each character that the source holds: linear in the lengths, well under a second
for every method against every source.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from methodkb.model.problems import Problem

LIMIT = 20  # characters of a source's wording a page may repeat outside quotes
QUOTED = re.compile(r"“[^“”\n]*”|《[^《》\n]*》|「[^「」\n]*」")
COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
TAG = re.compile(r"</?[A-Za-z][^<>]*>")
LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")  # [text](address): the text stays, the address goes
AUTOLINK = re.compile(r"<(?:https?|mailto):[^<>\s]*>|https?://\S+")
BREAK = "\x00"  # stands where quoted text was: a run does not join the words on either side


def _kept(char: str) -> bool:
    """Letters and digits count; punctuation, symbols, markup and whitespace do not."""
    return char == BREAK or unicodedata.category(char)[0] in "LN"


def normalize(text: str) -> tuple[str, list[int]]:
    """``text`` without markup, quoted spans, punctuation and whitespace, and for each character
    kept its offset in ``text`` (to tell the line it stands on)."""
    spans = []
    for pattern in (COMMENT, QUOTED, AUTOLINK, TAG):
        spans += [(m.start(), m.end(), BREAK if pattern is QUOTED else "") for m in pattern.finditer(text)]
    spans += [(m.end(1) + 1, m.end(), "") for m in LINK.finditer(text)]  # a link's text stays
    dropped = [False] * len(text)
    breaks = set()
    for start, end, mark in spans:
        for i in range(start, end):
            dropped[i] = True
        if mark:
            breaks.add(start)
    out, offsets = [], []
    for i, char in enumerate(text):
        if i in breaks:
            out.append(BREAK)
            offsets.append(i)
        if dropped[i] or not _kept(char):
            continue
        out.append(char)
        offsets.append(i)
    return "".join(out), offsets


class Automaton:
    """The suffix automaton of one text: every substring of it, in states linear in its length."""

    def __init__(self, text: str):
        self.next: list[dict[str, int]] = [{}]
        self.link = [-1]
        self.length = [0]
        last = 0
        for char in text:
            last = self._extend(last, char)

    def _extend(self, last: int, char: str) -> int:
        nxt, link, length = self.next, self.link, self.length
        current = len(length)
        nxt.append({})
        length.append(length[last] + 1)
        link.append(0)
        state = last
        while state != -1 and char not in nxt[state]:
            nxt[state][char] = current
            state = link[state]
        if state != -1:
            following = nxt[state][char]
            if length[state] + 1 == length[following]:
                link[current] = following
            else:
                clone = len(length)
                nxt.append(dict(nxt[following]))
                length.append(length[state] + 1)
                link.append(link[following])
                while state != -1 and nxt[state].get(char) == following:
                    nxt[state][char] = clone
                    state = link[state]
                link[following] = link[current] = clone
        return current

    def longest(self, text: str) -> tuple[int, int]:
        """(length, end) of the longest substring of ``text`` that the automaton's text holds."""
        nxt, link, length = self.next, self.link, self.length
        state = matched = best = best_end = 0
        for i, char in enumerate(text):
            if char == BREAK:
                state = matched = 0
                continue
            while state and char not in nxt[state]:
                state = link[state]
                matched = length[state]
            if char in nxt[state]:
                state = nxt[state][char]
                matched += 1
            else:
                state = matched = 0
            if matched > best:
                best, best_end = matched, i + 1
        return best, best_end


@lru_cache(maxsize=32)
def automaton(text: str) -> Automaton:
    return Automaton(normalize(text)[0])


@dataclass(frozen=True)
class Run:
    """The longest run of one field of a method found in one source."""
    field: str      # summary, characteristics.群众性, formula.parts[0].items[1], 正文
    line: int | None
    text: str       # the run as it stands in the method, punctuation left out
    source: str     # the source's file name
    length: int


def fields(meta: dict, body: str, body_line: int = 1, line_of=None) -> list[tuple[str, int | None, str]]:
    """The method's own text, field by field: (field, line, text). The body comes line by line
    joined, so a run may cross a line break within it; its line is told from where it starts."""
    line_of = line_of or (lambda path: None)
    out = []
    if isinstance(meta.get("summary"), str):
        out.append(("summary", line_of(("summary",)), meta["summary"]))
    six = meta.get("characteristics")
    if isinstance(six, dict):
        out += [(f"characteristics.{k}", line_of(("characteristics", k)), v) for k, v in six.items() if isinstance(v, str)]
    formula = meta.get("formula")
    if isinstance(formula, dict):
        if isinstance(formula.get("meaning"), str):
            out.append(("formula.meaning", line_of(("formula", "meaning")), formula["meaning"]))
        parts = formula.get("parts")
        for i, part in enumerate(parts if isinstance(parts, list) else []):
            if not isinstance(part, dict):
                continue
            if isinstance(part.get("meaning"), str):
                out.append((f"formula.parts[{i}].meaning", line_of(("formula", "parts", i, "meaning")), part["meaning"]))
            items = part.get("items")
            for j, item in enumerate(items if isinstance(items, list) else []):
                if isinstance(item, str):
                    out.append((f"formula.parts[{i}].items[{j}]", line_of(("formula", "parts", i, "items", j)), item))
    if body:
        out.append(("正文", body_line, body))
    return out


def runs(meta: dict, body: str, sources: dict[str, str], body_line: int = 1, line_of=None) -> list[Run]:
    """For each field, its longest run shared with any of ``sources`` (file name → text), longest first."""
    found = []
    for name, line, text in fields(meta, body, body_line, line_of):
        plain, offsets = normalize(text)
        best = None
        for source, source_text in sources.items():
            length, end = automaton(source_text).longest(plain)
            if length and (best is None or length > best.length):
                at = offsets[end - length]
                where = line + text.count("\n", 0, at) if name == "正文" and line else line
                best = Run(name, where, plain[end - length:end], source, length)
        if best:
            found.append(best)
    return sorted(found, key=lambda r: -r.length)


def read_sources(directory: str, registry) -> dict[str, str]:
    """File name → text of every registered source whose file is in ``directory``."""
    out = {}
    for entry in registry.sources.values():
        name = entry.get("file")
        path = os.path.join(directory, name) if name else None
        if path and os.path.isfile(path):
            with open(path, encoding="utf-8") as handle:
                out[name] = handle.read()
    return out


NOT_KEPT = re.compile(r"[\W_]+")
# Each pattern with what a text must hold for it to match: most texts hold no link or tag,
# and a scan is skipped when its mark is absent (the screen reads every method at every check).
MARKED = ((COMMENT, "<"), (QUOTED, ""), (AUTOLINK, ":"), (TAG, "<"))


def _rough(text: str) -> str:
    """``normalize`` by regular expressions, without offsets: what ``may_copy`` reads. Where
    the two differ, this keeps more (quoted text joins its neighbours), never less."""
    for pattern, mark in MARKED:
        if mark in text:
            text = pattern.sub("", text)
    if "](" in text:
        text = LINK.sub(r"\1", text)
    return NOT_KEPT.sub("", text)


@lru_cache(maxsize=4)
def _grams(texts: tuple[str, ...], size: int) -> frozenset[str]:
    """Every run of ``size`` characters of the sources, as ``normalize`` keeps them."""
    out: set[str] = set()
    for text in texts:
        plain = normalize(text)[0]
        out.update(plain[i:i + size] for i in range(len(plain) - size + 1))
    return frozenset(out)


def may_copy(text: str, sources: tuple[str, ...], length: int) -> bool:
    """Whether ``text`` may share a run of ``length`` characters with a source (False: surely
    not). A run that long holds a source's ``size``-character gram at a position that is a
    multiple of ``step`` (size + step - 1 = length), so only every step-th position is looked at."""
    size = (length + 1) // 2
    step = length - size + 1
    grams, plain = _grams(sources, size), _rough(text)
    return any(plain[i:i + size] in grams for i in range(0, len(plain) - size + 1, step))


def problems(methods, sources: dict[str, str], limit: int = LIMIT) -> list[Problem]:
    """An error for each field of each method (checks.loading.Method) repeating over ``limit``
    characters of a source's wording. A quick screen (``may_copy``) first: at 5,000 methods the
    exact search (the automaton, per character in Python) takes half a minute."""
    out = []
    texts = tuple(sources.values())
    for method in methods:
        src = method.src
        # All fields screened at once: a run across two fields is only a false alarm for the exact search.
        if not may_copy("\n".join(text for _, _, text in fields(method.meta, method.body)), texts, limit + 1):
            continue
        for run in runs(method.meta, method.body, sources, src.body_line, src.line_of):
            if run.length <= limit:
                break
            where = "正文" if run.field == "正文" else run.field
            out.append(Problem(src.path, run.line, where,
                               f"与来源文件 {run.source} 的原文连续相同 {run.length} 字（不计标点、空格和引号内的名称）："
                               f"“{run.text}”。请用自己的话改写，只保留事实，不要照抄来源原文"
                               f"（连续相同不得超过 {limit} 字）。"))
    return out
