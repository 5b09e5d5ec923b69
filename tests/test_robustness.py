"""Mangled method files never raise: every variant of a real file with one field
replaced by a value of another type is read, checked and reported."""

from __future__ import annotations

import copy
import os

import pytest
import yaml

from conftest import ROOT
from methodkb import collection
from methodkb.registry import Registry

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
        result = collection.load([str(target)], str(tmp_path), REGISTRY)
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
    result = collection.load([str(target)], str(tmp_path), REGISTRY)
    assert result.errors


# Collection files (选编) -------------------------------------------------------------------

from methodkb import books, indexes  # noqa: E402

METHODS = collection.load([os.path.join(ROOT, "methods")], ROOT, REGISTRY)
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
