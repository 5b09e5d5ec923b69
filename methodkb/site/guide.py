"""The 编写指南 page for editors: adding one method and a whole batch, every field (from the
schema), the HTML a body may hold (from ``data/raw_html.yml``), the criteria (from the lists'
rules), good and bad 六性 statements and the stock phrases the checks know, and what each check
message means. Every message on the
page is produced by running the real checks on the examples in ``data/guide_examples.yml``,
so the guide says what the checks say.
"""

from __future__ import annotations

import os
import tempfile

import yaml

from methodkb.checks import loading
from methodkb.checks import rawhtml, rules as checks_rules
from methodkb.model.registry import DATA_DIR, Registry, import_headers
from methodkb.site.render import ENV
from methodkb.checks.schema import field_rows

EXAMPLE = os.path.join("methods", "hunan", "shili.md")  # where an editor's file would be


def examples(registry: Registry) -> tuple[list[dict], dict]:
    """The message examples, each with the messages the checks give for it; and the bad 六性 set with its messages."""
    with open(os.path.join(DATA_DIR, "guide_examples.yml"), encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    out = []
    for example in data["messages"]:
        out.append(dict(example, messages=_messages(example["file"], registry)))
    six = data["six_bad"]
    file = yaml.safe_dump({"name": "某社区工作法", "category": registry.categories[0], "kind": registry.kinds[0],
                           "themes": [next(iter(registry.themes))],
                           "place": {"province": "湖南省"}, "summary": "示例：只为说明六性的写法，不是真实的方法。",
                           "characteristics": six["characteristics"], "completeness": registry.complete_level,
                           "lists": [{"list": "hn-3"}], "sources": [{"id": "hn-2021-zongshu"}]},
                          allow_unicode=True, sort_keys=False)
    body = "\n".join(f"## {title}\n\n示例。\n" for title in registry.body_sections)
    messages = [m for m in _messages(f"---\n{file}---\n\n{body}", registry) if "characteristics" in m]
    return out, dict(six, messages=messages)


def _messages(text: str, registry: Registry) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, EXAMPLE)
        os.makedirs(os.path.dirname(path))
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        result = loading.load([path], folder, registry)
    return [p.format() for p in result.problems]


def guide_page(collection) -> str:
    registry = collection.registry
    message_examples, six_bad = examples(registry)
    junmen = next((m for m in collection.models if m.characteristics and m.slug == "junmen-13335"), None)
    rules = [dict(entry, id=key) for key, entry in registry.lists.items() if entry.get("rules")]
    return ENV.get_template("guide.md.j2").render(
        rows=field_rows(registry.fields),
        sections=registry.body_sections, body_help=registry.schema.get("body_help") or {},
        headers=import_headers(), labels=registry.field_labels, rules=rules, sources=registry.sources,
        examples=message_examples, six_bad=six_bad, good=junmen, html=rawhtml.rules(),
        stock=checks_rules.stock_phrases())
