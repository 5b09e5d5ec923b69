"""Finding a method by what people call it.

Editors and trainers name a method the way they heard it: the full name, the file name
(junmen-13335), a short name (军门), the name without its quotation marks
(云塘社区四小四大工作法), the name in brackets after it (136工作法), or pinyin (junmen).
``Finder.find`` accepts all of these, in that order of trust, and when the words fit no
method or several, it names the candidates (name and file) instead of a bare "not found".
The collection check (checks/books.py) and kb-export-form use this one lookup. A selection
list written the way an editor heard it (湖南省第三批) is named by ``list_hint``, for the check,
kb-new-method and kb-import alike.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from methodkb.model.method import Method
from methodkb.model.places import short_name

SHOWN = 8      # candidates named in a message; more would bury the one meant
SHORTEST = 2   # a part shorter than this (区, a) fits too much to stand for one method
CLOSE = 0.8    # difflib ratio for a misspelling worth suggesting (most names share 社区工作法)

# What people leave out or type differently: quotation marks, brackets, dots, dashes, spaces.
_NOISE = re.compile(r"[\s\"'“”‘’「」『』《》〈〉()（）\[\]【】·・.,，、:：;；!！?？\-—_/+]+")
_BRACKETED = re.compile(r"[（(]([^（）()]+)[）)]")
_ASCII = re.compile(r"^[a-z0-9]+$")
# Words that say what kind of thing a name is, not which one: no ground for a guess.
GENERIC = ("社区工作法", "工作法", "社区治理", "工作体系", "工作机制", "机制建设", "经验", "模式", "机制",
           "建设", "创新", "社区", "工作")


def key(text: str) -> str:
    """The form two spellings are compared in: full-width letters and digits made half-width
    (NFKC), lower case, punctuation and spaces removed."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text).lower())


def _distinctive(text: str) -> str:
    for word in GENERIC:
        text = text.replace(word, "")
    return text


def _grams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


@dataclass(frozen=True)
class Match:
    method: Method | None = None         # the one method meant, when there is one
    candidates: tuple[Method, ...] = ()  # else: those that fit (ambiguous) or come close, at most SHOWN
    ambiguous: bool = False              # several fit equally well
    more: int = 0                        # how many more fit than are named


class _Names:
    """What one method is called, in comparable form."""

    def __init__(self, method: Method):
        self.method = method
        name = method.name
        # 营山社区“一委三会六步工作法”（“136工作法”）: the bracketed part, and the name without it.
        bracketed = _BRACKETED.findall(name)
        self.keys = {key(name), key(_BRACKETED.sub("", name))} | {key(b) for b in bracketed}
        self.keys.discard("")
        self.slug_parts = method.slug.split("-")

    @cached_property
    def syllables(self) -> list[str]:
        """The name in pinyin, one syllable (or run of digits and letters) per item: junmen is
        looked for at syllable boundaries, so that "an" is not found inside "nan"."""
        from pypinyin import lazy_pinyin  # its dictionaries take half a second to load: only when asked

        return [k for k in (key(p) for p in lazy_pinyin(self.method.name)) if k]

    def fits(self, query: str) -> bool:
        """Whether ``query`` (a key) is a part of one of the names, or of the pinyin or file name
        read from a syllable's start to a syllable's end."""
        if any(query in k for k in self.keys):
            return True
        return bool(_ASCII.match(query)) and (_runs(self.syllables, query) or _runs(self.slug_parts, query))

    def equals(self, query: str) -> bool:
        return query in self.keys or query == "".join(self.syllables) or query == "".join(self.slug_parts)


def _runs(parts: list[str], query: str) -> bool:
    """Whether ``query`` is ``parts[i] + … + parts[j]`` for some i ≤ j."""
    for start in range(len(parts)):
        joined = ""
        for part in parts[start:]:
            joined += part
            if joined == query:
                return True
            if not query.startswith(joined):
                break
    return False


