"""jieba as the search index uses it: the same dictionary in every build, and each clause
cut once.

- The dictionary is jieba's own, loaded once per process (jieba itself keeps it in a cache
  file, so that takes under a second), plus the content's own words: method names, places,
  themes, synonyms. Each word's frequency is computed against jieba's dictionary alone, and
  the dictionary's total stays as shipped. So how a clause is cut depends only on the clause
  and on the content words inside it: not on the order the words were added, not on other
  methods, and not on what an earlier build under ``mkdocs serve`` taught jieba (a renamed
  method's old name is gone at the next build).
- jieba cuts a text one clause at a time (a run of Chinese characters, letters and digits,
  ``re_han_default``), so a clause cut once is remembered, in memory and in a cache file
  between builds. When the content words change, only the clauses that hold a changed word
  are cut again.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from bisect import bisect_right
from collections.abc import Iterable
from importlib import metadata

TOKEN = re.compile(r"[0-9a-z\u3400-\u9fff]+")
# jieba's re_han_default: jieba itself is imported only when a clause is left to cut, which
# keeps it off a build whose clauses are all in the cache; a test holds the two the same.
CLAUSE = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)", re.U)
CACHE_FORMAT = 1
FORGET_AT_MOST = 2000    # changed words; beyond this, the cache starts afresh

_shipped: tuple | None = None


def _jieba() -> tuple:
    """One jieba.Tokenizer per process, with jieba's dictionary as shipped (kept to reset it)."""
    global _shipped
    if _shipped is None:
        import jieba
        jieba.setLogLevel(60)  # its progress lines are noise in the build log
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        _shipped = (tokenizer, dict(tokenizer.FREQ), tokenizer.total)
    return _shipped


def _shipped_tokenizer():
    """The tokenizer, its dictionary reset to jieba's own (without any build's words)."""
    tokenizer, shipped, total = _jieba()
    tokenizer.FREQ = dict(shipped)
    tokenizer.total = total
    return tokenizer


def cut(tokenizer, text: str) -> list[str]:
    """Search-mode tokens, punctuation removed (never “13335” with its quotes); interned, as
    one word is in many of the remembered clauses."""
    return [sys.intern(t) for piece in tokenizer.cut_for_search(text) for t in TOKEN.findall(piece)]


class Segmenter:
    """Cuts normalised text with jieba plus ``words``; ``cache`` is a file kept between builds.
    jieba and its dictionary are loaded only when something is left to cut or a word's
    frequency to compute: a build whose words and clauses are all in the cache needs neither."""

    def __init__(self, words: Iterable[str], cache: str | None = None):
        self.cache = cache
        self.clauses: dict[str, list[str]] = {}
        self.used: set[str] = set()
        self.cut_now = 0          # clauses jieba cut in this build (the rest came from the cache)
        self.version = metadata.version("jieba")
        self._tokenizer = None
        saved_words = self._load()
        self.words = {w: saved_words.get(w) for w in sorted(set(words))}
        new = [w for w, freq in self.words.items() if freq is None]
        if new:
            tokenizer = _shipped_tokenizer()  # each frequency against jieba's dictionary alone
            self.words.update((w, tokenizer.suggest_freq(w)) for w in new)
        changed = {w for w in self.words.keys() | saved_words.keys() if self.words.get(w) != saved_words.get(w)}
        self._forget(changed)
        self.dirty = bool(changed)

    @property
    def tokenizer(self):
        """jieba's dictionary plus this build's words."""
        if self._tokenizer is None:
            tokenizer = _shipped_tokenizer()
            total = tokenizer.total
            for word, freq in self.words.items():
                tokenizer.add_word(word, freq)
            tokenizer.total = total
            self._tokenizer = tokenizer
        return self._tokenizer

    def tokens(self, text: str) -> list[str]:
        out = []
        pieces = CLAUSE.split(text)    # between clauses, the odd items: punctuation and spaces
        for number, piece in enumerate(pieces):
            if not number % 2:
                # jieba gives these one character at a time, whatever its dictionary holds.
                if piece and TOKEN.search(piece):
                    out += [c for c in piece if TOKEN.match(c)]
                continue
            known = self.clauses.get(piece)
            if known is None:
                known = self.clauses[piece] = cut(self.tokenizer, piece)
                self.cut_now += 1
            self.used.add(piece)
            out += known
        return out

    # The cache file ------------------------------------------------------------------

    def _load(self) -> dict[str, int]:
        """The words and clauses of the last build; nothing when there is no usable file."""
        if not self.cache:
            return {}
        try:
            with open(self.cache, encoding="utf-8") as handle:
                data = json.load(handle)
            if data.get("format") != CACHE_FORMAT or data.get("jieba") != self.version:
                return {}
            words, clauses = data["words"], data["clauses"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}   # missing, unreadable or damaged: cut everything again
        if not (isinstance(words, dict) and isinstance(clauses, dict)
                and all(type(f) is int and f > 0 for f in words.values())
                and all(type(t) is list and all(type(x) is str for x in t) for t in clauses.values())):
            return {}
        self.clauses = {clause: [sys.intern(t) for t in tokens] for clause, tokens in clauses.items()}
        return words

    def _forget(self, changed: set[str]) -> None:
        """Drop the remembered clauses that hold a word whose frequency changed (or came or went)."""
        if not changed or not self.clauses:
            return
        if len(changed) > FORGET_AT_MOST:
            self.clauses = {}
            return
        keys = list(self.clauses)
        joined = "\0".join(keys)     # no clause holds \0, so no word is found across two
        starts, at = [], 0
        for key in keys:
            starts.append(at)
            at += len(key) + 1
        for word in changed:
            found = joined.find(word)
            while found != -1:
                self.clauses.pop(keys[bisect_right(starts, found) - 1], None)
                found = joined.find(word, found + 1)

    def save(self) -> None:
        """Keep this build's words and clauses (only those still in use) for the next build."""
        if not self.cache or not (self.dirty or self.cut_now or len(self.used) < len(self.clauses)):
            return
        data = {"format": CACHE_FORMAT, "jieba": self.version, "words": self.words,
                "clauses": {c: self.clauses[c] for c in self.used}}
        folder = os.path.dirname(self.cache) or "."
        temporary = None
        try:
            os.makedirs(folder, exist_ok=True)
            # Written beside it and renamed: a build that stops halfway never leaves half a file.
            handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))  # C encoder
            os.replace(temporary, self.cache)
        except OSError:
            # A read-only checkout builds the same site, only slower the next time.
            if temporary and os.path.exists(temporary):
                os.remove(temporary)
