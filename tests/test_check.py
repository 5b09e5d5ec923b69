"""scripts/check.py on the folder of broken method files: one message per mistake, in file:line: field: form."""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import ROOT, build, check, refused, reported

BROKEN = os.path.join("tests", "broken")

# file, line, field (None: the file as a whole), part of the message
EXPECTED = [
    ("missing-fields.md", 1, "name", "缺少“名称”"),
    ("missing-fields.md", 1, "sources", "缺少“来源”"),
    ("unknown-field.md", 3, "catgory", "未知字段“catgory”。是不是“category”？"),
    ("unknown-field.md", 7, "place.comunity", "是不是“community”？"),
    ("wrong-type.md", 8, "practice_since", "应为四位年份，现在是“二〇一五年”"),
    ("wrong-type.md", 9, "lists", "应为列表"),
    ("vocabulary.md", 3, "category", "“优秀工作法”不是可选值。应为“优秀社区工作法”"),
    ("vocabulary.md", 4, "kind", "应为“综合性”"),
    ("vocabulary.md", 5, "themes[0]", "“矛盾调解”不在主题词表"),
    ("province.md", 5, "place.province", "“湖南” 不是省级行政区名称，应为“湖南省”"),
    ("city.md", 6, "place.city", "“武汉市”属于湖北省，不属于湖南省"),
    ("six-missing.md", 17, "characteristics.创新性", "缺少“创新性”"),
    ("six-missing.md", 13, "characteristics.示范性", "缺少“示范性”"),
    ("six-missing.md", 23, "正文", "现在缺：成效、启示"),
    ("six-duplicate.md", 15, "characteristics.民生性", "与“群众性”的说明几乎相同"),
    ("two-years.md", 8, "practice_since", "实践只有 1 年（自 2017 年起），不符合《推广军门社区工作法的通知》“2年以上工作实践”的要求"),
    ("formula-parts.md", 6, "formula.parts", "有 5 位数字，组成部分却有 4 项"),
    ("formula-number.md", 9, "formula.parts[2].number", "第 3 部分的数字是 3，这里却写了 4"),
    ("duplicate-b.md", 2, "name", "与 tests/broken/duplicate-a.md 重复"),
    ("slug/same-slug.md", 1, None, "与 tests/broken/same-slug.md 相同，网址会冲突"),
    ("Bad_Name.md", 1, None, "只能用小写字母、数字和连字符"),
    ("source.md", 13, "sources[0].id", "“mz-2018-43”不在来源表（methodkb/data/sources.yml）中。请从来源表"),  # not 是不是“mz-2018-42”: another document
    ("yaml-syntax.md", 8, None, "如果值本身含有冒号，请给整个值加上英文引号"),
    ("fullwidth-colon.md", 2, "name", "“名称：”用了全角冒号。字段名要写英文“name”"),
    ("tabs.md", 6, None, "此行含制表符（Tab）"),
    ("bom.md", 1, None, "UTF-8 BOM"),
    ("gbk.md", 2, None, "文件是 GBK"),
    ("no-front-matter.md", 1, None, "文件第一行应为三个减号 ---"),
    ("body-heading.md", 16, "正文", "小标题“做法”不在正文模板中"),
    ("pending-without-list.md", 1, "lists", "缺少“入选名单”（完整度为“待补充”时必填）"),
    # Copied out of a PDF (tests/test_characters.py fixes it back into the real method).
    ("pasted.md", 2, None, "名称中的双引号写法不一（半角 \" 与全角 “” 混用"),
    ("pasted.md", 15, None, "名称中的汉字之间有空格"),
    ("pasted.md", 16, None, "零宽空格（U+200B），应删去"),
    ("pasted.md", 17, None, "名称前后有全角空格"),
    ("pasted.md", 21, None, "“⼯”（U+2F2F）应为“工”"),
    ("pasted.md", 34, None, "“⼀”（U+2F00）应为“一”、“⽅”（U+2F45）应为“方”、“⾯”（U+2FAF）应为“面”"),
    ("pasted.md", 35, None, "有繁体字：“讓”应为“让”、“會”应为“会”"),
    ("pasted.md", 36, None, "软连字符（U+00AD）"),
    ("pasted.md", 42, None, "零宽连接符（U+200D）"),
    # Raw HTML and addresses in the body (methodkb/data/raw_html.yml).
    ("raw-html.md", 46, "正文", "正文里不能写 <script>：网页会执行其中的脚本。请删除；要把它当作代码展示，在同一行内用反引号括起来"),
    ("raw-html.md", 48, "正文", "正文里不能写 <iframe>：会把别的网站的网页嵌进本站"),
    ("raw-html.md", 50, "正文", "正文里不能写 <style>：会改变全站的样式和排版"),
    ("raw-html.md", 54, "正文", "<img> 的事件属性 onerror 会在网页上执行脚本。请删除这个属性。"),
    ("raw-html.md", 56, "正文", "链接地址“javascript:alert(1)”以 javascript: 开头，点击时会执行脚本"),
    ("raw-html.md", 58, "正文", "链接地址“javascript:alert(1)”以 javascript: 开头"),
    ("raw-html.md", 61, "正文", "链接地址“JaVa&#115;cript:alert(1)”（去掉其中的大小写变化、字符实体和空白后）以 javascript: 开头"),
    # Bounds declared in schema.yml, lines of the problem itself, and a misnamed file (tests/test_inputs.py has more).
    # A list written by its short name is named with its id; a batch not registered is not taken for another.
    ("list-name.md", 9, "lists[0].list", "“湖南首批”不在名单表（methodkb/data/lists.yml）中。是不是“湖南省全省首批优秀社区工作法（2019）”（编号 hn-2019-1）？"),
    ("list-name.md", 10, "lists[1].list", "“hn-4”不在名单表（methodkb/data/lists.yml）中。请从名单表（methodkb/data/lists.yml）中选择，或先在其中登记。"),
    ("rank-bounds.md", 10, "lists[0].rank", "“名次”应为 1 到 1000 之间的整数，现在是“0”。名单上的序号或名次（从 1 起）"),
    ("rank-bounds.md", 12, "lists[1].rank", "现在是“-3”"),
    ("rank-bounds.md", 14, "lists[2].rank", "现在是“20180012”"),
    ("future-year.md", 8, "practice_since", "“实践起始年份”不能晚于今年（"),
    ("heading-order.md", 24, "正文", "小标题“主要做法”应在“成效”之前。小标题顺序应为：背景、主要做法、成效、启示。"),
    ("quoted-reference.md", 22, "正文", "链接地址“javascript:alert(1)”以 javascript: 开头，点击时会执行脚本"),
    ("notepad.md.txt", 1, None, "文件名以 .md.txt 结尾，网站不会收录这个文件：请把文件改名为“notepad.md”。"),
    # Encodings told by evidence, and YAML and indentation mistakes at their own line
    # (written by tests/test_fix_safety.py, which also runs --fix over this folder).
    ("enc-nul.md", 7, "place.district", "有 1 个看不见的控制字符：空字符（U+0000），应删去。"),
    ("enc-controls.md", 2, "name", "控制字符（U+0001），应删去"),
    ("enc-controls.md", 8, "place.community", "转义符（U+001B）、控制字符（U+0008），应删去"),
    ("enc-big5.md", 2, None, "文件是 Big5（繁体中文）编码，不是 UTF-8。"),
    ("enc-big5.md", 3, "category", "有繁体字：“優”应为“优”、“區”应为“区”"),
    ("enc-utf16le.md", 1, None, "文件是 UTF-16 编码（记事本的“Unicode”）"),
    ("enc-utf16be-bom.md", 1, None, "文件是 UTF-16 编码（记事本的“Unicode”）"),
    ("enc-mixed.md", 6, None, "文件混用了两种编码：此行是 GBK 编码，文件的其余部分是 UTF-8（第 7 行也不是 UTF-8）"),
    ("enc-mixed.md", 7, None, "此行也不是 UTF-8（像是 GBK 编码）：请对照原文重新输入此行的文字。"),
    ("enc-latin1.md", 2, None, "像是西文的 Windows-1252（Latin-1）编码；第一个不是 UTF-8 的字节在此行"),
    ("enc-gbk-or-big5.md", 2, None, "它既能读成简体的 GBK，也能读成繁体的 Big5，无法确定是哪一种"),
    ("fullwidth-indent.md", 6, "place.city", "此行开头的缩进用了全角空格（U+3000，从 Word 粘贴时常带进来）"),
    ("yaml-quote-then-text.md", 11, None, "引号后面却还有文字（YAML 把开头的引号当作括住整个值的符号）"),
]


