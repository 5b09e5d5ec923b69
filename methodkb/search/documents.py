"""The search index's documents: one per page of the site, the fields of each from the model,
and its text as rendered."""

from __future__ import annotations

from methodkb.model import formula as formulas
from methodkb.model.facts import kind_label
from methodkb.model.method import LEVELS
from methodkb.search import index

LISTINGS = ("methods", "provinces", "themes", "lists", "sources", "collections")


def documents(browse, rendered: dict[str, tuple[str, str]]) -> list[index.Document]:
    """A document for every page: methods first, then the index pages, with fields from the
    model (``browse``: the site's indexes, site.browse.Browse); then every other page as it was
    rendered. ``rendered``: url → (title, text)."""
    docs = []
    for e in browse.entries:
        formula = e.formula
        parts = formula.parts if formula else ()
        places = [v for k in LEVELS if (v := e.place.get(k))]
        places += [a["now"] for v in places if (a := browse.gazetteer.current_name(v))]
        docs.append(index.Document(
            browse.method_url(e.slug), e.name, "method",
            {"name": e.name, "formula": formula.text if formula else "",
             "place": " ".join(places + [e.unit or ""]),
             "themes": " ".join(list(e.themes) + [kind_label(e, browse.registry), e.category or ""]),
             # A formula's parts and measures are the method in brief: they rank with the summary.
             "summary": " ".join([e.summary or "", (formula.meaning if formula else None) or ""] + [p.meaning for p in parts]
                                 + [i for p in parts for i in p.items]),
             "body": " ".join([rendered.get(browse.method_url(e.slug), ("", ""))[1]] + list(e.characteristics.values())
                              + [b.reason for b in e.basis if b.reason])},
            place=e.place_line, formula=formula.text if formula else "", snippet=index.snippet(e.summary or "")))
    for name in browse.provinces:
        entry = browse.registry.provinces.get(name)
        if entry:
            docs.append(index.Document(browse.province_url(name), name, "index",
                                        {"name": f"{name} {entry['short']}", "place": name},
                                        snippet=f"{name}的方法和经验，按城市和区县排列。", hub="省份"))
    for theme, entry in browse.registry.themes.items():
        docs.append(index.Document(browse.theme_url(theme), theme, "index",
                                    {"name": theme, "summary": entry["help"]}, snippet=entry["help"], hub="主题"))
    for key, entry in browse.registry.lists.items():
        docs.append(index.Document(browse.list_url(key), entry["name"], "index",
                                    {"name": f"{entry['name']} {entry['short']}",
                                     "summary": f"{entry['issuer']} {entry.get('note') or ''}"},
                                    snippet=entry.get("note") or entry["issuer"], hub="名单"))
    for key, entry in browse.registry.sources.items():
        docs.append(index.Document(browse.source_urls[key], entry["title"], "index",
                                    {"name": f"{entry['title']} {entry['short']}", "summary": entry["summary"]},
                                    snippet=index.snippet(entry["summary"])))
    docs.append(index.Document(browse.url("formulas/index.md"), "按数字口诀浏览", "index",
                                {"name": "数字口诀", "summary": " ".join(d for _, d in formulas.SHAPES.values())},
                                snippet="按口诀的结构分组，并把每个口诀拆成它的各个部分。", hub="口诀"))
    # An overview's text is the titles of the pages it lists, each in the index itself: by its
    # own title only, it does not crowd them out (按主题 for 调解纠纷).
    listings = {browse.url(f"{folder}/index.md") for folder in LISTINGS}
    covered = {d.url for d in docs} | {browse.url("search/index.md")}  # the results page has no text of its own
    docs += [index.page_document(url, title, text, whole=url not in listings)
             for url, (title, text) in rendered.items() if url not in covered]
    return docs
