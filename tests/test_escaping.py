"""Hostile values in every field of the method schema and of the collection schema reach no
page as markup, an attribute or page metadata. The fields are read from the schemas, so a
field added later is covered by itself: each free-text field gets a payload, and is either
refused by the checks (then it never reaches a page) or shown on the built site as text."""

from __future__ import annotations

import json
import os
import random
import re
import shutil

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build

from methodkb.checks import books
from methodkb.checks import loading
from methodkb.checks import frontmatter
from methodkb.model.registry import Registry

MARK = "__pwned"
# Each reaches the page through a different door: attr_list (with and without spaces, on a table
# cell, a heading or a list item), raw HTML, an event attribute breaking out of a quoted
# attribute, a Markdown link, a second line, a character entity.
PAYLOADS = (
    f"{{onclick={MARK}}}",
    f"{{tabindex=0 autofocus onfocus={MARK}}}",
    f"<img src=x onerror={MARK}>",
    f'"><svg onload={MARK}>',
    f"[点我](javascript:{MARK})",
    f"<script>{MARK}</script>",
    f"&#106;avascript:{MARK} {{: onmouseover={MARK}}}",
    f"文字\n\n<iframe src=javascript:{MARK}>",
)
SLUG = "hostile-fields"
BODY = "\n## 背景\n\n测试用的方法，正文没有问题。\n"
# The body opens with lines MkDocs would read as page meta (MultiMarkdown style, then YAML):
# Material prints description and author into <head> as they are.
META_BODY = (f'author: x" onmouseover="{MARK}" y="\ndescription: "\\x3cscript>{MARK}\\x3c/script>"\n'
             "hide: 5\n\n## 背景\n\n正文开头的几行不能成为网页的元数据。\n")


def _leaves(fields: dict, path: tuple = ()) -> list[tuple[tuple, dict]]:
    out = []
    for key, spec in fields.items():
        sub = spec.get("fields") or (spec.get("item") or {}).get("fields")
        here = path + (key,) + ((0,) if spec["type"] == "list" else ())
        if sub:
            out += _leaves(sub, here)
        else:
            out.append((here, spec.get("item", spec) if spec["type"] == "list" else spec))
    return out


def _value(spec: dict, registry: Registry):
    """A value that passes for a field that takes no free text (a choice, a number, a year)."""
    if isinstance(spec.get("example"), (int, str)):
        return spec["example"]
    if spec["type"] == "enum":
        return spec["values"][0]
    if spec["type"] == "vocab":
        return next(iter(registry.vocab(spec["vocab"])))
    return 1


# What a refused field holds instead, where it cannot be left out.
HARMLESS = {"formula.text": "一个中心", "select.province[0]": "湖南省"}


def _harmless(dotted: str) -> str:
    """Plain text, different for each field (two of the six statements may not be alike)."""
    return "".join(random.Random(dotted).sample("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥", 22))


def _required(spec: dict) -> bool:
    return bool(spec.get("required"))


def _given(fixed: dict, path: tuple) -> bool:
    for key in path:
        if not isinstance(fixed, dict) or key not in fixed:
            return False
        fixed = fixed[key]
    return True


def _set(data: dict, path: tuple, value) -> None:
    for here, below in zip(path, path[1:]):
        if isinstance(here, int):
            data = data[here]
        else:
            data = data.setdefault(here, [{}] if isinstance(below, int) else {})
        if isinstance(data, list) and isinstance(below, int) and len(data) <= below:
            data.append({})
    if isinstance(path[-1], int):
        data[path[-1]] = value
    else:
        data[path[-1]] = value


