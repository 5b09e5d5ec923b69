"""Inputs the check used to let through or place wrongly (issue 16): numbers out of their
declared bounds, files found beside the method files that are not what they seem (links out
of the folder, x.md.txt and kin), and the line of a misplaced heading or a quoted link."""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import ROOT, build, check
from methodkb.checks import books
from methodkb.checks import loading
from methodkb.site import indexes
from methodkb.checks import rawhtml
from methodkb.checks import schema
from methodkb.model.registry import Registry

REGISTRY = Registry.load()
JUNMEN = os.path.join(ROOT, "methods", "fujian", "junmen-13335.md")
TWO_YEARS = os.path.join(ROOT, "tests", "broken", "two-years.md")


def _messages(result) -> list[str]:
    return [p.format() for p in result.problems]


def _method(folder, name="m.md", practice_since=None, rank=None):
    """A method file that passes, with the practice year and the rank given, in ``folder``."""
    text = open(TWO_YEARS, encoding="utf-8").read().replace("practice_since: 2017\n", "")
    text = text.replace("list: mz-2018-youxiu", "list: hn-3")
    if practice_since is not None:
        text = text.replace("lists:\n", f"practice_since: {practice_since}\nlists:\n")
    if rank is not None:
        text = text.replace("  - list: hn-3\n", f"  - list: hn-3\n    rank: {rank}\n")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# Bounds from schema.yml -----------------------------------------------------------------


def test_every_declared_bound_is_a_number_or_the_current_year():
    for fields in (REGISTRY.fields, REGISTRY.book_schema["fields"]):
        for row in schema.field_rows(fields):
            for key in ("min", "max"):
                if key in row:
                    assert isinstance(schema.bound(row, key), int), (row["key"], row[key])


def test_the_rank_and_the_year_have_bounds_declared_in_the_schema():
    rank = REGISTRY.fields["lists"]["item"]["fields"]["rank"]
    assert (rank["min"], rank["max"]) == (1, 1000)
    assert REGISTRY.fields["practice_since"]["max"] == schema.CURRENT_YEAR


@pytest.mark.parametrize("rank", [1, 11, 1000])
def test_a_rank_within_bounds_passes(tmp_path, rank):
    _method(tmp_path, rank=rank)
    assert _messages(loading.load([str(tmp_path)], str(tmp_path), REGISTRY)) == []


@pytest.mark.parametrize("rank", [0, -1, 1001, 10**12])
def test_a_rank_out_of_bounds_is_an_error_that_says_what_to_write(tmp_path, rank):
    _method(tmp_path, rank=rank)
    result = loading.load([str(tmp_path)], str(tmp_path), REGISTRY)
    assert _messages(result) == [f"m.md:10: lists[0].rank: “名次”应为 1 到 1000 之间的整数，现在是“{rank}”。"
                                 "名单上的序号或名次（从 1 起），来源写明时填写。"]
    assert result.errors
    # Dropped once reported: the list pages never rank a method 0th.
    assert result.methods[0].meta["lists"][0].get("rank") is None


def test_this_year_passes_and_next_year_is_an_error(tmp_path):
    year = schema.this_year()
    _method(tmp_path, "now.md", practice_since=year)
    _method(tmp_path, "next.md", practice_since=year + 1).write_text(
        (tmp_path / "next.md").read_text(encoding="utf-8").replace("示例辛", "示例酉"), encoding="utf-8")
    result = loading.load([str(tmp_path)], str(tmp_path), REGISTRY)
    assert _messages(result) == [
        f"next.md:8: practice_since: “实践起始年份”不能晚于今年（{year} 年），现在是 {year + 1}：不能填将来的年份。"
        "这一做法开始实践的年份，来源写明时填写；用于核对“2年以上工作实践”的要求。"]


def test_the_current_year_is_read_from_the_clock_at_check_time(tmp_path, monkeypatch):
    _method(tmp_path, practice_since=2021)
    assert _messages(loading.load([str(tmp_path)], str(tmp_path), REGISTRY)) == []
    monkeypatch.setattr(schema, "this_year", lambda: 2020)
    messages = _messages(loading.load([str(tmp_path)], str(tmp_path), REGISTRY))
    assert len(messages) == 1 and "不能晚于今年（2020 年），现在是 2021" in messages[0], messages


