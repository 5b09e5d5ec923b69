"""jieba as the search index uses it: the same cut whether or not a cache file was there,
whatever an earlier build taught jieba, and a damaged cache file is only ignored."""

import os
import sqlite3

import jieba

from methodkb.search import segment
from methodkb.search.index import normalise

TEXT = normalise("坚持“三事分流”，由暮云街道的居民议事会和楼栋长一起商量；１３３３５工作法在南岸区推广。")
WORDS = {"三事分流", "暮云街道", "南岸区"}


def fresh(words, text=TEXT):
    """The cut a build without any cache makes."""
    return segment.Segmenter(words).tokens(text)


def test_a_content_word_stays_one_token_and_punctuation_never_sticks():
    tokens = fresh(WORDS)
    assert "三事分流" in tokens and "暮云街道" in tokens and "13335" in tokens
    assert not any(set(t) & set("“”，；。") for t in tokens)


def test_a_word_taught_in_one_build_is_gone_in_the_next():
    # Under mkdocs serve every build runs in one process: a renamed method's old name must not linger.
    assert "议事会和楼" not in fresh([])
    assert "议事会和楼" in fresh(WORDS | {"议事会和楼"})
    assert "议事会和楼" not in fresh(WORDS)


def test_the_order_words_arrive_in_does_not_change_the_cut():
    a = segment.Segmenter(["三事分流", "事分"]).tokens(TEXT)
    b = segment.Segmenter(["事分", "三事分流"]).tokens(TEXT)
    assert a == b


def test_the_cache_gives_the_same_tokens_and_saves_the_cutting(tmp_path):
    cache = str(tmp_path / "clauses.sqlite")
    first = segment.Segmenter(WORDS, cache)
    assert first.tokens(TEXT) == fresh(WORDS)
    first.save()
    second = segment.Segmenter(WORDS, cache)
    assert second.tokens(TEXT) == fresh(WORDS)
    assert first.cut_now > 0 and second.cut_now == 0


def test_a_build_with_everything_in_the_cache_does_not_load_jieba(tmp_path, monkeypatch):
    cache, expected = str(tmp_path / "clauses.sqlite"), fresh(WORDS)
    first = segment.Segmenter(WORDS, cache)
    first.tokens(TEXT)
    first.save()
    monkeypatch.setattr(segment, "_shipped", None)   # as in a new process
    again = segment.Segmenter(WORDS, cache)
    assert again.tokens(TEXT) == expected and segment._shipped is None
    # A new word needs jieba (its frequency), and so does a clause not cut before.
    assert segment.Segmenter(WORDS | {"议事会"}, cache) and segment._shipped is not None
    monkeypatch.setattr(segment, "_shipped", None)
    segment.Segmenter(WORDS, cache).tokens(normalise("社区工作者走访独居老人。"))
    assert segment._shipped is not None


def test_a_new_word_recuts_only_the_clauses_that_hold_it(tmp_path):
    cache = str(tmp_path / "clauses.sqlite")
    other = normalise("社区工作者走访独居老人。")
    first = segment.Segmenter(WORDS, cache)
    first.tokens(TEXT + other)
    first.save()
    # 议事会和楼 (an odd word, so that jieba would not cut it out unaided) joins the dictionary:
    # the clause that holds it is cut again, the other clauses come from the cache.
    second = segment.Segmenter(WORDS | {"议事会和楼"}, cache)
    assert second.tokens(TEXT + other) == fresh(WORDS | {"议事会和楼"}, TEXT + other)
    assert "议事会和楼" in second.tokens(TEXT)
    assert second.cut_now == 1
    second.save()
    # And when it goes again, that clause is cut as before.
    third = segment.Segmenter(WORDS, cache)
    assert third.tokens(TEXT + other) == fresh(WORDS, TEXT + other)
    assert third.cut_now == 1


def _foreign_caches(path):
    """Files a cache path may hold that are not this build's cache: each is written in turn."""
    yield lambda: path.write_text("{not json", encoding="utf-8")
    yield lambda: path.write_bytes(b"\x00\xff" * 100)

    def database(script):
        def write():
            path.unlink(missing_ok=True)
            connection = sqlite3.connect(path)
            connection.executescript(script)
            connection.close()
        return write
    about = "CREATE TABLE about (key TEXT, value TEXT); CREATE TABLE clauses (clause TEXT, tokens TEXT);"
    ours = f"INSERT INTO about VALUES ('format', '{segment.CACHE_FORMAT}'), ('jieba', '{jieba.__version__}'), "
    yield database("CREATE TABLE other (x);")
    yield database(about + "INSERT INTO about VALUES ('format', '99'), ('jieba', 'x'), ('words', '{}');")
    yield database(about + ours + "('words', '{\"三事分流\": \"many\"}');")
    # The right shape, with a clause's tokens not text: that clause is cut again.
    yield database(about + ours + "('words', '{}');"
                   "INSERT INTO clauses VALUES ('由暮云街道的居民议事会和楼栋长一起商量', 7);")


def test_a_damaged_or_foreign_cache_file_is_ignored_and_rewritten(tmp_path):
    cache = tmp_path / "clauses.sqlite"
    for write in _foreign_caches(cache):
        write()
        with segment.Segmenter(WORDS, str(cache)) as segmenter:
            assert segmenter.tokens(TEXT) == fresh(WORDS)
            segmenter.save()
        connection = sqlite3.connect(cache)
        assert dict(connection.execute("SELECT key, value FROM about"))["format"] == str(segment.CACHE_FORMAT)
        connection.close()
        assert os.listdir(tmp_path) == ["clauses.sqlite"]


def test_a_build_that_fails_halfway_leaves_the_last_cache_as_it_was(tmp_path):
    cache = tmp_path / "clauses.sqlite"
    with segment.Segmenter(WORDS, str(cache)) as first:
        first.tokens(TEXT)
        first.save()
    before = cache.read_bytes()
    try:
        with segment.Segmenter(WORDS, str(cache)) as second:
            second.tokens(normalise("社区工作者走访独居老人。" * 3))
            second._write()  # clauses already on their way to the next file
            raise RuntimeError("a page failed to build")
    except RuntimeError:
        pass
    assert cache.read_bytes() == before and os.listdir(tmp_path) == ["clauses.sqlite"]


def test_clauses_beyond_what_memory_keeps_still_come_from_the_cache(tmp_path, monkeypatch):
    # Never-repeating text has more clauses than memory keeps: they are looked up in the file.
    monkeypatch.setattr(segment, "REMEMBER_AT_MOST", 2)
    monkeypatch.setattr(segment, "WRITE_EVERY", 3)
    cache, text = str(tmp_path / "clauses.sqlite"), TEXT + normalise("社区工作者走访独居老人。")
    with segment.Segmenter(WORDS, cache) as first:
        expected = first.tokens(text)
        assert first.tokens(text) == expected
        first.save()
    assert first.kept == len(set(segment.CLAUSE.split(text)[1::2]))
    with segment.Segmenter(WORDS, cache) as second:
        assert second.tokens(text) == expected == fresh(WORDS, text)
        assert second.cut_now == 0


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    segmenter = segment.Segmenter(WORDS, str(blocked / "clauses.sqlite"))  # its folder is a file
    assert segmenter.tokens(TEXT) == fresh(WORDS)
    segmenter.save()
    assert os.listdir(tmp_path) == ["file"]


def test_clauses_are_split_as_jieba_splits_them():
    assert segment.CLAUSE.pattern == jieba.re_han_default.pattern
