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
  ``re_han_default``), so a clause cut once is remembered in a cache file between builds: an
  SQLite file read one clause at a time, so that a build's clauses never all sit in memory (at
  5,000 methods of never-repeating text they are over a million). When the content words
  change, only the clauses that hold a changed word are cut again.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
import tempfile
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

TOKEN = re.compile(r"[0-9a-z\u3400-\u9fff]+")
# jieba's re_han_default: jieba itself is imported only when a clause is left to cut, which
# keeps it off a build whose clauses are all in the cache; a test holds the two the same.
CLAUSE = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)", re.U)
CACHE_FORMAT = 2
FORGET_AT_MOST = 200     # changed words; beyond this, the cache starts afresh
REMEMBER_AT_MOST = 100_000  # clauses also kept in memory: text repeats itself within a build
WRITE_EVERY = 10_000     # clauses written to the new cache file at a time

_shipped: tuple | None = None


def _jieba() -> tuple:
    """One jieba.Tokenizer per process, its dictionary's total as shipped, and what a build
    changed in the dictionary (word → its shipped frequency, None when it had none): undone
    before the next build, instead of keeping a second copy of the whole dictionary."""
    global _shipped
    if _shipped is None:
        import jieba
        jieba.setLogLevel(60)  # its progress lines are noise in the build log
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        _shipped = (tokenizer, tokenizer.total, {})
    return _shipped


def _shipped_tokenizer():
    """The tokenizer, its dictionary reset to jieba's own (without any build's words)."""
    tokenizer, total, changed = _jieba()
    for word, freq in changed.items():
        if freq is None:
            del tokenizer.FREQ[word]
        else:
            tokenizer.FREQ[word] = freq
    changed.clear()
    tokenizer.total = total
    return tokenizer


def _add_word(tokenizer, word: str, freq: int) -> None:
    """jieba's add_word, noting what it changes: the word, and each of its beginnings that the
    dictionary lacked (jieba adds them with frequency 0)."""
    changed = _jieba()[2]
    for end in range(1, len(word) + 1):
        piece = word[:end]
        if piece not in changed:
            changed[piece] = tokenizer.FREQ.get(piece)
    tokenizer.add_word(word, freq)


def cut(tokenizer, text: str) -> list[str]:
    """Search-mode tokens, punctuation removed (never “13335” with its quotes); interned, as
    one word is in many of the remembered clauses."""
    return [sys.intern(t) for piece in tokenizer.cut_for_search(text) for t in TOKEN.findall(piece)]