def test_a_future_year_gives_no_second_message_about_years_of_practice(tmp_path):
    # On a list with a rule of 2 years' practice, 2105 would give "-87 years": only the bound is reported.
    path = _method(tmp_path, practice_since=2105)
    path.write_text(path.read_text(encoding="utf-8").replace("list: hn-3", "list: mz-2018-youxiu"), encoding="utf-8")
    messages = _messages(loading.load([str(tmp_path)], str(tmp_path), REGISTRY))
    assert len(messages) == 1 and "不能晚于今年" in messages[0], messages


@pytest.mark.parametrize("year,message", [(1900, "“1900”早于 1949 年，不是合理的实践起始年份"),
                                          (215, "“215”不是四位年份，应为四位数字，例如 2015")])
def test_a_year_too_early_or_not_four_digits(tmp_path, year, message):
    _method(tmp_path, practice_since=year)
    messages = _messages(loading.load([str(tmp_path)], str(tmp_path), REGISTRY))
    assert len(messages) == 1 and messages[0].startswith("m.md:8: practice_since: ") and message in messages[0], messages


# Files found beside the method files ---------------------------------------------------


@pytest.fixture
def folder(tmp_path):
    """methods/ with one good method, and a method file outside it."""
    methods = tmp_path / "methods"
    methods.mkdir()
    shutil.copy(JUNMEN, methods / "junmen-13335.md")
    outside = tmp_path / "outside"
    outside.mkdir()
    _method(outside, "secret.md")
    return methods


def _load(methods, *paths):
    return loading.load([str(p) for p in paths] or [str(methods)], str(methods.parent), REGISTRY)


def test_a_link_out_of_the_folder_is_reported_and_not_read(folder):
    (folder / "secret.md").symlink_to(folder.parent / "outside" / "secret.md")
    result = _load(folder)
    target = folder.parent / "outside" / "secret.md"
    assert _messages(result) == [f"methods/secret.md:1: 这是指向检查范围之外（{target}）的链接，没有读取，也不会发布。"
                                 "请删除这个链接，把文件本身放进这个文件夹。"]
    assert [m.slug for m in result.methods] == ["junmen-13335"]
    assert result.errors
    assert str(folder / "secret.md") not in loading.find_files([str(folder)])  # nor given to --fix


def test_a_link_named_on_its_own_out_of_the_checkout_is_not_read(folder):
    (folder / "secret.md").symlink_to(folder.parent / "outside" / "secret.md")
    result = loading.load([str(folder / "secret.md")], str(folder), REGISTRY)
    assert result.methods == [] and len(result.errors) == 1
    assert "指向检查范围之外" in result.errors[0].message


def test_check_py_on_a_link_named_on_its_own_reports_it(folder):
    # Not read, and not taken for "no method files named" (which would check methods/ instead).
    (folder / "secret.md").symlink_to(folder.parent / "outside" / "secret.md")
    result = check(str(folder / "secret.md"))
    assert result.returncode == 1, result.stdout
    assert result.stdout.splitlines() == [
        f"{folder / 'secret.md'}:1: 这是指向检查范围之外（{folder.parent / 'outside' / 'secret.md'}）的链接，"
        "没有读取，也不会发布。请删除这个链接，把文件本身放进这个文件夹。",
        "检查了 0 个方法文件：1 个错误，0 个警告。"]


def test_a_file_named_through_a_folder_link_out_of_the_checkout_is_not_read(folder):
    (folder / "away").symlink_to(folder.parent / "outside", target_is_directory=True)
    result = loading.load([str(folder / "away" / "secret.md")], str(folder), REGISTRY)
    assert _messages(result) == [
        f"away/secret.md:1: 这个文件经由文件夹链接实际位于检查范围之外（{folder.parent / 'outside' / 'secret.md'}），"
        "没有读取，也不会发布。请删除那个文件夹链接，把文件本身放进来。"]
    assert result.methods == []


