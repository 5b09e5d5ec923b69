"""Property tests: the method loader fed random and mangled files never raises, always
answers in ``file:line: …`` messages, says something about every file it could not
read, and finishes quickly; and a build that fails on such a file writes nothing.

The files are a real method (and a real collection) with random mutations (lines
deleted, doubled, swapped or cut; control characters, U+2028, a BOM or raw bytes put
in; tabs for indents; the --- fences broken; a value replaced by a list, a mapping, a
number, a date, a tag, an anchor or alias, a string of megabytes, or nesting a hundred
thousand deep), random bytes, and the same text in other encodings. Each hand-written
nasty case is also an explicit example, run on every test run.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from conftest import ROOT, build, refused, snapshot
from methodkb.checks import books
from methodkb.checks import decoding
from methodkb.checks import loading
from methodkb.checks import frontmatter
from methodkb.site import indexes
from methodkb.model.registry import Registry

REGISTRY = Registry.load()
METHODS = loading.load([os.path.join(ROOT, "methods")], ROOT, REGISTRY)
ENTRIES = indexes.entries(METHODS)
with open(os.path.join(ROOT, "methods", "hunan", "yuntang-sixiaosida.md"), "rb") as _handle:
    BASE = _handle.read()
with open(os.path.join(ROOT, "collections", "hunan.yml"), "rb") as _handle:
    BOOK = _handle.read()
SECONDS = 10  # per file, for the slowest of them (a value of nearly a megabyte)

SETTINGS = settings(max_examples=300, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _bomb(levels: int = 9) -> bytes:
    """“Billion laughs”: nine lines of aliases that would expand to 9**9 strings."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return ("---\n" + "\n".join(lines) + f"\nname: *a{levels - 1}\n---\n").encode()


def _replace(old: bytes, new: bytes) -> bytes:
    assert old in BASE
    return BASE.replace(old, new, 1)


# The nasty cases, written by hand: each is an explicit example of the property test below,
# and check.py is run on the nastiest of them.
NASTY = {
    "alias-bomb": _bomb(),
    "merge-key": b"---\nbase: &base {name: x}\n<<: *base\n---\n",
    "deep-flow-list": b"---\nname: " + b"[" * 100_000 + b"]" * 100_000 + b"\n---\n",
    "deep-unclosed": b"---\nname: " + b"[" * 100_000 + b"\n---\n",
    "deep-flow-map": b"---\nname: " + b"{a: " * 100_000 + b"}" * 100_000 + b"\n---\n",
    "deep-indent": b"---\n" + b"".join(b" " * i + b"a:\n" for i in range(1000)) + b"---\n",
    "five-megabytes": _replace(b"name: ", b"name: " + b"x" * 5_000_000),
    "one-megabyte-minus": _replace(b"name: ", b"name: " + "云".encode() * 340_000),
    "nul-bytes": _replace(b"kind: ", b"kind: \x00\x00"),
    "control-characters": _replace(b"kind: ", b"kind: \x01\x1b[31m\x7f"),
    "line-separator": _replace(b"kind: ", "kind: 综合\u2028性 #".encode()),
    "utf-16": BASE.decode().encode("utf-16"),
    "utf-16-le-no-bom": BASE.decode().encode("utf-16-le"),
    "utf-16-be-no-bom": BASE.decode().encode("utf-16-be"),
    "gbk": BASE.decode().encode("gbk"),
    "latin-1": BASE.decode().encode("gbk").decode("latin-1").encode("latin-1"),
    "invalid-utf-8": _replace(b"kind: ", b"kind: \xff\xfe\xc0\x80\xed\xa0\x80"),
    "python-object": _replace(b"kind: ", b"kind: !!python/object/apply:os.system [echo] #"),
    "binary-tag": _replace(b"name: ", b"name: !!binary aGVsbG8= #"),
    "unhashable-key": _replace(b"  province: ", b"  ? [a, b]\n  : "),
    "numeric-key": b"---\n1: x\nnull: y\nname: z\n---\n",
    "duplicate-keys": _replace(b"kind: ", b"kind: x\nkind: "),
    "impossible-date": _replace(b"rank: 1", b"rank: 2020-02-30"),
    "long-number": _replace(b"rank: 1", b"rank: " + b"9" * 5000),
    "long-hex-in-text": _replace("note: 位居第三批榜首".encode(), b"note: 0x" + b"f" * 5000),
    "bom-in-the-middle": _replace(b"kind: ", b"\xef\xbb\xbfkind: "),
    "tab-indent": _replace(b"  province: ", b"\tprovince: "),
    "truncated": BASE[:777],
    "no-closing-fence": BASE.replace(b"\n---\n", b"\n--\n", 1),
    "random-bytes": bytes(range(256)) * 4,
    "many-tags": BASE + b"<div>" * 50_000,  # the body's HTML check was quadratic in the tags
}