class Hostile:
    """Front matter with a payload in every free-text field; the fields the checks refuse are
    given a harmless value instead, and remembered."""

    def __init__(self, fields: dict, registry: Registry, fixed: dict, offset: int = 0, prefix: str = "1"):
        """``offset``: which payload the first field gets; with each offset in turn, every
        field meets every payload."""
        self.leaves = [(p, s) for p, s in _leaves(fields) if not _given(fixed, p)]
        self.text = {p for p, s in self.leaves if s["type"] in ("str", "text")}
        self.fixed, self.registry = fixed, registry
        self.refused: dict[str, str] = {}  # field → why its last payload was refused
        self.offset, self.prefix = offset, prefix
        self.order()
        self.attempts: dict[str, int] = {}

    def order(self) -> None:
        self.tried = {p: i + self.offset for i, p in enumerate(sorted(self.text, key=str))}

    def data(self) -> dict:
        out = json.loads(json.dumps(self.fixed, ensure_ascii=False))
        for path, spec in self.leaves:
            dotted = frontmatter.dotted(path)
            if path in self.text and dotted in self.refused and not _required(spec) and dotted not in HARMLESS:
                continue  # left out: nothing of it reaches a page
            if path in self.text:
                # 1 first: a formula's text must open with its count (reading 计数, one part).
                text = self.prefix + PAYLOADS[(self.tried[path] + self.attempts.get(dotted, 0)) % len(PAYLOADS)] if dotted not in self.refused else HARMLESS.get(dotted, _harmless(f"{dotted}{self.offset}"))
                value = (text + "，用来填满最短的长度" * 10)[: max(len(text), spec.get("min", 0))][: spec.get("max", 200)]
            else:
                value = _value(spec, self.registry)
            _set(out, path, value)
        return out

    def refuse(self, problems) -> bool:
        """Give the fields with errors harmless values; False when an error names no such field."""
        named = False
        for problem in problems:
            field = re.sub(r"\[\d+\]", "[0]", problem.field or "")
            matches = [frontmatter.dotted(p) for p in self.text if frontmatter.dotted(p).startswith(field) and field]
            for dotted in matches:
                # Another payload first; the field is given up after all of them were refused.
                self.attempts[dotted] = self.attempts.get(dotted, 0) + 1
                if self.attempts[dotted] >= len(PAYLOADS):
                    self.refused.setdefault(dotted, problem.message)
            named |= bool(matches)
        return named


def _front(data: dict, body: str | None) -> str:
    header = "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in data.items())
    return f"---\n{header}\n---\n{body}" if body is not None else header + "\n"


def _settle(hostile: Hostile, write, load) -> None:
    problems = []
    for _ in range(5 * len(PAYLOADS)):
        write(hostile.data())
        problems = [p for p in load() if p.is_error]
        if not problems:
            return
        assert hostile.refuse(problems), [p.format() for p in problems]
    pytest.fail("the hostile file never passed the checks: " + " | ".join(p.format() for p in problems))


@pytest.fixture(scope="module")
def hostile_fields(tmp_path_factory):
    base = tmp_path_factory.mktemp("fields")
    registry = Registry.load()
    methods, books_dir = base / "methods", base / "collections"
    shutil.copytree(os.path.join(ROOT, "methods", "fujian"), methods / "fujian")
    (methods / "hunan").mkdir()
    books_dir.mkdir()
    fixed = {"place": {"province": "湖南省", "city": None}, "completeness": "部分", "category": "优秀社区工作法",
             "formula": {"reading": "计数"}}
    made = []
    for offset in range(len(PAYLOADS)):
        method = Hostile(registry.fields, registry, fixed, offset)
        # The place: a province that exists, no city (so the district is free text), the rest hostile.
        method.leaves += [(("place", level), {"type": "str", "max": 30}) for level in ("district", "street", "community")]
        method.text |= {("place", "district"), ("place", "street"), ("place", "community")}
        method.order()
        path = methods / "hunan" / f"{SLUG}-{offset}.md"
        _settle(method, lambda data, path=path: path.write_text(_front(data, BODY), encoding="utf-8"),
                lambda: loading.load([str(methods)], str(base), registry).problems)
        made.append(method)
    (methods / "hunan" / "hostile-meta.md").write_text(
        _front({"name": "正文开头像元数据的方法", "category": "优秀社区工作法", "completeness": "待补充",
                "place": {"province": "湖南省"}, "lists": [{"list": "hn-3"}],
                "sources": [{"id": "hn-2021-zongshu"}]}, META_BODY), encoding="utf-8")

    loaded = loading.load([str(methods)], str(base), registry)
    entries = __import__("methodkb.site.indexes", fromlist=["entries"]).entries(loaded)
    shelf = []
    for offset in range(len(PAYLOADS)):
        for kind, fixed in (("named", {"methods": [f"{SLUG}-{offset}"]}), ("selected", {})):
            schema = dict(registry.book_schema["fields"])
            # A book names its methods or selects them (then in an order): one of the two ways.
            for key in ("select", "order") if kind == "named" else ("methods",):
                schema.pop(key)
            book = Hostile(schema, registry, fixed, offset, prefix=f"{kind}{offset}")
            target = books_dir / f"{kind}-{offset}.yml"
            _settle(book, lambda data, t=target: t.write_text(_front(data, None), encoding="utf-8"),
                    lambda t=target: books.load([str(t)], loaded, entries, str(base))[1])
            shelf.append(book)
    site = base / "site"
    result = build(site, methods_dir=methods, env={"KB_COLLECTIONS_DIR": str(books_dir)})
    assert result.returncode == 0, result.stdout + result.stderr
    return site, made, shelf


