"""Raw HTML and addresses in a method's body: only what ``data/raw_html.yml`` allows.

A method file arrives by pull request, and Python-Markdown copies the HTML in its body to
the page as written and puts any address into a link. So the body may hold only tags and
attributes that format text (no <script>, <iframe>, <style>, forms or embedded objects, no
event attributes such as onerror, no style attribute), and links and images may only point
to http, https, mailto or tel addresses or within the site. ``javascript:``, ``vbscript:``
and ``data:`` are named however they are disguised (capitals, character entities, spaces
and control characters in between).

Two passes, both with the same rules and messages:

1. The source, for each problem's line. Code is what Markdown shows as written, so it is
   blanked first (newlines kept, so lines stay right): fenced blocks (``` and ~~~, found by
   Python-Markdown's own fenced_code pattern), code spans that open and close on one line,
   and HTML comments (ended as a browser ends them, also by --!>). Then tags and attributes
   (html.parser), autolinks, Markdown links and images, reference definitions and attribute
   lists ({: … }) are checked.
2. When the source looks clean: the body as the site renders it (``BODY_EXTENSIONS``),
   checked again. It catches what Markdown turns into HTML in ways the first pass does not
   model (a code span inside a raw <div> block is not code); such a problem is reported at
   the first line that shows its text, else the body's first line.
"""

from __future__ import annotations

import bisect
import html
import os
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from html.parser import HTMLParser

import markdown
import yaml
from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.extensions.fenced_code import FencedBlockPreprocessor

from methodkb import DATA_DIR

DATA = os.path.join(DATA_DIR, "raw_html.yml")
# The extensions that render a method's body: those of mkdocs.yml with the ones MkDocs always
# adds (toc, tables, fenced_code; toc adds only ids and anchors), and the printed book's.
BODY_EXTENSIONS = ("tables", "fenced_code", "attr_list", "admonition", "md_in_html")

# A comment ends at --> or --!> (also <!--> and <!--->), as a browser reads it; one that never
# ends runs to the end of the text (as in a browser, and so one scan, not one per "<!--").
COMMENT = re.compile(r"<!--(?:-?>|.*?(?:--!?>|(?P<open>\Z)))", re.S)
# What the source pass blanks: comments (one that never ends is reported), code spans that
# open and close on one line, and autolinks (<https://…>, checked) and e-mail autolinks.
HIDDEN = re.compile(
    rf"{COMMENT.pattern}"
    r"|(?<![\\`])(?P<ticks>`+)[^\n]+?(?<!`)(?P=ticks)(?!`)"
    r"|<(?P<autolink>[A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>|<[^<> !]+@[^@<> ]+>",
    re.S,
)
TAG_START = re.compile(r"<[A-Za-z]")
# <!DOCTYPE>, <![CDATA[, <?xml: a browser hides what follows up to the next '>'. Reported, then
# read past (html.parser would swallow more, or stop on a malformed one).
DECLARATION = re.compile(r"<(?=[!?])")
LINK = re.compile(r"\]\(\s*<?((?:[^()>]|\([^()>]*\)){0,200})")   # [text](address) and ![alt](address)
IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*<?([^()\s>]+)")   # ![alt](address): checked for pictures from elsewhere
# What may stand before a reference definition on its line: Markdown reads one inside a
# blockquote (“> ”), a list item (“- ”, “1. ”) or an indented block as well.
CONTAINER = r"(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*"
REFERENCE = re.compile(rf"^{CONTAINER}\[[^\[\]]*\]:[ ]*\n?{CONTAINER}<?(\S+)", re.M)   # [id]: address
ATTR_LIST = re.compile(r"\{:?[ ]*([^}\n ][^}\n]*)\}")
# What a browser drops from an address before reading its scheme (and a little more).
IGNORED_IN_URL = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff\\]+")
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
ATTRIBUTE_NAME = re.compile(r"^[A-Za-z_:][-A-Za-z0-9_:.]*$")
# A body without these holds no tag, link or attribute list: Markdown writes all its HTML
# from the allowed tags.
MAY_HOLD_HTML = re.compile(r"[<{\]]")


@dataclass(frozen=True)
class Rules:
    tags: tuple[str, ...]
    attributes: tuple[str, ...]
    url_attributes: frozenset[str]
    schemes: tuple[str, ...]
    forbidden: dict[str, str]          # tag → what it would do
    dangerous_schemes: dict[str, str]  # scheme → what a link with it would do
    markdown_styles: frozenset[str]


def rules() -> Rules:
    """The allow-list, read again when the file changes (``mkdocs serve`` picks up an edit)."""
    return _rules(os.path.getmtime(DATA))