class Finder:
    """Looks methods up by what people call them; build once, ask many times."""

    def __init__(self, methods: list[Method]):
        self.methods = list(methods)
        self.by_slug = {m.slug: m for m in self.methods}
        self.by_name: dict[str, list[Method]] = {}
        for method in self.methods:
            self.by_name.setdefault(method.name, []).append(method)

    @cached_property
    def _names(self) -> list[_Names]:
        # Only when a query is not a name or file name as written: pinyin costs time at 5,000 methods.
        return [_Names(m) for m in self.methods]

    def find(self, query: str) -> Match:
        written = query.strip()
        # A path or file name (methods/fujian/junmen-13335.md) stands for its file name.
        bare = os.path.basename(written.replace("\\", "/")).removesuffix(".md") if written.endswith(".md") else written
        if bare in self.by_slug:
            return Match(self.by_slug[bare])
        if written in self.by_name:
            return self._of(self.by_name[written])
        wanted = key(bare)
        if not wanted:
            return Match()
        same = [n.method for n in self._names if n.equals(wanted)]
        if same:
            return self._of(same)
        if len(wanted) >= SHORTEST:
            fitting = [n.method for n in self._names if n.fits(wanted)]
            if fitting:
                # The names the words make up most of come first: 六个一 before a long name holding it.
                fitting.sort(key=lambda m: -difflib.SequenceMatcher(None, wanted, key(m.name)).ratio())
                return self._of(fitting)
        return self._close(wanted)

    @staticmethod
    def _of(methods: list[Method]) -> Match:
        if len(methods) == 1:
            return Match(methods[0])
        return Match(None, tuple(methods[:SHOWN]), True, max(0, len(methods) - SHOWN))

    def _close(self, wanted: str) -> Match:
        """No method fits: the ones spelled nearly so, or sharing a distinctive pair of characters
        (军门 in 军门社区工作发), the closest first."""
        # Pairs of digits or letters (13, 35) are shared by chance: for those, spelling alone.
        grams = set() if _ASCII.match(wanted) else _grams(_distinctive(wanted))
        scored = []
        for names in self._names:
            spellings = names.keys | {"".join(names.slug_parts)}
            if _ASCII.match(wanted):
                spellings.add("".join(names.syllables))
            ratio = max(difflib.SequenceMatcher(None, wanted, s).ratio() for s in spellings)
            shared = any(grams & _grams(_distinctive(k)) for k in names.keys)
            if ratio >= CLOSE or shared:
                scored.append((-ratio, names.method.slug, names.method))
        scored.sort(key=lambda row: row[:2])
        close = [row[2] for row in scored]
        return Match(None, tuple(close[:SHOWN]), False, max(0, len(close) - SHOWN))


def shown(methods) -> str:
    """军门社区工作法（methods/fujian/junmen-13335.md）、…: each candidate's name and file (names
    hold quotation marks of their own, so none are put round them)."""
    return "、".join(f"{m.name}（{m.path}）" for m in methods)


def explain(query: str, match: Match, advice: str) -> str:
    """Why ``query`` names no one method, and what to write instead; ``advice`` when no candidate
    comes close (it says where names can be looked up)."""
    total = len(match.candidates) + match.more
    listed = shown(match.candidates) + ("等" if match.more else "")
    if match.ambiguous:
        return f"“{query}”可指 {total} 个方法：{listed}。请写出其中一个的完整名称或文件名（不带 .md）。"
    if total == 1:
        return f"找不到方法“{query}”。是不是{listed}？"
    if total:
        return f"找不到方法“{query}”。相近的有 {total} 个：{listed}。"
    return f"找不到方法“{query}”。{advice}"


def list_hint(registry, text: str) -> str:
    """For a list name not found: the registered lists it may mean, to write instead
    (湖南省第三批 → hn-3), or "" when none is close. Only said, never taken; and never a list
    of another number: 湖南省第四批 is a new batch to register, not a slip for the third."""
    text = (text or "").strip()
    numbers, provinces = numbers_in(text), provinces_in(registry, text)
    close = []
    for key, entry in registry.lists.items():
        names = [str(n) for n in (key, entry.get("name"), entry.get("short")) if n]
        if provinces <= list_provinces(registry, key) and any(
                numbers <= numbers_in(n) and (text in n or difflib.SequenceMatcher(None, text, n).ratio() >= 0.7)
                for n in names):
            close.append(f"“{entry.get('name') or key}”（编号 {key}）")
    if not close or len(close) > 3:
        return ""
    return ("是不是" if len(close) == 1 else "是不是其中之一：") + "、".join(close) + "？"


def provinces_in(registry, text: str) -> set[str]:
    """The provinces a text names, in full or by their short form (湖南省, 湖南)."""
    return {name for name in registry.provinces if name in text or short_name(name) in text}


def list_provinces(registry, key: str) -> set[str]:
    """The provinces a registered list names in its name, short name or issuer (湖南省民政厅); none for the country's."""
    entry = registry.lists[key]
    return provinces_in(registry, " ".join(str(entry.get(f) or "") for f in ("name", "short", "issuer")))


_NUMERALS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "两": "2", "首": "1"}


def numbers_in(text: str) -> set[str]:
    """The numbers a list's name holds (第三批, 第3批: {"3"}; 首批: {"1"}); 十 as in 十一 … 九十九."""
    def value(match) -> str:
        word = match.group()
        if word.isdigit():
            return str(int(word))
        if "十" in word:
            tens, _, ones = word.partition("十")
            return str(int(_NUMERALS.get(tens, "1")) * 10 + int(_NUMERALS.get(ones, "0")))
        return "".join(_NUMERALS[c] for c in word)
    return {value(m) for m in re.finditer(r"\d+|[〇零一二两三四五六七八九]?十[一二三四五六七八九]?|[〇零一二两三四五六七八九首]+", text)}
