"""The domain rules on their own: formulas, places, numerals."""

from __future__ import annotations

import pytest

from methodkb.model import formula
from methodkb.model.registry import Registry

GAZETTEER = Registry.load().gazetteer


@pytest.mark.parametrize("text,numbers", [
    ("一分两统三定四变", [1, 2, 3, 4]), ("四小四大", [4, 4]), ("六个一", [6, 1]),
    ("十大服务体系", [10]), ("八个一体化", [8, 1]), ("三事分流", [3]), ("十二", [12]),
])
def test_chinese_numerals(text, numbers):
    assert formula.chinese_numbers(text) == numbers


def test_digit_formula_must_match_its_parts():
    parts = [{"number": n, "meaning": "x"} for n in (1, 3, 3, 3, 5)]
    assert formula.check({"text": "13335", "reading": "逐位", "parts": parts}) == []
    assert formula.check({"text": "13335", "reading": "逐位", "parts": parts[:4]})


def test_whole_number_formula_is_not_split_into_digits():
    # 西岗 “365” means 365 days, not 3-6-5; it needs a stated meaning instead of parts.
    assert formula.check({"text": "365", "reading": "整数", "meaning": "全年365天"}) == []
    assert formula.check({"text": "365", "reading": "整数"})[0][0] == "meaning"


def test_counting_formula_counts_its_parts():
    parts = [{"meaning": m} for m in ("政府大事", "社区小事", "居民私事")]
    assert formula.check({"text": "三事分流", "reading": "计数", "parts": parts}) == []
    assert formula.check({"text": "三事分流", "reading": "计数", "parts": parts[:2]})
    assert formula.check({"text": "八个一体化", "reading": "计数", "parts": []}) == []


def test_fullwidth_digits_are_flagged():
    assert "全角数字" in formula.check({"text": "１３３３５", "reading": "逐位", "parts": []})[0][1]


@pytest.mark.parametrize("place,problem", [
    ({"province": "湖南省", "city": "长沙市", "district": "天心区"}, None),
    ({"province": "重庆市", "district": "南岸区"}, None),
    ({"province": "广东省", "city": "深圳市", "district": "光明新区"}, None),
    ({"province": "陕西省", "city": "安康市", "district": "旬阳县"}, None),
    ({"province": "新疆生产建设兵团"}, None),
    ({"province": "广西"}, "应为“广西壮族自治区”"),
    ({"province": "湖南省", "city": "长沙"}, "应为“长沙市”"),
    ({"province": "湖南省", "city": "长沙市", "district": "南岸区"}, "属于重庆市"),
    ({"province": "重庆市", "city": "成都市"}, "是直辖市"),
    ({"province": "湖南省", "city": "不存在市"}, "place_aliases.yml"),
])
def test_places(place, problem):
    problems = GAZETTEER.check(place)
    if problem is None:
        assert problems == []
    else:
        assert problems and problem in problems[0][1], problems


def test_the_gazetteer_knows_all_34_provincial_divisions():
    assert len([p for p in GAZETTEER.provinces if p != "新疆生产建设兵团"]) == 34


def test_mistakes_in_the_data_files_are_reported_with_lines(tmp_path, monkeypatch):
    import shutil

    from methodkb.model import registry as registry_module

    data = tmp_path / "data"
    shutil.copytree(registry_module.DATA_DIR, data)
    with open(data / "lists.yml", "a", encoding="utf-8") as handle:
        handle.write("hn-4:\n  name: 湖南省第四批优秀社区工作法\n  issuer: 湖南省民政厅\n  source: hn-2022\n")
    (data / "themes.yml").write_text("社区党建: [1\n", encoding="utf-8")
    monkeypatch.setattr(registry_module, "DATA_DIR", str(data))
    problems = [p.format() for p in Registry.load().problems]
    lines = sum(1 for _ in open(data / "lists.yml", encoding="utf-8"))
    assert any(f"lists.yml:{lines - 3}: hn-4: 缺少“kind”" in p for p in problems), problems
    assert any("hn-4: 来源“hn-2022”不在 sources.yml 中" in p for p in problems), problems
    assert any("themes.yml:2: 数据文件格式（YAML）有误" in p for p in problems), problems


def test_folded_chinese_lines_join_without_spaces():
    from methodkb.model.text import join_lines

    assert join_lines("三项机制， 搭建工作") == "三项机制，搭建工作"
    assert join_lines("推出 “12345” 工作法") == "推出“12345”工作法"
    assert join_lines("Material for MkDocs 与 jieba") == "Material for MkDocs 与 jieba"


def test_the_map_table_names_exactly_the_divisions_of_the_dataset():
    registry = Registry.load()
    assert set(registry.provinces) == set(GAZETTEER.provinces)
    tiles = [tuple(entry["tile"]) for entry in registry.provinces.values()]
    assert len(tiles) == len(set(tiles)), "two divisions share a tile"
    slugs = [entry["slug"] for entry in registry.provinces.values()]
    assert len(slugs) == len(set(slugs))
