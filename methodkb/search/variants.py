"""Other forms in which a cadre may type the index's words, computed at build time so that the
browser needs no converter of its own:

- ``folds``: traditional characters (軍、區、鄉) → the simplified character the index holds,
  for the characters of the index's vocabulary only;
- ``aliases``: full pinyin and initials of the words that name things (method names, formulas,
  places, themes) → those words: sanshifenliu, ssfl → 三事分流;
- ``sounds``: the characters of each sound, so that a name typed with one wrong character is
  recognised only when the two sound alike (三事分留 for 三事分流: a pinyin input method's slip).
"""

from __future__ import annotations

import re

CJK = re.compile(r"[\u3400-\u9fff]+")
INITIALS_FROM = 3      # 2-character initials (sq, jm) stand for too many words to mean one
# Every CJK character of the Unified block, each on its own line: OpenCC then converts
# characters, not phrases (a phrase rule would join neighbours).
_ALL = "\n".join(chr(c) for c in range(0x4E00, 0xA000))


def folds(vocabulary) -> dict[str, str]:
    """Traditional → simplified for every character whose simplified form the vocabulary uses and
    which the vocabulary does not use itself (乾 stays when a page writes 乾)."""
    import opencc  # its dictionaries load in a few milliseconds, but only the index needs them

    used = {c for word in vocabulary for c in word if "\u3400" <= c <= "\u9fff"}
    simplified = opencc.OpenCC("t2s").convert(_ALL).split("\n")
    return {t: s for t, s in zip(_ALL.split("\n"), simplified)
            if t != s and len(s) == 1 and s in used and t not in used}


def aliases(words, vocabulary, names=frozenset(), suffixes=()) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Pinyin (sanshifenliu) and, for words of three characters or more, initials (ssfl) → the
    words of ``words`` that the index holds (``vocabulary``), as two tables: pinyin is typed
    letter by letter and matched as a prefix, initials only whole (xy begins too many). Of
    ``names`` (the quoted names and formulas), their ends of three characters or more, too; of
    a word ending in one of ``suffixes`` (社区, 街道), its part before that (xchy: 旭城花园社区).
    lazy_pinyin reads phrases (重庆 → chongqing) and is called on the whole word for that."""
    from pypinyin import lazy_pinyin  # its dictionaries take half a second to load

    pinyin: dict[str, set[str]] = {}
    initials: dict[str, set[str]] = {}
    for word in words:
        if word not in vocabulary or not CJK.fullmatch(word) or len(word) < 2:
            continue
        syllables = lazy_pinyin(word)
        # A name's own part is typed without what it shares with others: mlzx for 社区睦邻中心.
        parts = [syllables[start:] for start in range(max(1, len(word) - INITIALS_FROM + 1))] if word in names else [syllables]
        parts += [syllables[:-len(s)] for s in suffixes if word.endswith(s) and len(word) - len(s) >= 2]
        for part in parts:
            pinyin.setdefault("".join(part), set()).add(word)
            if len(part) >= INITIALS_FROM:
                initials.setdefault("".join(s[0] for s in part), set()).add(word)
    return _table(pinyin), _table(initials)


def _common() -> str:
    """The 3,755 characters of GB 2312's first level, the commonly used ones."""
    chars = []
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:  # D7FA–D7FE are unassigned
                pass
    return "".join(chars)


def _loose(syllable: str) -> str:
    """A syllable as a speaker of a southern dialect may confuse it: zh/z, ch/c, sh/s, n/l, -ng/-n."""
    return re.sub(r"ng$", "n", re.sub(r"^n", "l", re.sub(r"^([zcs])h", r"\1", syllable)))


def sounds(words) -> dict[str, str]:
    """Loose toneless syllable → the characters read so, of the common characters and those of
    ``words`` (the names a typo is compared with); a character of several readings is under each."""
    from pypinyin import Style, pinyin

    chars = sorted(set(_common()) | {c for w in words for c in w if "\u3400" <= c <= "\u9fff"})
    table: dict[str, list[str]] = {}
    for char in chars:
        for key in sorted({_loose(r) for r in pinyin(char, style=Style.NORMAL, heteronym=True)[0] if r.isascii() and r.isalpha()}):
            table.setdefault(key, []).append(char)
    return {key: "".join(found) for key, found in sorted(table.items())}


def _table(found: dict[str, set[str]]) -> dict[str, list[str]]:
    return {key: sorted(words) for key, words in sorted(found.items()) if key.isascii() and key.isalpha()}
