"""Raw HTML and addresses in method bodies (methodkb/rawhtml.py): what is reported, on which
line, what is not, and that what passes renders, with the site's Markdown, to safe HTML."""

from __future__ import annotations

import os

import markdown
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from methodkb.checks import rawhtml

# body, line (within the body), part of the message
REPORTED = [
    ("正文\n\n<script>alert(1)</script>\n", 3, "正文里不能写 <script>：网页会执行其中的脚本"),
    ("<SCRIPT SRC=//example.com/x.js></SCRIPT>", 1, "正文里不能写 <script>"),
    ('<iframe src="https://example.com/"></iframe>', 1, "正文里不能写 <iframe>"),
    ("<style>body { display: none }</style>", 1, "正文里不能写 <style>"),
    ("<svg><a href='#'>x</a></svg>", 1, "正文里不能写 <svg>"),
    ('<form action="https://example.com/"><input name="x"></form>', 1, "正文里不能写 <form>"),
    ("<marquee>滚动</marquee>", 1, "正文里不能用 <marquee> 标签"),
    ("<img src=x onerror=alert(1)>", 1, "<img> 的事件属性 onerror 会在网页上执行脚本。请删除这个属性。"),
    ("<img/src=x/onerror=alert(1)>\n<a/onclick=alert(1)>x</a>", 2, "<a> 的事件属性 onclick"),
    ('<p style="position:fixed">x</p>', 1, "<p> 的 style 属性会改变网页的样式"),
    ('<a href="https://example.com/" target="_blank">x</a>', 1, "<a> 的属性 target 不能用，可用的属性只有：class、id"),
    ('<a href="javascript:alert(1)">x</a>', 1, "链接地址“javascript:alert(1)”以 javascript: 开头"),
    ('<a href="javascript&colon;alert(1)">x</a>', 1, "以 javascript: 开头"),
    ('<a href="jav&#x09;ascript:alert(1)">x</a>', 1, "（去掉其中的大小写变化、字符实体和空白后）以 javascript: 开头"),
    ('<a href=" VBScript:msgbox(1)">x</a>', 1, "以 vbscript: 开头"),
    ('<img src="data:text/html;base64,PHNjcmlwdD4=">', 1, "图片地址“data:text/html;base64,PHNjcmlwdD4=”以 data: 开头"),
    ("文字\n[点这里](javascript:alert(1))", 2, "链接地址“javascript:alert(1)”以 javascript: 开头"),
    ("![图](javascript:alert(1))", 1, "以 javascript: 开头"),
    ('<img src="https://example.com/a.png" alt="图">', 1, "<img> 的图片地址“https://example.com/a.png”指向别的网站"),
    ("文字\n\n![图](//example.com/a.png)", 3, "图片地址“//example.com/a.png”指向别的网站"),
    ("[点这里](<javascript:alert(1)>)", 1, "以 javascript: 开头"),
    ("[点这里](java\nscript:alert(1))", 1, "以 javascript: 开头"),
    ("[点这里][x]\n\n[x]: JaVa&#115;cript:alert(1)", 3, "链接地址“JaVa&#115;cript:alert(1)”"),
    ("[点这里][x]\n\n[x]:\n  javascript:alert(1)", 4, "以 javascript: 开头"),
    ("<javascript://%0aalert(1)>", 1, "以 javascript: 开头"),
    ("[下载](ftp://example.com/a.doc)", 1, "以 ftp: 开头，正文里的地址只能以 http:、https:、mailto:、tel: 开头"),
    ('![图](a.png){: onerror="alert(1)" }', 1, "属性列表“{: onerror=\"alert(1)\" }”中的事件属性 onerror"),
    ("段落\n{: style=\"color:red\" }", 2, "style 属性会改变网页的样式"),
    ("## 背景 {: onclick=alert(1) }", 1, "事件属性 onclick"),
    ('```{ .py onclick="alert(1)" }\ncode\n```', 1, "事件属性 onclick"),
    ("<!-- --!><script>alert(1)</script> -->", 1, "正文里不能写 <script>"),
    ("文字 <!-- 没有结束\n\n<b>粗</b>", 1, "注释 <!-- 没有用 --> 结束"),
    ("<![CDATA[ > <script>alert(1)</script> ]]>", 1, "这样的声明或指令"),
    ("<!DOCTYPE html>", 1, "这样的声明或指令"),
    # Not code where the site renders it: a code span inside a raw HTML block, a fence indented
    # into a list (an inline code span there), a fence that never closes.
    ("<div>\n`<script>alert(1)</script>`\n</div>", 2, "正文里不能写 <script>"),
    ("文字\n\n```\n<script>alert(1)</script>\n", 4, "正文里不能写 <script>"),
    ("段落\n{: foo }", 2, "<p> 的属性 foo 不能用"),
    ("<a\x00 onclick=alert(1)>x</a>", 1, "写法不规范的 HTML 标签"),
]

