"""Places read from one run of text and checked against each other: a name under the wrong
parent is kept and named by where it belongs, and text no level takes is handed back."""

from __future__ import annotations

import pytest

from methodkb.model.registry import Registry

GAZETTEER = Registry.load().gazetteer
FULL = {"province": "湖南省", "city": "长沙市", "district": "岳麓区", "street": "望月湖街道", "community": "湘江社区"}


def problems(place):
    return " ".join(message for _, message in GAZETTEER.check(place))


@pytest.mark.parametrize("text,place", [
    ("湖南省长沙市岳麓区望月湖街道湘江社区", FULL),
    ("湖南省 长沙市 岳麓区 望月湖街道 湘江社区", FULL),  # spaces between the levels
    # Every part typed is kept, also when it is under the wrong parent: check() names it.
    ("湖南省福州市岳麓区望月湖街道湘江社区", dict(FULL, city="福州市")),
    ("湖南省长沙市鼓楼区望月湖街道湘江社区", dict(FULL, district="鼓楼区")),
    ("湖南省长沙市雨花台区", {"province": "湖南省", "city": "长沙市", "district": "雨花台区"}),  # not 雨花区 + 台区
    ("湖南省长沙县黄兴镇", {"province": "湖南省", "district": "长沙县", "street": "黄兴镇"}),  # not 长沙市 + 县黄兴镇
    ("吉林市船营区", {"province": "吉林省", "city": "吉林市", "district": "船营区"}),  # not 吉林省 + 市船营区
    ("新疆生产建设兵团", {"province": "新疆生产建设兵团"}),
    ("重庆市重庆市南岸区", {"province": "重庆市", "district": "南岸区"}),
])
def test_every_level_typed_is_read(text, place):
    assert GAZETTEER.read(text) == (place, "")


@pytest.mark.parametrize("text,rest,message", [
    ("湖南省长沙市岳麓区望月湖街道湘江社区5栋", "5栋", "“5栋”没有读出来：它不是街道（乡、镇）或社区（村）的名称"),
    ("湖南省长沙市望月湖街道湘江社区", "望月湖街道湘江社区", "长沙市之后应写区县"),
    ("湖南省株州市天元区", "株州市天元区", "湖南省的天元区在株洲市，城市应为“株洲市”"),
    ("湖南省长沙市天新区", "天新区", "应为“天心区”"),
    ("朝阳区望月湖街道", "朝阳区望月湖街道", "开头不是省份"),  # 朝阳 is not 朝阳市 when 区 follows
])
def test_what_is_left_over_is_handed_back_with_the_reason(text, rest, message):
    place, left = GAZETTEER.read(text)
    assert left == rest
    assert message in GAZETTEER.unread(text, place, left)


def test_split_still_reads_a_unit_name_up_to_its_place():
    assert GAZETTEER.split("广东省深圳市光明新区党工委、管委会") == {"province": "广东省", "city": "深圳市", "district": "光明新区"}
    assert GAZETTEER.read("大连市西岗区区委、区政府") == ({"province": "辽宁省", "city": "大连市", "district": "西岗区"}, "区委、区政府")


def test_a_city_of_another_province_is_named_with_its_province_not_by_spelling():
    message = problems({"province": "湖南省", "city": "福州市"})
    assert message.startswith("“福州市”属于福建省，不属于湖南省。")
    assert "郴州市" not in message
    # With a county of the province under it, the likely fix is the city.
    assert "湖南省的岳麓区在长沙市，城市应为“长沙市”" in problems({"province": "湖南省", "city": "福州市", "district": "岳麓区"})
    # With the city's own county under it, the likely fix is the province.
    assert "福州市确有鼓楼区，省份应为“福建省”" in problems({"province": "湖南省", "city": "福州市", "district": "鼓楼区"})


def test_a_county_of_another_city_names_the_cities_that_have_it():
    message = problems({"province": "湖南省", "city": "长沙市", "district": "鼓楼区"})
    assert message.startswith("长沙市没有“鼓楼区”")
    for city in ("福州市", "南京市", "开封市", "徐州市"):
        assert city in message
    assert "“岳麓区”属于长沙市，不属于株洲市" in problems({"province": "湖南省", "city": "株洲市", "district": "岳麓区"})
    # Where it is, then (only when one is written like it) what the city has.
    assert problems({"province": "湖南省", "city": "长沙市", "district": "雨花台区"}) == \
        "“雨花台区”属于江苏省南京市，不属于长沙市。请核对上一级地名。长沙市有“雨花区”。"


@pytest.mark.parametrize("place,message", [
    ({"province": "湖南省", "city": "株州市"}, "应为“株洲市”"),  # spelling, when nothing else says more
    ({"province": "湖南省", "city": "吉首市"}, "城市应为“湘西土家族苗族自治州”，“吉首市”写在区县"),
    ({"province": "湖北省", "city": "仙桃市"}, "湖北省直辖的县级行政区"),
    ({"province": "湖南省", "district": "鼓楼区"}, "湖南省没有“鼓楼区”"),  # no city: the county must be in the province
])
def test_wrong_levels_are_told_by_their_relations(place, message):
    assert message in problems(place)


def test_a_county_without_a_city_in_its_own_province_passes():
    assert GAZETTEER.check({"province": "湖北省", "district": "仙桃市"}) == []
    assert GAZETTEER.check({"province": "湖南省", "district": "长沙县"}) == []
    assert GAZETTEER.city_of("湖南省", "长沙县") == "长沙市"
    assert GAZETTEER.city_of("湖北省", "仙桃市") is None  # governed by the province itself