# Mutations: each takes the drawing function and the file's lines (bytes) and returns new lines.

VALUES = [b"[1, 2]", b"{a: 1}", b"[]", b"{}", b"42", b"-1", b"1.10", b".nan", b"0x1F", b"12:30",
          b"true", b"yes", b"null", b"~", b"2020-01-01", b"2001-12-14t21:59:43.10-05:00",
          b"!!python/object/apply:os.system [ls]", b"!!binary aGVsbG8=", b"!!set {a, b}", b"!foo x",
          b"&anchor x", b"*anchor", b"'unterminated", b'"bad \\q escape"', b"|", b">-", b"[", b"{",
          b"? a", b"- a", b"a: b: c", b"@at", b"`tick", b"%percent", b"\xe2\x80\xa8", b"\\x00",
          b"2020-02-30", b"2020-13-01 25:00:00", b"1" * 5000, b"0x" + b"f" * 5000, b"<<: {a: 1}"]
INSERTS = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\u2028", "\u2029",
           "\ufeff", "\ufffe", "\t", "\r", "：", "\u200b", "⼯", "讓", "#", ":", "- ", "'", '"', "---"]
FENCES = [b"", b"--", b"----", b" ---", b"--- x", b"\xe2\x80\x94\xe2\x80\x94", b"...", b"---\r"]
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
# Scalars YAML may read as something else: numbers (0x1F, 1_000, 1:30), dates, yes/no, nulls.
SCALAR = st.text("0123456789-+:._eExXoObBtTzZyYnN ~!&*|>'\"[]{},#?%@`\\", max_size=30)


def _index(draw, lines):
    return draw(st.integers(0, max(len(lines) - 1, 0)))


def _delete(draw, lines):
    i = _index(draw, lines)
    return lines[:i] + lines[i + 1:]


def _duplicate(draw, lines):
    i = _index(draw, lines)
    return lines[:i + 1] + lines[i:]


def _swap(draw, lines):
    i, j = _index(draw, lines), _index(draw, lines)
    lines = list(lines)
    if lines:
        lines[i], lines[j] = lines[j], lines[i]
    return lines


def _insert_text(draw, lines):
    i = _index(draw, lines)
    return lines[:i] + [draw(TEXT).encode("utf-8")] + lines[i:]


def _insert_character(draw, lines):
    """A control character, separator, BOM, colon… somewhere in a line."""
    return _insert_within(draw, lines, st.sampled_from(INSERTS).map(lambda char: char.encode("utf-8")))


def _insert_bytes(draw, lines):
    """Raw bytes: a lone surrogate's UTF-8 form, half a character, anything."""
    return _insert_within(draw, lines, st.one_of(
        st.sampled_from([b"\xed\xa0\x80", b"\xe4\xb8", b"\xff", b"\xc0\x80"]), st.binary(max_size=8)))


def _insert_within(draw, lines, inserts):
    if not lines:
        return lines
    i = _index(draw, lines)
    line = lines[i]
    at = draw(st.integers(0, len(line)))
    return lines[:i] + [line[:at] + draw(inserts) + line[at:]] + lines[i + 1:]


def _tab_indent(draw, lines):
    indented = [i for i, line in enumerate(lines) if line.startswith(b" ")]
    if not indented:
        return lines
    i = draw(st.sampled_from(indented))
    lines = list(lines)
    lines[i] = b"\t" + lines[i].lstrip(b" ")
    return lines


def _break_fence(draw, lines):
    fences = [i for i, line in enumerate(lines) if line == b"---"]
    if not fences:
        return lines
    i = draw(st.sampled_from(fences))
    lines = list(lines)
    lines[i] = draw(st.sampled_from(FENCES))
    return lines


def _nested(draw) -> bytes:
    depth = draw(st.sampled_from([3, 25, 1000, 100_000]))
    if draw(st.booleans()):
        return b"[" * depth + b"]" * depth * draw(st.sampled_from([0, 1]))
    return b"{a: " * depth + b"x" + b"}" * depth