@pytest.fixture(scope="module")
def output():
    return refused(BROKEN).stdout.splitlines()


@pytest.mark.parametrize("name,line,field,message", EXPECTED, ids=[f"{e[0]}:{e[1]}" for e in EXPECTED])
def test_each_mistake_has_its_message(output, name, line, field, message):
    assert reported(output, "tests/broken", name, line, field, message), "\n".join(output)


def test_every_file_in_the_folder_is_reported(output):
    files = {os.path.relpath(os.path.join(folder, n), BROKEN)
             for folder, _, names in os.walk(os.path.join(ROOT, BROKEN)) for n in names if n.endswith((".md", ".md.txt"))}
    reported = {line.split(":", 1)[0].removeprefix("tests/broken/") for line in output if ":" in line}
    assert files - {"duplicate-a.md", "same-slug.md"} <= reported


def test_summary_counts_files_and_errors(output):
    # Every .md file; notepad.md.txt is reported, not read, and not counted.
    count = sum(n.endswith(".md") for _, _, names in os.walk(os.path.join(ROOT, BROKEN)) for n in names)
    assert count >= 31
    assert output[-1].startswith(f"检查了 {count} 个方法文件：")
    assert "个错误" in output[-1]


@pytest.mark.parametrize("name", sorted({e[0] for e in EXPECTED} - {"duplicate-b.md", "slug/same-slug.md"}))
def test_a_single_broken_file_fails_on_its_own(name):
    refused(os.path.join(BROKEN, name))