ALLOWED = [
    '<span class="note">注</span>，<strong>强调</strong>，<abbr title="社区">社</abbr>',
    "<table>\n  <tr><th>甲</th><td colspan=\"2\" rowspan=\"1\">乙</td></tr>\n</table>",
    '<details markdown="1"><summary>展开</summary>\n\n**内容**\n\n</details>',
    '<ruby>社<rt>shè</rt></ruby><br><hr><img src="../img/a.png" alt="图" width="300">',
    "在正文中写 `<script>` 会被检查出来，`<img src=x onerror=alert(1)>` 也是。",
    "代码块：\n\n```\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n```\n",
    "代码块：\n\n~~~html\n<iframe src=\"javascript:alert(1)\"></iframe>\n~~~\n",
    "<!-- 写完后删去这一行。<script>alert(1)</script> -->",
    "[本站](../methods/) [锚点](#背景) [网站](https://www.mca.gov.cn/) [邮件](mailto:a@example.com) [电话](tel:12345)",
    "<https://www.mca.gov.cn/> 和 <someone@example.com>",
    "人数 < 50，x <y 成立；a<b 时；用大括号{某某}写的话",
    "| 甲 | 乙 |\n|:--|--:|\n| 1 | 2 |\n",
    '!!! note "说明"\n    正文 [链接](https://example.com/)\n',
    "## 背景 {: #beijing .lead }\n\n段落\n{: .note }",
    '<span title="<b>不是标签</b>">悬停</span>',
    "# 一级标题\n\n正文 &lt;script&gt; 是文字。",
]


@pytest.mark.parametrize("body,line,message", REPORTED, ids=[repr(case[0][:30]) for case in REPORTED])
def test_each_unsafe_body_is_reported_on_its_line(body, line, message):
    found = rawhtml.problems(body)
    assert any(number == line and message in text for number, text in found), found


@pytest.mark.parametrize("body", ALLOWED, ids=[repr(body[:30]) for body in ALLOWED])
def test_allowed_html_and_code_are_not_reported(body):
    assert rawhtml.problems(body) == []


@pytest.mark.parametrize("body", ALLOWED, ids=[repr(body[:30]) for body in ALLOWED])
def test_what_passes_renders_to_safe_html(body):
    # The check's second pass, on the HTML the site's Markdown writes: nothing unsafe in it.
    assert rawhtml._rendered(body) == []
    soup = BeautifulSoup(markdown.markdown(body, extensions=list(rawhtml.BODY_EXTENSIONS)), "html.parser")
    assert not soup.find_all(["script", "iframe", "style"])
    assert not [name for tag in soup.find_all(True) for name in tag.attrs if name.startswith("on") or (name == "style"
                and not tag.attrs[name].startswith("text-align"))]


def test_the_body_is_checked_with_the_site_s_markdown_extensions():
    from mkdocs.config import load_config

    config = load_config(os.path.join(ROOT, "mkdocs.yml"))
    # toc only adds ids and heading anchors; everything else renders the body on the site and in the books.
    assert set(config.markdown_extensions) - {"toc"} == set(rawhtml.BODY_EXTENSIONS)


def test_lines_count_from_the_top_of_the_file(tmp_path):
    # rules adds the body's first line: the message carries the line in the file.
    text = open(os.path.join(ROOT, "methods", "hunan", "yuntang-sixiaosida.md"), encoding="utf-8").read()
    (tmp_path / "yuntang.md").write_text(text + "\n<iframe src=\"https://example.com/\"></iframe>\n", encoding="utf-8")
    from methodkb.checks import loading

    result = loading.load([str(tmp_path)], str(tmp_path))
    line = len(text.split("\n")) + 1
    assert [(p.line, p.field) for p in result.problems] == [(line, "正文")], [p.format() for p in result.problems]


def test_the_allow_list_is_data():
    rules = rawhtml.rules()
    assert {"script", "iframe", "style", "object", "embed", "form", "input", "link", "meta", "base", "svg", "math"} \
        <= set(rules.forbidden)
    assert not set(rules.forbidden) & set(rules.tags)
    assert "style" not in rules.attributes and not any(a.startswith("on") for a in rules.attributes)
    assert set(rules.schemes) == {"http", "https", "mailto", "tel"}


# Pieces of HTML, Markdown and disguises, for bodies made at random.
PIECES = ["<", ">", "</", "<!", "<!--", "-->", "--!>", "<?", "<![CDATA[", "]]>", "`", "```", "~~~", "\n", " ", "=", '"',
          "'", "script", "img", "a", "div", " onerror=", " href=", "javascript:", "&#115;", "&colon;", "{:", "}", "[", "](",
          "]:", ")", "(", "x", "社区", "\x00", "\t", "\\", "@", "://", " markdown", "!!! note", "    ", "|", "-", "<![<", "<!x", "<?x", "</x"]


def test_any_body_is_checked_without_raising_and_what_passes_renders_safe_html():
    hypothesis = pytest.importorskip("hypothesis")
    strategies = hypothesis.strategies

    @hypothesis.settings(max_examples=2000, deadline=None, suppress_health_check=list(hypothesis.HealthCheck))
    @hypothesis.given(strategies.lists(strategies.sampled_from(PIECES), max_size=40).map("".join))
    def check(body):
        if not rawhtml.problems(body):
            assert rawhtml._rendered(body) == [], body

    check()


def test_thousands_of_unclosed_comments_are_one_message():
    # Each "<!--" used to start a scan to the end of the body: quadratic. Now an unclosed
    # comment runs to the end, as in a browser, and is reported once.
    body = "## 背景\n\n" + "文字 <!-- 没有结束\n" * 20_000
    assert rawhtml.problems(body) == [(3, rawhtml.UNCLOSED_COMMENT)]


def test_a_picture_from_elsewhere_is_reported_with_the_other_problems_in_one_run():
    body = '<p onclick="alert(1)">点我</p>\n\n![图](https://example.com/a.png)\n'
    assert [line for line, _ in rawhtml.problems(body)] == [1, 3]