def _huge(draw) -> bytes:
    """A value of a kilobyte to five megabytes (over the size limit from a megabyte on)."""
    size = draw(st.sampled_from([1000, 100_000, 900_000, 1_100_000, 5_000_000]))
    char = draw(st.sampled_from(["x", "云", "讓", "\u200b", " "])).encode()
    return char * (size // len(char))


def _replace_value(draw, lines):
    """A field's value replaced by another kind of YAML: a list, a number, a tag, nesting…"""
    fields = [i for i, line in enumerate(lines) if re.match(rb"^\s*(?:- )?[a-z_]+:", line)]
    if not fields:
        return lines
    i = draw(st.sampled_from(fields))
    kind = draw(st.sampled_from(["value", "scalar", "nested", "huge"]))
    value = (draw(st.sampled_from(VALUES)) if kind == "value" else draw(SCALAR).encode() if kind == "scalar"
             else _nested(draw) if kind == "nested" else _huge(draw))
    key = draw(SCALAR).encode() if draw(st.integers(0, 9)) == 0 else lines[i].split(b":", 1)[0]
    lines = list(lines)
    lines[i] = key + b": " + value
    return lines


def _add_bomb(draw, lines):
    bomb = _bomb(draw(st.integers(2, 9))).split(b"\n")[1:-3]
    return lines[:1] + bomb + lines[1:]


def _truncate(draw, lines):
    data = b"\n".join(lines)
    return data[:draw(st.integers(0, len(data)))].split(b"\n")


MUTATIONS = [_delete, _duplicate, _swap, _insert_text, _insert_character, _insert_bytes, _tab_indent,
             _break_fence, _replace_value, _add_bomb, _truncate]
ENCODINGS = [None] * 8 + ["gbk", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "utf-8-sig"]


@st.composite
def mangled(draw, base: bytes = BASE) -> bytes:
    """``base`` with one to three random mutations, sometimes saved in another encoding."""
    lines = base.split(b"\n")
    for _ in range(draw(st.integers(1, 3))):
        lines = draw(st.sampled_from(MUTATIONS))(draw, lines)
    data = b"\n".join(lines)
    encoding = draw(st.sampled_from(ENCODINGS))
    if encoding:
        data = data.decode("utf-8", "replace").encode(encoding, "replace")
    return data


def random_bytes():
    return st.one_of(st.binary(max_size=3000), st.binary(max_size=3000).map(lambda b: b"---\n" + b + b"\n---\n"))


def _load(data: bytes, name: str = "m.md"):
    """Load ``data`` as the only method file of a fresh folder and go on as check.py does
    (the indexes, then the real collections against it); (result, seconds taken)."""
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(data)
        started = time.monotonic()
        result = loading.load([folder], folder, REGISTRY)
        books.load([os.path.join(ROOT, "collections")], result, indexes.entries(result), ROOT)
        return result, time.monotonic() - started


def _assert_located(problems, data: bytes, name: str) -> None:
    """Every problem names the file and a line of it, on one line of text."""
    last = data.count(b"\n") + data.count(b"\r") + 2  # any way of counting the file's lines
    for problem in problems:
        assert problem.path == name, problem
        # No line (None) means the whole file, which Problem.format writes as line 1.
        assert problem.line is None or isinstance(problem.line, int) and 1 <= problem.line <= last, problem
        assert problem.message and "\n" not in problem.message and "\r" not in problem.message, problem
        assert re.match(rf"{re.escape(name)}:[1-9][0-9]*: \S", problem.format()), problem.format()
        assert "Traceback" not in problem.message


def _assert_read_or_reported(result, data: bytes) -> None:
    """A file that is not clean UTF-8, or was not read as a method, has at least one error."""
    try:
        text = data.decode("utf-8")
        unreadable = data.startswith(decoding.BOM) or bool(frontmatter.UNREADABLE.search(text))
    except UnicodeDecodeError:
        unreadable = True
    if unreadable or len(data) > frontmatter.MAX_BYTES or not result.methods:
        assert result.errors, data[:200]


def test_the_base_file_is_clean():
    result, _ = _load(BASE)
    assert not result.errors and len(result.methods) == 1


def _nasty_examples(test):
    """Each hand-written case as an explicit example: run every time, before the random ones."""
    for data in NASTY.values():
        test = example(data=data)(test)
    return test


@SETTINGS
@_nasty_examples
@given(data=mangled())
def test_a_mangled_method_file_is_reported_not_raised(data):
    result, seconds = _load(data)
    # What the examples were like (pytest --hypothesis-show-statistics).
    event("read as a method" if result.methods else "not read as a method")
    event("with errors" if result.errors else "without errors")
    event(f"{len(data) // 100_000 * 100} KB and more" if len(data) >= 100_000 else "under 100 KB")
    _assert_located(result.problems, data, "m.md")
    _assert_read_or_reported(result, data)
    assert seconds < SECONDS, seconds


@pytest.mark.parametrize("name", [name for name in NASTY if name != "many-tags"])  # <div> is allowed
def test_each_nasty_file_is_an_error_at_a_line(name):
    result, seconds = _load(NASTY[name])
    _assert_located(result.problems, NASTY[name], "m.md")
    assert result.errors, name
    assert seconds < SECONDS, seconds


@settings(SETTINGS, max_examples=100)
@given(data=random_bytes())
def test_random_bytes_are_reported_not_raised(data):
    result, seconds = _load(data)
    _assert_located(result.problems, data, "m.md")
    assert result.errors  # random bytes are never a valid method
    assert seconds < SECONDS


@settings(SETTINGS, max_examples=100)
@given(data=mangled(BOOK))
def test_a_mangled_collection_file_is_reported_not_raised(data):
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, "b.yml"), "wb") as handle:
            handle.write(data)
        started = time.monotonic()
        found, problems = books.load([folder], METHODS, ENTRIES, folder)
        assert time.monotonic() - started < SECONDS
    _assert_located(problems, data, "b.yml")
    # A book is made only from a file without problems.
    assert len(found) == (0 if problems else 1)


