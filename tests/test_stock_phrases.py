"""六性 statements that say nothing of the method (stock phrases, data/stock_phrases.yml): the 编写指南's
own bad examples are caught each on its own, its good example passes. Both are read from where the
guide reads them (guide_examples.yml, methods/), so the guide and the check cannot drift apart."""

from __future__ import annotations

import os

import pytest
import yaml

from conftest import ROOT
from methodkb import DATA_DIR
from methodkb.checks import loading, rules
from methodkb.model.problems import ERROR, WARNING
from methodkb.model.registry import Registry
from methodkb.site import guide

REGISTRY = Registry.load()
GOOD = os.path.join(ROOT, "methods", "fujian", "junmen-13335.md")  # the guide's good example (guide.guide_page)


def _yaml(name):
    with open(os.path.join(DATA_DIR, name), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


BAD = _yaml("guide_examples.yml")["six_bad"]["characteristics"]


def _good_file() -> tuple[dict, str]:
    text = open(GOOD, encoding="utf-8").read()
    _, header, body = text.split("---\n", 2)
    return yaml.safe_load(header), body


def _problems(tmp_path, meta: dict, body: str, field: str | None = None) -> list:
    path = tmp_path / "methods" / "fujian" / "junmen-13335.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    header = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{header}---\n{body}", encoding="utf-8")
    problems = loading.load([str(path)], str(tmp_path), REGISTRY).problems
    return [p for p in problems if field is None or p.field == field]


def _with(statement: str, name: str, level: str | None = None) -> tuple[dict, str]:
    """The good example's file with one statement replaced (and its completeness, when given)."""
    meta, body = _good_file()
    meta["characteristics"][name] = statement
    if level:
        meta["completeness"] = level
    return meta, body


def test_the_good_example_passes(tmp_path):
    meta, body = _good_file()
    assert meta["completeness"] == REGISTRY.complete_level
    assert _problems(tmp_path, meta, body) == []


@pytest.mark.parametrize("name", list(BAD))
def test_each_bad_example_is_an_error_on_its_own_in_a_complete_file(tmp_path, name):
    # Among the good example's five other statements and its whole body: only this one is wrong.
    found = _problems(tmp_path, *_with(BAD[name], name), field=f"characteristics.{name}")
    stock = [p for p in found if "套话" in p.message]
    assert len(stock) == 1 and stock[0].severity == ERROR, [p.format() for p in found]
    message = stock[0].message
    assert f"“{BAD[name]}”" in message and "名称、地点、数字或具体做法" in message
    # What to write instead: the field's help and the good example's statement (inner quotes made single).
    assert REGISTRY.field_spec(f"characteristics.{name}")["help"].rstrip("。") in message
    assert rules._inner(_good_file()[0]["characteristics"][name]) in message


@pytest.mark.parametrize("level", [lv for lv in REGISTRY.completeness_levels if lv != REGISTRY.complete_level])
def test_below_complete_a_bad_example_is_a_warning(tmp_path, level):
    name = REGISTRY.characteristics[-1]
    found = _problems(tmp_path, *_with(BAD[name], name, level), field=f"characteristics.{name}")
    assert [p.severity for p in found if "套话" in p.message] == [WARNING]


def test_the_guide_s_bad_set_shows_a_stock_message_for_every_statement():
    _, six_bad = guide.examples(REGISTRY)
    for name in BAD:
        assert any(f"characteristics.{name}: “{BAD[name]}”" in m and "套话" in m for m in six_bad["messages"]), name


def test_a_stock_phrase_beside_something_of_the_method_s_own_passes(tmp_path):
    meta, body = _good_file()
    for name, text in meta["characteristics"].items():
        meta["characteristics"][name] = text.rstrip("。") + "，值得学习推广。"
    assert _problems(tmp_path, meta, body) == []


def test_punctuation_does_not_hide_a_stock_phrase(tmp_path):
    name = REGISTRY.characteristics[4]
    found = _problems(tmp_path, *_with("这套做法可复制、可推广，大家都说好。", name), field=f"characteristics.{name}")
    assert any("套话“可复制可推广”" in p.message and p.is_error for p in found)


def test_the_messages_example_is_the_good_example_word_for_word():
    data = _yaml("stock_phrases.yml")
    meta, _ = _good_file()
    assert data["example"]["method"] == meta["name"] and data["example"]["slug"] == "junmen-13335"
    assert data["example"]["statements"] == meta["characteristics"]
    assert set(data["example"]["statements"]) == set(REGISTRY.characteristics)


def test_every_stock_phrase_has_a_reason():
    data = _yaml("stock_phrases.yml")
    for entry in data["phrases"] + data["patterns"]:
        assert entry["phrase"].strip() and entry["reason"].strip(), entry
    assert all(len(p) >= 3 for p in rules.stock(REGISTRY.characteristics).reasons)