def test_a_link_within_the_folder_is_read(folder):
    # Its text is in the checkout like any file's, and the check reads what the build would publish.
    (folder / "fujian").mkdir()
    os.rename(folder / "junmen-13335.md", folder / "fujian" / "junmen-13335.md")
    (folder / "junmen.md").symlink_to(os.path.join("fujian", "junmen-13335.md"))
    result = _load(folder)
    assert sorted(m.slug for m in result.methods) == ["junmen", "junmen-13335"]
    # The same method twice: reported as any copy is.
    assert any("重复" in m for m in _messages(result)), _messages(result)


def test_folder_links_out_and_back_are_reported(folder):
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "away").symlink_to(folder.parent / "outside", target_is_directory=True)
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..", target_is_directory=True)
    result = _load(folder)
    assert _messages(result) == [
        f"methods/away:1: 这是指向检查范围之外（{folder.parent / 'outside'}）的文件夹链接，其中的文件没有检查，也不会发布。"
        "请删除这个链接，把文件本身放进这个文件夹。",
        f"methods/loop:1: 这个文件夹链接指回它所在的文件夹（{folder}），会无限循环，没有读取。请删除这个链接。",
        f"methods/sub/up:1: 这个文件夹链接指回它所在的文件夹（{folder}），会无限循环，没有读取。请删除这个链接。",
    ]
    assert [m.slug for m in result.methods] == ["junmen-13335"]


def test_a_link_to_itself_and_a_link_to_nothing(folder):
    (folder / "self.md").symlink_to("self.md")
    (folder / "gone.md").symlink_to("moved-away.md")
    assert _messages(_load(folder)) == [
        "methods/gone.md:1: 无法读取文件：文件不存在（也许是指向别处的链接已失效）。",
        "methods/self.md:1: 这个链接绕回了自己（循环链接），没有读取。请删除这个链接。",
    ]


def test_a_pipe_named_like_a_method_is_not_read(folder):
    # Opening it would wait for ever.
    os.mkfifo(folder / "pipe.md")
    assert _messages(_load(folder)) == ["methods/pipe.md:1: “pipe.md”不是普通文件（而是管道、设备等），没有读取。请删除它，换成文本文件。"]


@pytest.mark.parametrize("name,message", [
    ("x.md.txt", "文件名以 .md.txt 结尾，网站不会收录这个文件：请把文件改名为“x.md”。"),
    ("x.MD", "文件名以 .MD 结尾，网站不会收录这个文件：请把文件改名为“x.md”。"),
    ("x.Md.TXT", "文件名以 .Md.TXT 结尾，网站不会收录这个文件：请把文件改名为“x.md”。"),
    ("x.markdown", "文件名以 .markdown 结尾，网站不会收录这个文件：请把文件改名为“x.md”。"),
    ("x.md ", "文件名末尾有空格，网站不会收录这个文件：请把文件改名为“x.md”。"),
    ("junmen-13335.md.txt", "文件名以 .md.txt 结尾，网站不会收录这个文件；同一文件夹里已有“junmen-13335.md”。"
                            "请核对两个文件，把要保留的内容放进“junmen-13335.md”，删去这个文件。"),
])
def test_a_misnamed_method_file_is_reported(folder, name, message):
    shutil.copy(TWO_YEARS, folder / name)
    result = _load(folder)
    assert _messages(result) == [f"methods/{name}:1: {message}"]
    assert [m.slug for m in result.methods] == ["junmen-13335"]


def test_other_files_beside_the_methods_are_left_alone(folder):
    for name in ("notes.txt", "photo.jpg", "x.mdx", "x.md.bak"):
        (folder / name).write_text("不是方法文件", encoding="utf-8")
    assert _messages(_load(folder)) == []


def test_a_misnamed_file_named_on_its_own_is_read_as_well(folder):
    # The editor pointed at it: every message about it in one run, under the name it should have.
    path = folder / "x.md.txt"
    shutil.copy(TWO_YEARS, path)
    result = _load(folder, path)
    assert _messages(result)[0] == "methods/x.md.txt:1: 文件名以 .md.txt 结尾，网站不会收录这个文件：请把文件改名为“x.md”。"
    assert "实践只有 1 年" in _messages(result)[1] and len(result.problems) == 2
    assert [m.slug for m in result.methods] == ["x"]