def test_allowed_html_and_code_in_a_body_are_not_reported(output):
    # raw-html.md: a <span class>, a table, `<script>` in backticks, and ``` and ~~~ code blocks
    # holding <script>, an onerror and a javascript: address; only the seven mistakes above.
    rows = [row for row in output if row.startswith("tests/broken/raw-html.md:")]
    assert sorted(int(row.split(":")[1]) for row in rows) == [46, 48, 50, 54, 56, 58, 61], "\n".join(rows)


def test_the_build_refuses_raw_html_and_writes_no_site(tmp_path):
    methods = tmp_path / "methods"
    methods.mkdir()
    shutil.copy(os.path.join(ROOT, BROKEN, "raw-html.md"), methods)
    result = build(tmp_path / "site", methods_dir=methods)
    assert result.returncode != 0
    log = result.stdout + result.stderr
    assert "Traceback" not in log
    assert f"{methods / 'raw-html.md'}:54: 正文: <img> 的事件属性 onerror 会在网页上执行脚本" in log
    assert "方法文件未通过检查" in log
    assert not (tmp_path / "site").exists()


def test_the_real_methods_pass():
    result = check()
    assert result.returncode == 0, result.stdout
    assert "全部通过" in result.stdout


def test_a_missing_path_is_reported_not_raised():
    result = check("methods/no-such-file.md")
    assert result.returncode == 1
    assert "找不到这个文件或目录" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_build_fails_on_broken_files_with_the_same_messages(tmp_path):
    result = build(tmp_path / "site", methods_dir=os.path.join(ROOT, BROKEN))
    assert result.returncode != 0
    log = result.stdout + result.stderr
    assert "Traceback" not in log
    assert "tests/broken/province.md:5: place.province: “湖南” 不是省级行政区名称，应为“湖南省”" in log
    assert "方法文件未通过检查" in log
    assert not (tmp_path / "site" / "index.html").exists()