def _pages(site) -> list[tuple[str, BeautifulSoup]]:
    out = []
    for folder, _, names in os.walk(site):
        for name in names:
            if name.endswith(".html"):
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    out.append((os.path.relpath(os.path.join(folder, name), site), BeautifulSoup(handle, "html.parser")))
    return out


DANGEROUS_ADDRESS = re.compile(r"^\s*(javascript|data|vbscript):", re.I)


def _dangers(soup: BeautifulSoup) -> list[str]:
    found = []
    for element in soup.find_all(True):
        if element.name in ("iframe", "object", "embed", "base", "frame", "frameset"):
            found.append(f"<{element.name}>")
        if element.name == "script" and MARK in element.get_text():
            found.append("script with the payload")
        if element.name == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            found.append("meta refresh")
        # A page's description (og:description, a method's summary) holds a field's text: as the
        # value of content, escaped, never as another attribute (on* and refresh are caught above).
        if element.name == "meta" and (set(element.attrs) - {"name", "property", "content", "charset"}
                                       or any(MARK in str(v) for k, v in element.attrs.items() if k != "content")):
            found.append(f"payload in {element}")
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.lower().startswith("on"):
                found.append(f"{name} on <{element.name}>")
            if name.lower() in ("href", "src", "action", "formaction", "xlink:href", "data", "poster") \
                    and DANGEROUS_ADDRESS.match(value or ""):
                found.append(f"{name}={value[:40]} on <{element.name}>")
    return found


def test_every_free_text_field_is_tried(hostile_fields):
    _, made, shelf = hostile_fields
    # The fields the issue found open reach the page (as text) with every payload.
    for method in made:
        for field in ("place.community", "formula.parts[0].meaning", "summary"):
            assert field not in method.refused, (field, method.refused.get(field))
    assert sum("formula.text" not in m.refused for m in made) >= 4
    assert all("title" not in book.refused for book in shelf), [b.refused for b in shelf]


def test_no_page_holds_markup_from_a_field(hostile_fields):
    site, _, _ = hostile_fields
    pages = _pages(site)
    assert len(pages) > 30
    problems = {path: found for path, soup in pages if (found := _dangers(soup))}
    assert problems == {}


def test_the_payloads_show_as_text(hostile_fields):
    site, _, _ = hostile_fields
    page = BeautifulSoup((site / "methods" / f"{SLUG}-0" / "index.html").read_text(encoding="utf-8"), "html.parser")
    text = page.get_text()
    assert f"{{onclick={MARK}}}" in text
    assert f"<img src=x onerror={MARK}>" in text
    province = BeautifulSoup((site / "provinces" / "hunan" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert MARK in province.get_text()  # the district and community, shown as text
    book = BeautifulSoup((site / "collections" / "named-0" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert MARK in book.find("h1").get_text()


def test_a_body_never_becomes_page_meta(hostile_fields):
    site, _, _ = hostile_fields
    page = BeautifulSoup((site / "methods" / "hostile-meta" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find("meta", attrs={"name": "author"}) is None
    description = page.find("meta", attrs={"name": "description"})
    assert description is None or MARK not in description.get("content", "")
    assert "正文开头的几行不能成为网页的元数据" in page.get_text()


def test_a_second_header_in_the_body_is_refused(tmp_path):
    from conftest import check

    path = tmp_path / "second.md"
    text = (ROOT_METHOD.read_text(encoding="utf-8").replace("\n---\n", "\n---\n---\n"
            f"description: \"\\x3cscript>{MARK}\\x3c/script>\"\nhide: 5\n---\n", 1))
    path.write_text(text, encoding="utf-8")
    result = check(str(path))
    assert result.returncode == 1
    assert "正文开头又是一组用 --- 围起的字段" in result.stdout, result.stdout


ROOT_METHOD = __import__("pathlib").Path(ROOT, "methods", "hunan", "yuntang-sixiaosida.md")