# check.py on the nastiest files, as an editor would run it -------------------------------

CLI_CASES = ["alias-bomb", "deep-flow-list", "deep-indent", "five-megabytes", "nul-bytes", "utf-16",
             "python-object", "unhashable-key", "line-separator", "random-bytes"]


@pytest.mark.parametrize("name", CLI_CASES)
def test_check_reports_each_nasty_file_at_a_line(tmp_path, name):
    target = tmp_path / "m.md"
    target.write_bytes(NASTY[name])
    result = refused(str(target))
    assert not result.stderr.strip(), result.stderr
    *rows, summary = result.stdout.splitlines()
    assert rows and summary.startswith("检查了 1 个方法文件："), result.stdout
    for row in rows:
        assert re.match(rf"{re.escape(str(target))}:[1-9][0-9]*: \S", row), row


# The build: a failed build leaves the site folder as it was ------------------------------

def _previous_site(folder) -> dict[str, tuple]:
    """A site folder as a previous good build left it, with a file that is nobody's but the user's."""
    (folder / "methods" / "junmen-13335").mkdir(parents=True)
    (folder / "index.html").write_text("<h1>上次构建的网站</h1>", encoding="utf-8")
    (folder / "methods" / "junmen-13335" / "index.html").write_text("方法页", encoding="utf-8")
    (folder / ".nojekyll").write_text("", encoding="utf-8")
    return snapshot(folder)


@pytest.fixture
def methods_with(tmp_path):
    """A copy of methods/ with one more file holding ``data``."""
    def make(data: bytes):
        methods = tmp_path / "methods"
        shutil.copytree(os.path.join(ROOT, "methods"), methods)
        (methods / "bad.md").write_bytes(data)
        return methods
    return make


@pytest.mark.parametrize("name", ["alias-bomb", "utf-16"])
def test_a_failed_build_writes_no_site(tmp_path, methods_with, name):
    methods = methods_with(NASTY[name])
    result = build(tmp_path / "new-site", methods_dir=methods)
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    assert "bad.md:" in result.stdout + result.stderr
    assert not (tmp_path / "new-site").exists()
    previous = _previous_site(tmp_path / "site")
    result = build(tmp_path / "site", methods_dir=methods)
    assert result.returncode != 0
    assert snapshot(tmp_path / "site") == previous


def test_a_bad_collection_leaves_the_site_as_it_was(tmp_path):
    # Collections are checked after the methods; MkDocs empties the site folder soon after
    # the hook's on_config, so they must be checked there too.
    collections = tmp_path / "collections"
    shutil.copytree(os.path.join(ROOT, "collections"), collections)
    (collections / "bad.yml").write_bytes(NASTY["alias-bomb"].replace(b"---\n", b""))
    previous = _previous_site(tmp_path / "site")
    result = build(tmp_path / "site", env={"KB_COLLECTIONS_DIR": str(collections)})
    assert result.returncode != 0
    log = result.stdout + result.stderr
    assert "Traceback" not in log and "bad.yml:" in log and "选编文件未通过检查" in log
    assert snapshot(tmp_path / "site") == previous
    result = build(tmp_path / "new-site", env={"KB_COLLECTIONS_DIR": str(collections)})
    assert result.returncode != 0
    assert not (tmp_path / "new-site").exists()