def _write_method(folder, slug, community, city="长沙市", district="天心区"):
    text = open(os.path.join(ROOT, BROKEN, "duplicate-a.md"), encoding="utf-8").read()
    text = text.replace("重复", community).replace("list: hn-3", "list: mz-2018-youxiu")
    text = text.replace("长沙市", city).replace("天心区", district)
    (folder / f"{slug}.md").write_text(text, encoding="utf-8")


def test_quota_overruns_are_warnings_not_errors(tmp_path):
    # Four entries from one city on the national list: over the 3-per-city quota ("原则上").
    for index, name in enumerate(["甲", "乙", "丙", "丁"]):
        _write_method(tmp_path, f"quota-{index}", f"名额{name}")
    result = check(str(tmp_path))
    assert result.returncode == 0, result.stdout
    assert str(tmp_path) in result.stdout  # a path outside the repository is shown in full
    warnings = [l for l in result.stdout.splitlines() if ": 警告：" in l]
    assert len(warnings) == 1, result.stdout
    assert "湖南省长沙市已有 4 个" in warnings[0]
    assert "原则上每个地市不超过 3 个" in warnings[0]


def test_quota_per_province(tmp_path):
    cities = [("长沙市", "天心区"), ("湘潭市", "雨湖区"), ("株洲市", "天元区"),
              ("衡阳市", "石鼓区"), ("岳阳市", "岳阳楼区"), ("常德市", "武陵区")]
    for index, (city, district) in enumerate(cities):
        _write_method(tmp_path, f"province-{index}", f"名额{index}", city, district)
    result = check(str(tmp_path))
    assert result.returncode == 0, result.stdout
    assert "湖南省已有 6 个" in result.stdout
    assert "原则上每个省不超过 5 个" in result.stdout


def test_historical_place_names_are_accepted(tmp_path):
    source = os.path.join(ROOT, "methods")
    shutil.copytree(source, tmp_path / "methods")
    names = open(tmp_path / "methods" / "guangdong" / "guangming-shequjijinhui.md", encoding="utf-8").read()
    assert "光明新区" in names
    assert check(str(tmp_path / "methods")).returncode == 0


def test_a_quota_warning_does_not_fail_the_strict_build(tmp_path):
    methods = tmp_path / "methods"
    shutil.copytree(os.path.join(ROOT, "methods"), methods)
    for index, name in enumerate(["甲", "乙", "丙", "丁"]):
        _write_method(methods, f"quota-{index}", f"名额{name}")
    result = build(tmp_path / "site", methods_dir=methods, quiet=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "警告：“全国优秀社区工作法（2018年公布100个）”中湖南省长沙市已有 4 个" in result.stdout + result.stderr


def test_help_and_usage_errors_are_in_chinese():
    from conftest import run
    import sys

    help_text = run(sys.executable, "scripts/check.py", "--help").stdout
    assert help_text.startswith("用法：python scripts/check.py")
    assert "显示本说明并退出" in help_text
    wrong = run(sys.executable, "scripts/check.py", "--bogus")
    assert wrong.returncode == 2
    assert "错误：无法识别的参数：--bogus" in wrong.stderr


def test_a_fullwidth_colon_in_text_is_not_a_field():
    # “社区：” inside a list of text and inside a >- block is text; “id：” in a list item is a field.
    result = check("tests/cases/fullwidth-colon-in-text.md")
    errors = [l for l in result.stdout.splitlines() if l.startswith("tests/")]
    assert errors == ["tests/cases/fullwidth-colon-in-text.md:26: id: “id：”用了全角冒号。字段名后接半角冒号和一个空格，写作“id: ”。运行 python scripts/check.py --fix 可自动改正。"]