def test_check_py_reports_them_and_fix_writes_nothing_through_a_link(folder):
    target = folder.parent / "outside" / "secret.md"
    before = b"\xef\xbb\xbf" + target.read_bytes()  # a BOM: --fix would remove it, if it went there
    target.write_bytes(before)
    (folder / "secret.md").symlink_to(target)
    shutil.copy(TWO_YEARS, folder / "x.md.txt")
    result = check("--fix", str(folder))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{folder / 'secret.md'}:1: 这是指向检查范围之外（{target}）的链接" in result.stdout
    assert f"{folder / 'x.md.txt'}:1: 文件名以 .md.txt 结尾" in result.stdout
    assert target.read_bytes() == before and (folder / "secret.md").is_symlink()


def test_the_build_fails_on_a_link_out_and_a_misnamed_file(folder, tmp_path):
    (folder / "secret.md").symlink_to(tmp_path / "outside" / "secret.md")
    shutil.copy(TWO_YEARS, folder / "x.md.txt")
    result = build(tmp_path / "site", methods_dir=folder)
    log = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in log
    assert f"{folder / 'secret.md'}:1: 这是指向检查范围之外（{tmp_path / 'outside' / 'secret.md'}）的链接" in log
    assert f"{folder / 'x.md.txt'}:1: 文件名以 .md.txt 结尾" in log
    assert not (tmp_path / "site").exists()


# Collections --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def methods():
    result = loading.load([os.path.join(ROOT, "methods")], ROOT, REGISTRY)
    return result, indexes.entries(result)


@pytest.fixture
def shelf(tmp_path):
    """A collections folder with one good book, and a book outside it."""
    folder = tmp_path / "collections"
    folder.mkdir()
    shutil.copy(os.path.join(ROOT, "collections", sorted(os.listdir(os.path.join(ROOT, "collections")))[0]), folder)
    (tmp_path / "outside.yml").write_text((folder / os.listdir(folder)[0]).read_text(encoding="utf-8"), encoding="utf-8")
    return folder


@pytest.mark.parametrize("name,message", [
    ("x.yml.txt", "文件名以 .yml.txt 结尾，网站不会收录这个文件：请把文件改名为“x.yml”。"),
    ("x.yaml.txt", "文件名以 .yaml.txt 结尾，网站不会收录这个文件：请把文件改名为“x.yaml”。"),
    ("x.YML", "文件名以 .YML 结尾，网站不会收录这个文件：请把文件改名为“x.yml”。"),
    ("x.yml ", "文件名末尾有空格，网站不会收录这个文件：请把文件改名为“x.yml”。"),
])
def test_a_misnamed_collection_is_reported(shelf, methods, name, message):
    (shelf / name).write_text("title: 无\n", encoding="utf-8")
    found, problems = books.load([str(shelf)], *methods, str(shelf.parent))
    assert [p.format() for p in problems] == [f"collections/{name}:1: {message}"]
    assert len(found) == 1


def test_a_collection_linked_from_outside_is_not_read(shelf, methods):
    (shelf / "secret.yml").symlink_to(shelf.parent / "outside.yml")
    found, problems = books.load([str(shelf)], *methods, str(shelf.parent))
    assert [p.format() for p in problems] == [
        f"collections/secret.yml:1: 这是指向检查范围之外（{shelf.parent / 'outside.yml'}）的链接，没有读取，也不会发布。"
        "请删除这个链接，把文件本身放进这个文件夹。"]
    assert len(found) == 1


def test_check_py_reports_a_collection_problem_found_in_a_folder(shelf):
    # check.py hands books.load the files books.find_files found: the problems travel with them.
    (shelf / "secret.yml").symlink_to(shelf.parent / "outside.yml")
    (shelf / "x.yml.txt").write_text("title: 无\n", encoding="utf-8")
    result = check(str(shelf))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{shelf / 'secret.yml'}:1: 这是指向检查范围之外" in result.stdout
    assert f"{shelf / 'x.yml.txt'}:1: 文件名以 .yml.txt 结尾" in result.stdout


