"""Mangled method files never raise: every variant of a real file with one field
replaced by a value of another type is read, checked and reported."""

from __future__ import annotations

import copy
import os

import pytest
import yaml

from conftest import ROOT
from methodkb.checks import loading
from methodkb.model.registry import Registry

REGISTRY = Registry.load()
BASE = yaml.safe_load(open(os.path.join(ROOT, "methods", "fujian", "junmen-13335.md"), encoding="utf-8").read().split("---")[1])
VALUES = [None, 1, "x", [], {}, [1], ["x"], {"a": 1}, True, 2.5, [None], [{}], [[1]], "二〇一五", "x" * 5000]


def _paths(data, prefix=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield prefix + (key,)
            yield from _paths(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data[:2]):
            yield prefix + (index,)
            yield from _paths(value, prefix + (index,))


PATHS = list(_paths(BASE))


def _mangled(data, path: tuple, value):
    """A copy of ``data`` with the field at ``path`` replaced by ``value``."""
    data = copy.deepcopy(data)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


@pytest.mark.parametrize("path", PATHS, ids=lambda p: ".".join(map(str, p)))
def test_any_value_in_any_field_is_reported_not_raised(tmp_path, path):
    for value in VALUES:
        data = _mangled(BASE, path, value)
        target = tmp_path / "m.md"
        target.write_text("---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n\n## 背景\n\n正文。\n", encoding="utf-8")
        result = loading.load([str(target)], str(tmp_path), REGISTRY)
        for problem in result.problems:
            assert problem.path == "m.md" and isinstance(problem.line, int) or problem.line is None
            assert problem.message


@pytest.mark.parametrize("text", [
    "---\n" + "[" * 5000 + "\n---\n",
    "---\nname: [1, {a: [2, {b: 3}]}]\n---\n",
    "---\n- a\n- b\n---\n",
    "---\n\x00\x01\x02: x\n---\n",
    "---\n",
    "",
    "---\nname: 'unterminated\n---\n",
])
def test_broken_documents_are_reported_not_raised(tmp_path, text):
    target = tmp_path / "m.md"
    target.write_text(text, encoding="utf-8")
    result = loading.load([str(target)], str(tmp_path), REGISTRY)
    assert result.errors


# MethodSet files (选编) -------------------------------------------------------------------

from methodkb.checks import books  # noqa: E402
from methodkb.site import indexes  # noqa: E402

METHODS = loading.load([os.path.join(ROOT, "methods")], ROOT, REGISTRY)
ENTRIES = indexes.entries(METHODS)
BOOK = {"title": "测试选编", "compiler": "某街道", "date": "2026年11月", "foreword": "用于检查各种写错的字段都会得到说明，而不会让程序出错。",
        "select": {"province": ["湖南省"], "theme": ["居民自治"], "list": ["hn-3"]}, "order": "名单名次",
        "methods": ["junmen-13335", "yuntang-sixiaosida"]}


@pytest.mark.parametrize("path", list(_paths(BOOK)), ids=lambda p: ".".join(map(str, p)))
def test_any_value_in_any_collection_field_is_reported_not_raised(tmp_path, path):
    for value in VALUES:
        data = _mangled(BOOK, path, value)
        target = tmp_path / "b.yml"
        target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        found, problems = books.load([str(target)], METHODS, ENTRIES, str(tmp_path))
        assert all(p.path == "b.yml" and isinstance(p.line, int) and p.message for p in problems)
        # A book is made only from a file without problems (blanking methods or select can leave one).
        assert len(found) == (0 if problems else 1), (path, value)


@pytest.mark.parametrize("text", ["[" * 5000, "- a\n- b\n", "\x00: x", "", "title: 'unterminated\n", "# 只有注释\n"])
def test_broken_collection_files_are_reported_not_raised(tmp_path, text):
    target = tmp_path / "b.yml"
    target.write_text(text, encoding="utf-8")
    found, problems = books.load([str(target)], METHODS, ENTRIES, str(tmp_path))
    assert problems and not found


# What no editor means to write, found by tests/test_properties.py: each is reported at its
# line instead of crashing, exhausting the memory or the stack, or changing a value unseen.

from methodkb.checks import characters  # noqa: E402
from methodkb.checks import decoding  # noqa: E402
from methodkb.checks import fixing  # noqa: E402
from methodkb.model.problems import Problem  # noqa: E402

YUNTANG = open(os.path.join(ROOT, "methods", "hunan", "yuntang-sixiaosida.md"), "rb").read()


def _load_bytes(folder, data: bytes, name: str = "m.md"):
    (folder / name).write_bytes(data)
    return loading.load([str(folder / name)], str(folder), REGISTRY)


def _errors(result) -> list[str]:
    return [p.format() for p in result.errors]


def _yuntang(old: bytes, new: bytes) -> bytes:
    assert old in YUNTANG
    return YUNTANG.replace(old, new, 1)


def test_an_alias_bomb_is_refused_before_it_expands(tmp_path):
    # Nine lines that would expand to 9**9 strings: refused at the first anchor, at once.
    rows = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    rows += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    result = _load_bytes(tmp_path, ("---\n" + "\n".join(rows) + "\nname: *a8\n---\n").encode())
    assert _errors(result) == ["m.md:2: 字段格式（YAML）有误：值不能以 &a0 开头（YAML 会把它当作锚点）；如需此字符请给整个值加上英文引号。"]
    assert not result.methods


def test_an_alias_is_refused_at_its_line(tmp_path):
    result = _load_bytes(tmp_path, _yuntang(b"kind: ", b"kind: *zonghe #"))
    assert _errors(result) == ["m.md:20: 字段格式（YAML）有误：值不能以 *zonghe 开头（YAML 会把它当作引用）；如需此字符请给整个值加上英文引号。"]


@pytest.mark.parametrize("value", ["[" * 100_000 + "]" * 100_000, "[" * 100_000, "{a: " * 100_000 + "}" * 100_000])
def test_deep_nesting_is_refused_at_its_line(tmp_path, value):
    # libyaml's composer recurses in C: 100 000 levels would crash the interpreter.
    result = _load_bytes(tmp_path, f"---\nname: {value}\n---\n".encode())
    assert _errors(result) == ["m.md:2: 字段嵌套层数过多（超过 20 层），无法读取。请检查是否多写了括号或缩进。"]


def test_deep_indentation_is_refused_at_the_line_too_deep(tmp_path):
    header = "".join(" " * level + "a:\n" for level in range(30))
    result = _load_bytes(tmp_path, f"---\n{header}---\n".encode())
    assert _errors(result) == ["m.md:22: 字段嵌套层数过多（超过 20 层），无法读取。请检查是否多写了括号或缩进。"]


@pytest.mark.parametrize("tag,shown", [("!!python/object/apply:os.system [ls]", "!!python/object/apply:os.system"),
                                       ("!!binary aGVsbG8=", "!!binary"), ("!!set {a, b}", "!!set"), ("!foo x", "!foo")])
def test_type_tags_are_refused(tmp_path, tag, shown):
    # !!binary and !!set were read as b'hello' and {'a', 'b'} and passed as names.
    result = _load_bytes(tmp_path, _yuntang("name: 云塘社区“四小四大”工作法".encode(), f"name: {tag}".encode()))
    assert _errors(result) == [f"m.md:2: 字段格式（YAML）有误：“{shown}”是 YAML 的类型标记，这里用不到："
                               "值直接写出即可；以 ! 开头的文字请给整个值加上英文引号。"]


def test_a_str_tag_is_plain_text(tmp_path):
    result = _load_bytes(tmp_path, _yuntang("note: 位居第三批榜首".encode(), b"note: !!str 1.10"))
    assert not result.errors and result.methods[0].meta["lists"][0]["note"] == "1.10"


@pytest.mark.parametrize("key,message", [
    ("? [a, b]\n  :", "字段名只能是一个词，不能是列表或一组子字段"),  # was a TypeError: unhashable type 'list'
    ("1:", "“1”不能作字段名"),
    ("null:", "“null”不能作字段名"),
    ("<<:", "“<<”不能作字段名"),
])
def test_a_field_name_that_is_not_a_word_is_refused(tmp_path, key, message):
    result = _load_bytes(tmp_path, _yuntang(b"  province: ", f"  {key} ".encode()))
    errors = _errors(result)
    assert len(errors) == 1 and errors[0].startswith("m.md:23: 字段格式（YAML）有误：") and message in errors[0], errors


def test_control_characters_are_reported_at_their_line_and_fixed(tmp_path):
    # YAML refused them with an English message and no line; a line of only U+001F was not seen at all.
    data = _yuntang("kind: 综合性".encode(), "kind: 综合\x1b\x7f性".encode()).replace(b"\n## ", b"\n\x1f\n## ", 1)
    result = _load_bytes(tmp_path, data)
    assert _errors(result) == [
        f"m.md:20: kind: 有 2 个看不见的控制字符：转义符（U+001B）、删除符（U+007F），应删去。{characters.FIX_HINT}",
        f"m.md:46: 正文: 有 1 个看不见的控制字符：控制字符（U+001F），应删去。{characters.FIX_HINT}",
    ]
    notes = fixing.fix_file(str(tmp_path / "m.md"))
    assert notes == [(20, "有 2 个看不见的控制字符：转义符（U+001B）、删除符（U+007F），应删去。"),
                     (46, "有 1 个看不见的控制字符：控制字符（U+001F），应删去。")]
    assert (tmp_path / "m.md").read_bytes() == YUNTANG.replace(b"\n## ", b"\n\n## ", 1)


def test_a_line_separator_does_not_shift_the_line_numbers(tmp_path):
    # YAML counts U+2028 as a line break: every line after it was reported one line too early.
    data = _yuntang("name: 云塘".encode(), "name: 云\u2028塘".encode()).replace(b"kind: ", b"kind: [", 1)
    errors = _errors(_load_bytes(tmp_path, data))
    assert errors == [f"m.md:2: 有 1 个看不见的控制字符：行分隔符（U+2028），应删去。{characters.FIX_HINT}",
                      "m.md:21: 字段格式（YAML）有误：方括号 [ ] 没有成对闭合。"]  # line 20's [, seen on line 21


def test_a_stray_nul_byte_in_utf8_text_is_reported_at_its_line_and_removed_by_fix(tmp_path):
    # One NUL in otherwise valid UTF-8 text: a pasted control character, not a binary file.
    data = _yuntang(b"kind: ", b"kind: \x00")
    result = _load_bytes(tmp_path, data)
    assert _errors(result) == ["m.md:20: kind: 有 1 个看不见的控制字符：空字符（U+0000），应删去。"
                               "运行 python scripts/check.py --fix 可自动改正。"]
    fixing.fix_file(str(tmp_path / "m.md"))
    assert (tmp_path / "m.md").read_bytes() == YUNTANG


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_reported_and_fixed(tmp_path, encoding):
    result = _load_bytes(tmp_path, YUNTANG.decode().encode(encoding))
    assert _errors(result) == ["m.md:1: " + decoding.ENCODING_MESSAGES["UTF-16"]]
    assert "--fix" in decoding.ENCODING_MESSAGES["UTF-16"]
    assert fixing.fix_file(str(tmp_path / "m.md")) == [(1, "由 UTF-16 编码转存为 UTF-8。")]
    assert (tmp_path / "m.md").read_bytes() == YUNTANG


def test_neither_utf8_nor_gbk_is_reported_at_the_first_bad_byte(tmp_path):
    result = _load_bytes(tmp_path, _yuntang(b"kind: ", b"kind: \xff\xff\xff"))
    assert _errors(result) == ["m.md:20: 文件既不是 UTF-8 也不是 GBK 编码，无法读取；第一个无法识别的字节在此行。"
                               "请在编辑器中把它另存为“UTF-8（无 BOM）”。"]


def test_a_file_too_large_is_refused_whole(tmp_path):
    result = _load_bytes(tmp_path, _yuntang(b"name: ", b"name: " + b"x" * decoding.MAX_BYTES))
    errors = _errors(result)
    assert len(errors) == 1 and errors[0].startswith("m.md:1: 文件太大（1.0 MB，上限 1 MB），没有读取。"), errors


@pytest.mark.parametrize("written", ["1.10", "12:30", "0x1F", "1_000", "2020-01-01", "1e3"])
def test_a_text_field_keeps_a_number_as_written(tmp_path, written):
    # YAML reads these as 1.1, 750, 31, 1000, a date and 1000.0; a text field keeps what was typed.
    result = _load_bytes(tmp_path, _yuntang("note: 位居第三批榜首".encode(), f"note: {written}".encode()))
    assert not result.errors
    assert result.methods[0].meta["lists"][0]["note"] == written


def test_a_value_of_the_wrong_type_is_quoted_as_written(tmp_path):
    result = _load_bytes(tmp_path, _yuntang(b"rank: 1", b"rank: yes"))
    assert any("m.md:30: lists[0].rank: " in e and "现在是“yes”" in e for e in _errors(result)), _errors(result)


@pytest.mark.parametrize("value,message", [
    ("2020-02-30", "“2020-02-30”会被 YAML 当作日期，但没有这个日期或时间。"),   # was a ValueError
    ("2020-13-01 25:00:00", "“2020-13-01 25:00:00”会被 YAML 当作日期"),
    ("9" * 5000, "数字太长（5000 位），无法读取。"),  # Python reads no decimal number of over 4300 digits
    ("0x" + "f" * 5000, "数字太长（5002 位），无法读取。"),  # read, but then it could not be printed
])
def test_a_value_yaml_cannot_build_is_reported_at_its_line(tmp_path, value, message):
    result = _load_bytes(tmp_path, _yuntang(b"rank: 1", f"rank: {value}".encode()))
    errors = _errors(result)
    assert len(errors) == 1 and errors[0].startswith("m.md:30: lists[0].rank: 字段格式（YAML）有误：") and message in errors[0], errors


@pytest.mark.parametrize("text,message", [
    ("title: [\n", "这里缺少值：请检查是否多写或少写了括号、引号、逗号或“- ”。"),
    ("title: 书\n---\ntitle: 书\n", "只能有一组字段：请删去中间多出的 --- 或 ... 行。"),
    ('title: "\\q"\n', "双引号里的反斜杠"),
])
def test_yaml_mistakes_are_explained_in_chinese(tmp_path, text, message):
    target = tmp_path / "b.yml"
    target.write_text(text, encoding="utf-8")
    found, problems = books.load([str(target)], METHODS, ENTRIES, str(tmp_path))
    assert problems and message in problems[0].message, problems


@pytest.mark.parametrize("order", ["乱序", "省份\n\n  湖南省"])
def test_an_order_outside_the_choices_is_reported_not_raised(tmp_path, order):
    # Was a KeyError: the book was ordered by a value the schema had already reported.
    target = tmp_path / "b.yml"
    target.write_text(f"title: 书\ncompiler: 某街道\ndate: 2026年11月\nforeword: 前言。\n"
                      f"select:\n  province: [湖南省]\norder: {order}\n", encoding="utf-8")
    found, problems = books.load([str(target)], METHODS, ENTRIES, str(tmp_path))
    assert not found
    assert [p.format() for p in problems if p.field == "order"][0].startswith("b.yml:7: order: “")
    assert all("\n" not in p.format() for p in problems)


def test_a_problem_is_one_line_whatever_its_message_quotes():
    problem = Problem("m.md", 3, "name\nx", "“甲\n乙\u2028丙”不是可选值。")
    assert problem.format() == "m.md:3: name x: “甲 乙 丙”不是可选值。"
