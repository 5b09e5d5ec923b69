"""The browsing pages: by province (with the tile map), theme, formula, list;
statistics; and the open data files behind the filter page.

Each function returns page sources (URI → Markdown, or JSON/CSV text); the
hook adds them to the site. Nothing here is kept by hand.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections import Counter
from collections.abc import Callable

from methodkb.model import formula as formulas
from methodkb.site import indexes
from methodkb.site import svg
from methodkb.checks.loading import MethodSet
from methodkb.model.facts import basis_note, kind_label
from methodkb.model.method import LEVELS
from methodkb.site.render import ENV, Raw, anchor, list_uri, method_uri, province_uri, source_uri, theme_uri, url
from methodkb.model.text import script_setting

DATA_JSON = "data/methods.json"
DATA_SCRIPT = "data/methods.js"  # the same data for the 筛选 page, as a script, without COMPARED
DATA_COMPARE = "data/compare.js"  # all of it, as a script, for the 比较 page
# The record fields only the 比较 page reads: most of the data's weight (7 MB against 1 MB at
# 5,000 methods), which the 筛选 page, opened on phones, does not download.
COMPARED = ("place_line", "formula_meaning", "formula_parts", "characteristics", "practice_since",
            "practice_since_basis", "sources")
SEARCH_INDEX = "search/index.js"
DATA_CSV = "data/methods.csv"
CSV_COLUMNS = ["slug", "name", *LEVELS, "category", "kind", "kind_by",
               "themes", "formula", "lists", "completeness", "summary", "basis", "url"]


class Browse:
    """The indexes of one collection, computed once and shared by every page."""

    def __init__(self, collection: MethodSet, directory_urls: bool = True, entries: list | None = None):
        self.collection = collection
        self.directory_urls = directory_urls
        self.registry = collection.registry
        self.gazetteer = self.registry.gazetteer
        self.entries = indexes.entries(collection) if entries is None else entries
        self.neighbours = indexes.nearby(self.registry.provinces)
        self.by_slug = {e.slug: e for e in self.entries}
        self.provinces = indexes.by_province(self.entries)
        self.themes = indexes.by_theme(self.entries, self.registry.themes)
        self.shapes = indexes.by_shape(self.entries)
        self.lists = indexes.by_list(self.entries, self.registry.lists)

    @functools.cached_property
    def related(self) -> dict[str, list[str]]:
        """Slug → the slugs of its related methods (``indexes.related``), worked out on first
        use."""
        return indexes.related(self.entries, self.neighbours)

    # Links, as site-relative URLs (for the method page) -----------------------

    def url(self, uri: str) -> str:
        return url(uri, self.directory_urls)

    @functools.cached_property
    def source_urls(self) -> dict[str, str]:
        return {key: self.url(source_uri(key)) for key in self.registry.sources}

    def method_url(self, slug: str) -> str:
        return self.url(method_uri(slug))

    def list_url(self, key: str) -> str:
        return self.url(list_uri(key))

    def province_url(self, name: str) -> str | None:
        entry = self.registry.provinces.get(name)
        return self.url(province_uri(entry["slug"])) if entry else None

    def theme_url(self, name: str) -> str | None:
        entry = self.registry.themes.get(name)
        return self.url(theme_uri(entry["slug"])) if entry else None

    def links(self, slug: str) -> dict:
        """Everything a method page links back to: its indexes and related methods."""
        entry = self.by_slug[slug]
        province = self.province_url(entry.province)
        city = entry.place.city
        return {
            "province": province,
            "city": f"{province}#{anchor(city)}" if province and city else None,
            "themes": {t: self.theme_url(t) for t in entry.themes},
            "shape": (self.url("formulas/index.md") + f"#{entry.shape}", formulas.SHAPES[entry.shape][0]) if entry.shape else None,
            "lists": {key: self.url(list_uri(key)) for key in entry.list_keys},
            "sources": self.source_urls,
            "related": [{"name": r.name, "url": self.url(method_uri(r.slug)), "place": r.place_line,
                         "formula": r.formula.text if r.formula else None, "why": self._why(entry, r)}
                        for r in (self.by_slug[s] for s in self.related[slug])],
        }

    def _why(self, entry, other) -> str:
        """The strongest reason two methods are related, in the order the score weighs them."""
        shared = [t for t in entry.themes if t in other.themes]
        if shared:
            return "同主题：" + "、".join(shared)
        if entry.shape and entry.shape == other.shape:
            return "口诀结构相同"
        if entry.province == other.province:
            return "同省"
        # A shared list is a fact of the sources; neighbouring is the overview map's rough tiles.
        if set(entry.list_keys) & set(other.list_keys):
            return "同一名单"
        return "邻近省份"

    # Pages ----------------------------------------------------------------------

    def pages(self) -> dict[str, Callable[[], str]]:
        """URI → the function that writes it (see ``pages.site_pages``)."""
        out = {
            "provinces/index.md": self.provinces_index,
            "themes/index.md": self.themes_index,
            "formulas/index.md": self.formulas_index,
            "lists/index.md": self.lists_index,
            "stats/index.md": self.stats_page,
            DATA_JSON: lambda: json.dumps(self.data, ensure_ascii=False, separators=(",", ":")),
            DATA_SCRIPT: lambda: script_setting("KB_METHODS", self.filter_data),
            DATA_COMPARE: lambda: script_setting("KB_METHODS", self.data),
            DATA_CSV: self.data_csv,
        }
        for name in self.provinces:
            if name in self.registry.provinces:
                out[province_uri(self.registry.provinces[name]["slug"])] = functools.partial(self.province_page, name)
        for theme, entry in self.registry.themes.items():
            out[theme_uri(entry["slug"])] = functools.partial(self.theme_page, theme)
        for key in self.registry.lists:
            out[list_uri(key)] = functools.partial(self.list_page, key)
        return out

    def _counts(self) -> dict[str, int]:
        return Counter(e.province for e in self.entries)

    def provinces_index(self) -> str:
        counts = self._counts()
        tiles = svg.tile_map(self.registry.provinces, counts, lambda name: "../" + self.province_url(name))
        rows = [{"name": name, "slug": entry["slug"], "count": counts.get(name, 0)}
                for name, entry in self.registry.provinces.items()]
        return ENV.get_template("provinces_index.md.j2").render(map=Raw(tiles), rows=rows, total=len(self.entries))

    def province_page(self, name: str) -> str:
        order = {city: index for index, city in enumerate(self.gazetteer.city_order(name))}
        # Cities in official order; entries whose city the source does not give come last.
        cities = dict(sorted(self.provinces[name].items(), key=lambda kv: (kv[0] == "", order.get(kv[0], len(order)), kv[0])))
        return ENV.get_template("province_page.md.j2").render(
            name=name, cities=cities, count=sum(len(v) for c in cities.values() for v in c.values()),
            municipality=self.gazetteer.is_municipality(name), below=below_headings)

    def themes_index(self) -> str:
        focused = [[m for m in self.themes.get(t, []) if m.kind == self.registry.focused_kind] for t in self.registry.themes]
        rows = [{"name": t, "slug": e["slug"], "help": e["help"], "count": len(self.themes.get(t, [])),
                 "single": len(single), "single_inferred": sum(1 for m in single if self._inferred_kind(m))}
                for (t, e), single in zip(self.registry.themes.items(), focused)]
        return ENV.get_template("themes_index.md.j2").render(rows=rows)

    def theme_page(self, theme: str) -> str:
        members = self.themes.get(theme, [])
        focused = self.registry.focused_kind
        kinds = [focused] + [k for k in self.registry.kinds if k != focused]
        # Per kind, the sources' classifications before the editors': each group says which it is.
        groups = []
        for kind in kinds:
            of_kind = [m for m in members if m.kind == kind]
            for inferred in (False, True):
                group = [m for m in of_kind if self._inferred_kind(m) == inferred]
                if group:
                    groups.append((kind_label(group[0], self.registry), kind, inferred, group))
        groups.append((self.registry.unclassified, None, False, [m for m in members if m.kind not in kinds]))
        entry = self.registry.themes[theme]
        sources = [(key, self.registry.sources[key]["short"]) for key in entry.get("sources") or [] if key in self.registry.sources]
        return ENV.get_template("theme_page.md.j2").render(theme=theme, entry=entry, groups=groups, focused=focused,
                                                           kinds=kinds, count=len(members), sources=sources)

    def _inferred_kind(self, method) -> bool:
        basis = method.basis_of("kind")
        return bool(method.kind and basis and self.registry.inferred(basis.by))

    def formulas_index(self) -> str:
        groups = [(key, formulas.SHAPES[key], members) for key, members in self.shapes.items()]
        by_number = indexes.parts_by_number(self.entries)
        return ENV.get_template("formulas_index.md.j2").render(
            groups=groups, by_number=by_number, count=sum(len(m) for _, _, m in groups),
            readings=formulas.READINGS, note=lambda m, dotted: basis_note(m, dotted, self.registry))

    def lists_index(self) -> str:
        rows = [{"key": key, **entry, "count": len(self.lists.get(key, []))} for key, entry in self.registry.lists.items()]
        rows.sort(key=lambda r: (-(r.get("year") or 0), r["issuer"], r["name"]))
        return ENV.get_template("lists_index.md.j2").render(rows=rows)

    def list_page(self, key: str) -> str:
        entry = self.registry.lists[key]
        members = self.lists.get(key, [])
        rules = entry.get("rules") or {}
        quota = rules.get("quota")
        source = self.registry.sources.get(entry.get("source"), {})
        rule_sources = {name: self.registry.sources.get(rule.get("source"), {}).get("short")
                        for name, rule in rules.items()}
        return ENV.get_template("list_page.md.j2").render(
            key=key, entry=entry, members=members, quota=quota, rules=rules, rule_sources=rule_sources,
            quota_rows=indexes.quota_rows(members, rules), source=source, ranked=any(r for r, _ in members))

    def stats_page(self) -> str:
        counts = self._counts()
        by_province = sorted(((n, c) for n, c in counts.items()), key=lambda kv: -kv[1])
        by_theme = sorted(((t, len(m)) for t, m in self.themes.items() if m), key=lambda kv: -kv[1])
        by_year = sorted(Counter(e.year for e in self.entries if e.year).items())
        by_list = [(self.registry.lists[k]["short"], len(m)) for k, m in self.lists.items() if m]
        by_list.sort(key=lambda kv: -kv[1])
        levels = Counter(e.completeness for e in self.entries)
        by_level = [(level, levels.get(level, 0)) for level in self.registry.completeness_levels]
        no_year = sum(1 for e in self.entries if not e.year)
        charts = [
            ("按省份", by_province, lambda n: "../" + (self.province_url(n) or "")),
            ("按主题", by_theme, lambda t: "../" + (self.theme_url(t) or "")),
            ("按入选年份", [(f"{y}年", c) for y, c in by_year], None),
            ("按名单", by_list, None),
            ("按完整度", by_level, None),
        ]
        rendered = [(title, Raw(svg.bar_chart(f"{title}统计的方法数", rows, href)), rows) for title, rows, href in charts]
        return ENV.get_template("stats_page.md.j2").render(charts=rendered, total=len(self.entries), no_year=no_year)

    # Open data ------------------------------------------------------------------

    def records(self) -> list[dict]:
        out = []
        for e in self.entries:
            out.append({
                "slug": e.slug, "name": e.name, "url": self.url(method_uri(e.slug)),
                **e.place.as_dict(),
                "category": e.category, "kind": e.kind or "", "themes": list(e.themes),
                # Where the kind came from (编者: the editors' classification), and every basis given.
                "kind_by": b.by if (b := e.basis_of("kind")) and e.kind else "",
                "kind_label": kind_label(e, self.registry) or self.registry.unclassified,
                "basis": [{k: v for k, v in vars(b).items() if v} for b in e.basis],
                "formula": e.formula.text if e.formula else "", "shape": e.shape or "",
                "lists": e.list_keys, "completeness": e.completeness, "summary": e.summary or "",
                # For the 比较 page: the rest of the facts card, as plain values (shown as text).
                "place_line": e.place_line,
                "formula_meaning": (e.formula.meaning or "") if e.formula else "",
                "formula_parts": [{"number": p.number, "meaning": p.meaning, "items": list(p.items)}
                                  for p in (e.formula.parts if e.formula else ())],
                "characteristics": dict(e.characteristics),
                "practice_since": e.practice_since,
                "practice_since_basis": basis_note(e, "practice_since", self.registry),
                "sources": [{"id": s.id, **({"locator": s.locator} if s.locator else {})} for s in e.sources],
            })
        return out

    @functools.cached_property
    def data(self) -> dict:
        """The open data (methods.json, and the 筛选 page's script)."""
        labels = {"lists": {k: v["name"] for k, v in self.registry.lists.items()},
                  "shapes": {k: v[0] for k, v in formulas.SHAPES.items()},
                  "themes": list(self.registry.themes), "provinces": list(self.registry.provinces),
                  "characteristics": list(self.registry.characteristics),
                  # Each source once (methods cite them by id), and the pages the 比较 page links to.
                  "sources": {k: {"title": v.get("title") or k, "short": v.get("short") or "", "url": self.source_urls[k]}
                              for k, v in self.registry.sources.items()},
                  "list_urls": {k: self.list_url(k) for k in self.registry.lists}}
        return {"labels": labels, "methods": self.records()}

    @property
    def filter_data(self) -> dict:
        """The open data without the fields only the 比较 page reads (COMPARED)."""
        return {"labels": self.data["labels"],
                "methods": [{k: v for k, v in r.items() if k not in COMPARED} for r in self.data["methods"]]}

    def data_csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        for record in self.data["methods"]:
            row = dict(record, themes="；".join(record["themes"]), lists="；".join(record["lists"]),
                       basis="；".join(f"{b['field']}（{b['by']}）：{b.get('reason') or b.get('source', '')}" for b in record["basis"]))
            # A cell that a spreadsheet would run as a formula is written as text.
            writer.writerow({k: ("'" + v if isinstance(v, str) and v[:1] in "=+-@" else v) for k, v in row.items()})
        return "\ufeff" + buffer.getvalue()  # BOM: Excel opens UTF-8 CSV correctly only with it


def below_headings(place) -> str:
    """Where a method is, below the headings it is listed under on its province's page
    (province, city, district): 东街街道军门社区 under 福州市 › 鼓楼区, each level once."""
    shown = "".join(place.get(level) for level in LEVELS[:3])
    out = ""
    for level in LEVELS[3:]:
        value = place.get(level)
        if value and value not in shown + out:
            out += value
    return out