@pytest.mark.parametrize("name", ["x.yml.txt", "x.YML"])
def test_check_py_checks_a_misnamed_collection_named_on_its_own_as_a_collection(shelf, name):
    good = shelf / os.listdir(shelf)[0]
    (shelf / name).write_text(good.read_text(encoding="utf-8"), encoding="utf-8")
    good.unlink()
    result = check(str(shelf / name))
    assert result.returncode == 1
    assert f"{shelf / name}:1: 文件名以 {name[1:]} 结尾，网站不会收录这个文件：请把文件改名为“x.yml”。" in result.stdout
    assert "文件第一行应为三个减号" not in result.stdout and "会成为网址" not in result.stdout, result.stdout
    assert "1 个选编文件" in result.stdout


# Lines ----------------------------------------------------------------------------------


def _body_problems(tmp_path, body: str) -> list[tuple[int, str]]:
    text = open(JUNMEN, encoding="utf-8").read()
    header = text[: text.index("\n---", 4) + 5]
    (tmp_path / "m.md").write_text(header + body, encoding="utf-8")
    result = loading.load([str(tmp_path)], str(tmp_path), REGISTRY)
    first = header.count("\n") + 1
    return [(p.line - first + 1, p.message) for p in result.problems if p.field == "正文"]


def test_headings_out_of_order_are_reported_at_the_first_misplaced_one(tmp_path):
    body = "## 启示\n\n甲。\n\n## 背景\n\n乙。\n\n## 主要做法\n\n丙。\n\n## 成效\n\n丁。\n"
    assert _body_problems(tmp_path, body) == [
        (5, "小标题“背景”应在“启示”之前。小标题顺序应为：背景、主要做法、成效、启示。")]


def test_headings_in_order_with_one_missing_are_in_order(tmp_path):
    body = "## 背景\n\n甲。\n\n## 成效\n\n丙。\n\n## 启示\n\n丁。\n"
    assert not [m for _, m in _body_problems(tmp_path, body) if "顺序" in m]


@pytest.mark.parametrize("body,line", [
    ("第一行。\n\n> 引文，\n> [x]: javascript:alert(1)\n", 4),
    ("第一行。\n\n> > 引文中的引文\n> > [x]: javascript:alert(1)\n\n看[这里][x]。\n", 4),
    ("第一行。\n\n> [x]:\n> javascript:alert(1)\n\n看[这里][x]。\n", 4),
    ("第一行。\n\n>[x]: javascript:alert(1)\n", 3),
    ("第一行。\n\n- 一项\n- [x]: javascript:alert(1)\n\n看[这里][x]。\n", 4),
    ("第一行。\n\n1. 一项\n\n    [x]: javascript:alert(1)\n\n看[这里][x]。\n", 5),
])
def test_a_reference_definition_inside_a_quote_or_a_list_is_reported_at_its_line(body, line):
    assert [found for found, _ in rawhtml.problems(body)] == [line]


def test_an_address_found_only_in_the_rendered_body_is_placed_by_the_address(tmp_path):
    # A code span inside a raw <div> is not code; the line naming "href" above it is not the place.
    body = "链接写在 href 属性里。\n\n<div>\n`<a href=\"javascript:alert(1)\">点这里</a>`\n</div>\n"
    assert [line for line, _ in rawhtml.problems(body)] == [4]


def test_the_broken_examples_are_reported_at_their_lines():
    result = check("tests/broken/heading-order.md", "tests/broken/quoted-reference.md")
    rows = [r for r in result.stdout.splitlines() if r.startswith("tests/")]
    assert rows == [
        "tests/broken/heading-order.md:24: 正文: 小标题“主要做法”应在“成效”之前。小标题顺序应为：背景、主要做法、成效、启示。",
        "tests/broken/quoted-reference.md:22: 正文: 链接地址“javascript:alert(1)”以 javascript: 开头，点击时会执行脚本。"
        "请删除这个链接；要链接网页，写 https:// 开头的网址。",
    ]
