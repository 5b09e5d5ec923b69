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


@pytest.mark.parametrize("path", PATHS, ids=lambda p: ".".join(map(str, p)))
def test_any_value_in_any_field_is_reported_not_raised(tmp_path, path):
    for value in VALUES:
        data = copy.deepcopy(BASE)
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
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