class Segmenter:
    """Cuts normalised text with jieba plus ``words``; ``cache`` is a file kept between builds.
    jieba and its dictionary are loaded only when something is left to cut or a word's
    frequency to compute: a build whose words and clauses are all in the cache needs neither.
    Used as a context manager: ``save`` keeps this build's clauses (and only those) for the
    next; leaving on an exception keeps the last build's file as it was."""

    def __init__(self, words: Iterable[str], cache: str | None = None):
        self.cache = cache
        self.cut_now = 0          # clauses jieba cut in this build (the rest came from the cache)
        self.kept = 0             # clauses written to the next build's cache
        self.version = metadata.version("jieba")
        self._tokenizer = None
        self._memory: dict[str, list[str]] = {}
        self._waiting: list[tuple[str, str]] = []
        self._old, saved_words = self._open_last()
        self.words = {w: saved_words.get(w) for w in sorted(set(words))}
        new = [w for w, freq in self.words.items() if freq is None]
        if new:
            tokenizer = _shipped_tokenizer()  # each frequency against jieba's dictionary alone
            self.words.update((w, tokenizer.suggest_freq(w)) for w in new)
        changed = {w for w in self.words.keys() | saved_words.keys() if self.words.get(w) != saved_words.get(w)}
        if len(changed) > FORGET_AT_MOST:
            self._close_last()
        # A remembered clause holding a changed word is cut again (one pattern for them all).
        self._stale = re.compile("|".join(map(re.escape, sorted(changed, key=len, reverse=True)))) \
            if changed and self._old else None
        self._next, self._next_path = None, None

    def __enter__(self) -> Segmenter:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if kind is not None:
            self._discard()

    @property
    def tokenizer(self):
        """jieba's dictionary plus this build's words."""
        if self._tokenizer is None:
            tokenizer = _shipped_tokenizer()
            total = tokenizer.total
            for word, freq in self.words.items():
                _add_word(tokenizer, word, freq)
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
            known = self._memory.get(piece)
            if known is None:
                known = self._clause(piece)
            out += known
        return out

    def _clause(self, clause: str) -> list[str]:
        """A clause not met yet in this build: from the last build's cache, or cut now."""
        row = None
        if self._old is not None and not (self._stale and self._stale.search(clause)):
            try:
                row = self._old.execute("SELECT tokens FROM clauses WHERE clause = ?", (clause,)).fetchone()
            except sqlite3.Error:
                self._close_last()  # damaged halfway: cut the rest
        if row is not None and isinstance(row[0], str):
            tokens = [sys.intern(t) for t in row[0].split(" ")] if row[0] else []
        else:
            tokens = cut(self.tokenizer, clause)
            self.cut_now += 1
        if len(self._memory) >= REMEMBER_AT_MOST:
            self._memory.clear()
        self._memory[clause] = tokens
        self._keep(clause, tokens)
        return tokens

    # The cache file ------------------------------------------------------------------

    def _open_last(self) -> tuple[sqlite3.Connection | None, dict[str, int]]:
        """The last build's cache, read-only, and its words; nothing when there is no usable file."""
        if not self.cache or not os.path.isfile(self.cache):
            return None, {}
        connection = None
        try:
            connection = sqlite3.connect(Path(self.cache).absolute().as_uri() + "?mode=ro", uri=True)
            about = dict(connection.execute("SELECT key, value FROM about").fetchall())
            words = json.loads(about.get("words", "null"))
            if about.get("format") != str(CACHE_FORMAT) or about.get("jieba") != self.version \
                    or not isinstance(words, dict) or not all(type(f) is int and f > 0 for f in words.values()):
                raise ValueError("another build's cache")
            connection.execute("SELECT clause, tokens FROM clauses LIMIT 1").fetchall()
            return connection, words
        except (sqlite3.Error, ValueError, TypeError):
            if connection is not None:
                connection.close()
            return None, {}   # missing, unreadable, damaged or foreign: cut everything again

    def _close_last(self) -> None:
        if self._old is not None:
            self._old.close()
            self._old = None

    def _keep(self, clause: str, tokens: list[str]) -> None:
        if not self.cache:
            return
        self._waiting.append((clause, " ".join(tokens)))
        if len(self._waiting) >= WRITE_EVERY:
            self._write()

    def _write(self) -> None:
        """Write the waiting clauses to the next build's cache (a new file beside the last one)."""
        waiting, self._waiting = self._waiting, []
        try:
            if self._next is None:
                folder = os.path.dirname(self.cache) or "."
                os.makedirs(folder, exist_ok=True)
                handle, self._next_path = tempfile.mkstemp(dir=folder, suffix=".tmp")
                os.close(handle)
                self._next = sqlite3.connect(self._next_path)
                # A file renamed into place only when whole: nothing to journal or sync.
                self._next.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                                         "CREATE TABLE clauses (clause TEXT PRIMARY KEY, tokens TEXT) WITHOUT ROWID;"
                                         "CREATE TABLE about (key TEXT PRIMARY KEY, value TEXT);")
            before = self._next.total_changes
            self._next.executemany("INSERT OR IGNORE INTO clauses VALUES (?, ?)", waiting)
            self.kept += self._next.total_changes - before
        except (OSError, sqlite3.Error):
            # A read-only checkout builds the same site, only slower the next time.
            self._discard()
            self.cache = None

    def save(self) -> None:
        """Keep this build's words and clauses (only those it met) for the next build."""
        if not self.cache:
            return
        self._write()
        if self._next is None:
            return
        try:
            about = {"format": str(CACHE_FORMAT), "jieba": self.version,
                     "words": json.dumps(self.words, ensure_ascii=False)}
            self._next.executemany("INSERT INTO about VALUES (?, ?)", about.items())
            self._next.commit()
            self._next.close()
            self._next = None
            self._close_last()
            os.replace(self._next_path, self.cache)
        except (OSError, sqlite3.Error):
            self._discard()

    def _discard(self) -> None:
        """Leave the last build's cache as it was: the new file goes."""
        self._close_last()
        if self._next is not None:
            self._next.close()
            self._next = None
        if self._next_path and os.path.exists(self._next_path):
            os.remove(self._next_path)
        self._next_path = None