@cache
def _rules(changed: float) -> Rules:
    with open(DATA, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return Rules(tuple(data["tags"]), tuple(data["attributes"]), frozenset(data["url_attributes"]),
                 tuple(data["schemes"]), data["forbidden"], data["dangerous_schemes"],
                 frozenset(data["markdown_styles"]))


def problems(body: str) -> list[tuple[int, str]]:
    """(line within the body, counting from 1; message) for each problem, in order."""
    if not MAY_HOLD_HTML.search(body):
        return []
    found = _source(body)
    if not found:
        lines = body.split("\n")
        found = [(_locate(lines, needle), message) for needle, message in _rendered(body)]
    return sorted(set(found))


# Messages -------------------------------------------------------------------------------


def _shown(text: str, limit: int = 40) -> str:
    """``text`` for a message: on one line, without invisible characters, shortened."""
    text = " ".join(re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]", "", text).split())
    return text if len(text) <= limit else text[:limit] + "…"


def tag_message(tag: str) -> str | None:
    allowed = rules()
    if tag in allowed.tags:
        return None
    why = allowed.forbidden.get(tag)
    if why:
        return f"正文里不能写 <{tag}>：{why}。请删除；要把它当作代码展示，在同一行内用反引号括起来（例如 `<{tag}>`），或放进 ``` 围起的代码块。"
    return (f"正文里不能用 <{tag}> 标签。请删除，或改用 Markdown 写法；正文只能用排版用的标签（如 p、strong、table、a、img，"
            "清单见编写指南“正文里的 HTML”一节）。要把它当作代码展示，在同一行内用反引号括起来，或放进 ``` 围起的代码块。")


def attribute_message(owner: str, name: str, value: str | None, rendered: bool = False) -> str | None:
    """``owner``: where the attribute is, in words ("<img> 的"); ``rendered``: in the HTML
    Markdown wrote, where a table column's alignment style is allowed."""
    allowed = rules()
    name = name.lower()
    if name.startswith("on"):
        return f"{owner}事件属性 {name} 会在网页上执行脚本。请删除这个属性。"
    if name == "style":
        if rendered and value in allowed.markdown_styles:
            return None
        return f"{owner} style 属性会改变网页的样式，正文里不能用。请删除这个属性；要强调文字，用 **加粗** 等 Markdown 写法。"
    if name not in allowed.attributes:
        return f"{owner}属性 {name} 不能用，可用的属性只有：{'、'.join(allowed.attributes)}。请删除这个属性。"
    if name not in allowed.url_attributes or not value:
        return None
    message = url_message(value, "图片地址" if name == "src" else "链接地址")
    return message or (picture_message(value, owner) if name == "src" else None)


def picture_message(address: str, owner: str = "") -> str | None:
    """An image from another site: the site loads nothing from elsewhere (such a picture would
    also tell that site who reads the page, and not show in the offline edition)."""
    if not (SCHEME.match(IGNORED_IN_URL.sub("", address)) or address.lstrip().startswith("//")):
        return None
    return f"{owner}图片地址“{_shown(address)}”指向别的网站，网页会从那里加载图片。请把图片存进本仓库，用相对地址引用它。"


def url_message(address: str, what: str = "链接地址", written: str | None = None) -> str | None:
    """``address`` as the browser reads it (character entities decoded); ``written``: as the
    editor wrote it, for the message."""
    allowed = rules()
    match = SCHEME.match(IGNORED_IN_URL.sub("", address))
    if not match:
        return None  # relative: a page or file of this site, or an #anchor
    scheme = match.group(1).lower()
    if scheme in allowed.schemes:
        return None
    shown = _shown(written or address)
    why = allowed.dangerous_schemes.get(scheme)
    if why:
        disguised = "" if shown.startswith(f"{scheme}:") else "（去掉其中的大小写变化、字符实体和空白后）"
        return (f"{what}“{shown}”{disguised}以 {scheme}: 开头，{why}。"
                "请删除这个链接；要链接网页，写 https:// 开头的网址。")
    return (f"{what}“{shown}”以 {scheme}: 开头，正文里的地址只能以 {'、'.join(s + ':' for s in allowed.schemes)} 开头，"
            "或是本站内的相对地址。请改正或删除这个链接。")


UNCLOSED_COMMENT = "注释 <!-- 没有用 --> 结束，其后的正文会从网页上消失或被当作 HTML 读入。请在注释末尾加上 -->。"


def _declaration_message(text: str) -> str:
    return f"正文里不能写“{_shown(text, 20)}”这样的声明或指令：网页读取其后 HTML 的方式会改变。请删除。"


def _unfinished_message(text: str) -> str:
    return (f"“{_shown(text, 20)}”是写法不规范的 HTML 标签（缺少“>”或夹有看不见的字符），网页仍会把它当作标签读入。"
            "请删除或改正；要写小于号，请在“<”后加一个空格或写全角“＜”。")


# The source ----------------------------------------------------------------------------


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def _line_at(text: str, offset: int) -> int:
    return bisect.bisect_right(_line_starts(text), offset)


@lru_cache(maxsize=4)
def _line_starts(text: str) -> list[int]:
    """Where each line begins: looked up, not counted again for each of thousands of tags."""
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _source(body: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    pieces, at = [], 0
    for match in FencedBlockPreprocessor.FENCED_BLOCK_RE.finditer(body):
        start, end = match.span("code")
        pieces += [body[at:start], _blank(body[start:end])]
        at = end
    text = "".join(pieces) + body[at:]

    def hide(match: re.Match) -> str:
        line = _line_at(match.string, match.start())
        if match.group("open") is not None:
            found.append((line, UNCLOSED_COMMENT))
        elif match.group("autolink"):
            message = url_message(match.group("autolink"))
            if message:
                found.append((line, message))
        return _blank(match.group())

    text = HIDDEN.sub(hide, text)
    found += [(line, message) for line, _, message in _Scanner.scan(text)]
    return found + _links(text)


def _links(text: str) -> list[tuple[int, str]]:
    """Markdown links and images, reference definitions, and attribute lists ({: … })."""
    found = []
    for pattern in (LINK, REFERENCE):
        for match in pattern.finditer(text):
            message = url_message(html.unescape(match.group(1)), written=match.group(1))
            if message:
                found.append((_line_at(text, match.start(1)), message))
    for match in IMAGE.finditer(text):
        message = picture_message(html.unescape(match.group(1)))
        if message:
            found.append((_line_at(text, match.start(1)), message))
    for match in ATTR_LIST.finditer(text):
        owner = f"属性列表“{_shown(match.group(), 30)}”中的"
        for name, value in get_attrs_and_remainder(match.group(1))[0]:
            if name in (".", "id") or not ATTRIBUTE_NAME.match(name):
                continue
            # A bare word in braces may be prose; it is an attribute only on an element, and
            # then the rendered pass reports it. Event attributes and style are reported here.
            if value is None and not name.lower().startswith("on") and name.lower() != "style":
                continue
            # Markdown writes the value with its character entities, which the browser decodes.
            message = attribute_message(owner, name, None if value is None else html.unescape(value))
            if message:
                found.append((_line_at(text, match.start()), message))
    return found


class _Scanner(HTMLParser):
    """Every start tag and its attributes, and each declaration. In the rendered body also each
    '<' + letter that starts no tag html.parser could read: a browser may still read one
    there. (In the source, Markdown shows such a '<' as it is.)"""

    def __init__(self, text: str, rendered: bool):
        super().__init__(convert_charrefs=True)
        self.rendered = rendered
        self.found: list[tuple[int, str | tuple[str, ...], str]] = []  # (line, text(s) to look for, message)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.tags: list[tuple[int, int]] = []  # where each start tag read begins and ends

    @classmethod
    def scan(cls, text: str, rendered: bool = False) -> list[tuple[int, str | tuple[str, ...], str]]:
        scanner = cls(text, rendered)
        for match in DECLARATION.finditer(text):
            written = re.match(r"[^>\n]{0,20}>?", text[match.start():]).group()
            scanner.found.append((_line_at(text, match.start()), written[:10], _declaration_message(written)))
        scanner.feed(DECLARATION.sub(" ", text))
        scanner.close()
        starts = [start for start, _ in scanner.tags]  # in order, and tags do not overlap
        for match in TAG_START.finditer(text) if rendered else ():
            read = bisect.bisect_right(starts, match.start()) - 1  # the last tag read that starts here or before
            if read < 0 or match.start() >= scanner.tags[read][1]:
                snippet = text[match.start():].split("\n")[0][:20]
                scanner.found.append((_line_at(text, match.start()), snippet, _unfinished_message(snippet)))
        return sorted(scanner.found, key=lambda item: item[0])

    def set_cdata_mode(self, *args, **kwargs) -> None:
        """Read what is inside <script> and <style> as HTML too: every tag in it is reported."""

    def handle_starttag(self, tag, attrs) -> None:
        line, column = self.getpos()
        start = self.line_starts[line - 1] + column
        self.tags.append((start, start + len(self.get_starttag_text() or "<")))
        message = tag_message(tag)
        if message:
            self.found.append((line, f"<{tag}", message))
            return  # the element goes as a whole: its attributes need no message of their own
        for name, value in attrs:
            message = attribute_message(f"<{tag}> 的", name, value, self.rendered)
            if message:
                # Rendered, an address is found in the source by itself first: the attribute's
                # name (href) is not written where Markdown made the link.
                self.found.append((line, (value, name) if value else name, message))

    handle_startendtag = handle_starttag


# The rendered body ---------------------------------------------------------------------


def _rendered(body: str) -> list[tuple[str | tuple[str, ...], str]]:
    """(text to look for in the source, message) for each problem in the HTML the site writes."""
    out = COMMENT.sub(lambda m: _blank(m.group()), markdown.markdown(body, extensions=list(BODY_EXTENSIONS)))
    return [(needle, message) for _, needle, message in _Scanner.scan(out, rendered=True)]


def _locate(lines: list[str], needles: str | tuple[str, ...]) -> int:
    """The first line that holds the first of ``needles`` found (any case), else the first line."""
    lowered = [line.lower() for line in lines]
    for needle in (needles,) if isinstance(needles, str) else needles:
        needle = needle.lower()
        found = next((number for number, line in enumerate(lowered, 1) if needle in line), None)
        if needle and found:
            return found
    return 1
