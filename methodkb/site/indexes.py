"""Cross-indexes over the collection: by province, theme, formula shape and list,
the quota tables, and each method's related methods.

Every function here is linear in the number of methods (or close to it): the
indexes are built from one pass, and related methods are scored over a bounded
candidate set drawn from inverted indexes, never over all pairs.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict

from methodkb.model import formula as formulas
from methodkb.checks.loading import MethodSet
from methodkb.model.method import Method

RELATED = 5            # related methods shown on a method page
CANDIDATES_PER_KEY = 40  # how many methods each shared key may propose


Entry = Method  # a method as the indexes list it: the model itself


def entries(collection: MethodSet) -> list[Method]:
    """The methods in index order: the provinces' official order, then city, district, name."""
    order = {name: index for index, name in enumerate(collection.registry.provinces)}
    return sorted(collection.models, key=lambda e: (order.get(e.province, len(order)), e.place.city,
                                                    e.place.district, e.name))


def by_province(entries: list[Entry]) -> dict[str, dict[str, dict[str, list[Entry]]]]:
    """Province → city → district → entries. A municipality's districts, and entries
    whose city the source does not give, sit under the city ""."""
    tree: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for entry in entries:
        tree[entry.province][entry.place.city][entry.place.district].append(entry)
    return tree


def by_theme(entries: list[Entry], themes: dict) -> dict[str, list[Entry]]:
    out: dict[str, list[Entry]] = {theme: [] for theme in themes}
    for entry in entries:
        for theme in entry.themes:
            out.setdefault(theme, []).append(entry)
    return out


def by_shape(entries: list[Entry]) -> dict[str, list[Entry]]:
    out: dict[str, list[Entry]] = {key: [] for key in formulas.SHAPES}
    for entry in entries:
        if entry.shape:
            out[entry.shape].append(entry)
    for group in out.values():
        group.sort(key=lambda e: (-e.parts, e.formula.text))
    return out


def parts_by_number(entries: list[Entry]) -> dict[int, list[tuple[str, Entry]]]:
    """Every numbered part of every formula, by its number: what a “3” has stood for."""
    out: dict[int, list[tuple[str, Entry]]] = defaultdict(list)
    for entry in entries:
        for part in entry.formula.parts if entry.formula else ():
            if isinstance(part.number, int):
                out[part.number].append((part.meaning, entry))
    return dict(sorted(out.items()))


def by_list(entries: list[Entry], lists: dict) -> dict[str, list[tuple[int | None, Entry]]]:
    """List → (rank, entry), in rank order where a rank is known, then by name."""
    out: dict[str, list] = {key: [] for key in lists}
    for entry in entries:
        for membership in entry.lists:
            out.setdefault(membership.list, []).append((membership.rank, entry))
    for members in out.values():
        members.sort(key=lambda pair: (pair[0] is None, pair[0] or 0, pair[1].name))
    return out


def quota_rows(members: list[tuple[int | None, Entry]], rules: dict) -> list[dict]:
    """The “原则上” quota check of a list as table rows: where, how many, the limit, over or not."""
    quota = (rules or {}).get("quota")
    provinces = Counter(entry.province for _, entry in members)
    # A municipality (city = province) is counted once, as a province: see checks.rules._quotas.
    cities = Counter((entry.province, entry.place.city) for _, entry in members
                     if entry.place.city and entry.place.city != entry.province)
    rows = []
    for province, count in sorted(provinces.items(), key=lambda kv: (-kv[1], kv[0])):
        limit = quota.get("per_province") if quota else None
        rows.append({"scope": "省", "where": province, "count": count, "limit": limit,
                     "over": bool(limit and count > limit)})
    for (province, city), count in sorted(cities.items(), key=lambda kv: (-kv[1], kv[0])):
        limit = quota.get("per_city") if quota else None
        rows.append({"scope": "地市", "where": f"{province}{city}", "count": count, "limit": limit,
                     "over": bool(limit and count > limit)})
    return rows


def nearby(provinces: dict) -> dict[str, set[str]]:
    """Provinces whose tiles touch (including diagonally) on the overview map."""
    tiles = {name: tuple(entry["tile"]) for name, entry in provinces.items()}
    return {name: {other for other, (r, c) in tiles.items()
                   if other != name and max(abs(r - tile[0]), abs(c - tile[1])) <= 1}
            for name, tile in tiles.items()}


def related(entries: list[Entry], neighbours: dict[str, set[str]]) -> dict[str, list[str]]:
    """Each entry's slug → the slugs of up to RELATED others: shared themes weigh most, then
    formula shape, then the same or a neighbouring province (``nearby``), then a shared list."""
    postings: dict[tuple, list[Entry]] = defaultdict(list)
    facts = {id(e): _facts(e, neighbours) for e in entries}  # built once, not per pair
    for entry in entries:
        for key in _keys(entry):
            postings[key].append(entry)
    out = {}
    for index, entry in enumerate(entries):
        candidates: dict[str, Entry] = {}
        for key in _keys(entry):
            posting = postings[key]
            # A window of the posting list around this entry keeps the candidate set bounded.
            start = max(0, min(len(posting) - CANDIDATES_PER_KEY, index % max(1, len(posting))))
            for other in posting[start:start + CANDIDATES_PER_KEY]:
                if other is not entry:
                    candidates[other.slug] = other
        # Each candidate scored once; the best RELATED kept, highest score first, then by name.
        mine = facts[id(entry)]
        scored = [(score, other) for other in candidates.values() if (score := _score(mine, facts[id(other)])) > 0]
        out[entry.slug] = [o.slug for _, o in heapq.nsmallest(RELATED, scored, key=lambda pair: (-pair[0], pair[1].name))]
    return out


def _facts(entry: Entry, neighbours: dict[str, set[str]]) -> tuple:
    """What the score compares: themes, list keys, shape, province and the provinces nearby."""
    province = entry.province
    return (set(entry.themes), set(entry.list_keys), entry.shape, province, neighbours.get(province, ()))


def _score(a: tuple, b: tuple) -> int:
    themes_a, lists_a, shape_a, province_a, nearby_a = a
    themes_b, lists_b, shape_b, province_b, _ = b
    score = 3 * len(themes_a & themes_b)
    score += 2 if shape_a and shape_a == shape_b else 0
    score += 2 if province_a == province_b else (1 if province_b in nearby_a else 0)
    score += 1 if lists_a & lists_b else 0
    return score


def _keys(entry: Entry):
    for theme in entry.themes:
        yield ("theme", theme, entry.province)
        yield ("theme", theme)
    if entry.shape:
        yield ("shape", entry.shape)
    yield ("province", entry.province)
    for key in entry.list_keys:
        yield ("list", key)


