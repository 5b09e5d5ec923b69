"""``check.py --fix`` does the mechanical fixes its messages describe (issue: tabs, full-width
colons, names pasted from Excel in two lines), and only where they are certain.

Each test writes a real method with one mistake, checks that the check reports it (pointing to
``--fix`` when the fix is certain), runs the fix, and holds the result to the exact text meant:
the method as it was before the mistake, every other byte as the editor wrote it. Where the fix
is not certain, the file stays byte for byte as it was and the fix says why.
"""

from __future__ import annotations

import os
import sys

import pytest

from conftest import ROOT, run
from methodkb.checks import characters
from methodkb.checks import decoding
from methodkb.checks import fixing
from methodkb.checks import layout
from methodkb.checks import loading
from methodkb.model.registry import Registry

REGISTRY = Registry.load()
YUNTANG = open(os.path.join(ROOT, "methods", "hunan", "yuntang-sixiaosida.md"), encoding="utf-8").read()
HUNAN = open(os.path.join(ROOT, "collections", "hunan.yml"), encoding="utf-8").read()
NAME = "name: 云塘社区“四小四大”工作法"
HINT = characters.FIX_HINT


def _write(tmp_path, text: str, name: str = "m.md"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _errors(path) -> list[str]:
    """The check's messages for one method file, as ``file:line: field: message`` (the file as m.md)."""
    result = loading.load([str(path)], str(path.parent), REGISTRY)
    return [problem.format() for problem in result.errors]


def _fix(path, front_matter: bool = True) -> fixing.Fixed:
    names = REGISTRY.name_keys if front_matter else REGISTRY.book_name_keys
    keys = REGISTRY.field_keys if front_matter else REGISTRY.book_field_keys
    return fixing.fix(str(path), names, front_matter, keys)


def _spoil(old: str, new: str, text: str = YUNTANG) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


def _fixed_into(tmp_path, spoiled: str, intended: str) -> fixing.Fixed:
    """Fix ``spoiled``; it must read ``intended`` byte for byte and pass the check."""
    path = _write(tmp_path, spoiled)
    fixed = _fix(path)
    assert path.read_text(encoding="utf-8") == intended, fixed
    assert _errors(path) == [], fixed
    assert not fixed.refused and fixed.notes
    return fixed


def _left_alone(tmp_path, spoiled: str) -> fixing.Fixed:
    """Fix ``spoiled``: the file must stay byte for byte as it was, with a reason given."""
    path = _write(tmp_path, spoiled)
    fixed = _fix(path)
    assert path.read_bytes() == spoiled.encode("utf-8"), fixed
    assert fixed.left and not fixed.notes, fixed
    return fixed


# Full-width colons after field names --------------------------------------------------------

@pytest.mark.parametrize("old,new,word", [
    ("kind: 综合性", "kind：综合性", "kind"),                        # the field name
    ("kind: 综合性", "kind ： 综合性", "kind"),                      # spaced around
    (NAME, "名称：云塘社区“四小四大”工作法", "名称"),                  # its Chinese label
    ("  city: 长沙市", "  城市：长沙市", "城市"),                     # a label of a sub-field
    ("  - id: hn-2021-zongshu", "  - id：hn-2021-zongshu", "id"),   # a list item's field
    ("place:\n", "place：\n", "place"),                            # a field with nothing after it
])
def test_a_full_width_colon_after_a_field_name_is_fixed(tmp_path, old, new, word):
    spoiled = _spoil(old, new)
    line = YUNTANG[:YUNTANG.index(old)].count("\n") + 1
    key = REGISTRY.field_keys[word]
    errors = _errors(_write(tmp_path, spoiled))
    assert errors == [f"m.md:{line}: {key}: “{word}：”用了全角冒号。" + ("" if key == word else f"字段名要写英文“{key}”，")
                      + ("字段名" if key == word else "") + f"后接半角冒号和一个空格，写作“{key}: ”。{HINT}"], errors
    fixed = _fixed_into(tmp_path, spoiled, YUNTANG)
    assert fixed.notes == [(line, f"把“{word}：”改成了“{key}: ”（字段名后用半角冒号和一个空格）。")]


def test_a_full_width_colon_in_text_is_left_as_written(tmp_path):
    # tests/cases/fullwidth-colon-in-text.md: “社区：” in items of text and in a >- block is text;
    # only “id：” (line 26, a list item's field) is a field name.
    case = open(os.path.join(ROOT, "tests", "cases", "fullwidth-colon-in-text.md"), encoding="utf-8").read()
    path = _write(tmp_path, case)
    fixed = _fix(path)
    assert fixed.notes == [(26, "把“id：”改成了“id: ”（字段名后用半角冒号和一个空格）。")], fixed
    assert path.read_text(encoding="utf-8") == case.replace("  - id：hn-2021-zongshu", "  - id: hn-2021-zongshu")


def test_a_colon_inside_a_quoted_value_is_not_taken_for_a_field(tmp_path):
    # Line 21 is the second line of kind's quoted value: “名称：” there is text, though it starts a line.
    spoiled = _spoil("kind: 综合性", 'kind: "综合性\n  名称：乙"')
    errors = _errors(_write(tmp_path, spoiled))
    assert any(e.startswith("m.md:21: name: “名称：”用了全角冒号") and not e.endswith(HINT) for e in errors), errors
    fixed = _left_alone(tmp_path, spoiled)
    assert fixed.left == [(21, layout.COLON_NOT_A_FIELD.format(word="名称", key="name"))]


def test_nothing_is_fixed_while_the_fields_do_not_read(tmp_path):
    # A broken quote on line 2 as well: whether “kind：” is a field cannot be told.
    spoiled = _spoil("kind: 综合性", "kind：综合性", _spoil(NAME, 'name: "云塘社区'))
    fixed = _left_alone(tmp_path, spoiled)
    assert fixed.left == [(20, layout.LAYOUT_OTHER_ERROR)]


# Tabs ----------------------------------------------------------------------------------------

def _tabbed(text: str) -> str:
    """The method as a tab-indenting editor writes it: each two spaces of indentation a tab,
    but the two that align a list item's fields under the first (“- list:” / “  rank:”)."""
    lines = text.split("\n")
    end = lines.index("---", 1)
    out = []
    for index, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" "))
        if 0 < index < end and indent:
            above = [l for l in out[:index] if l.strip()][-1] if index > 1 else ""
            under_item = above.lstrip("\t").startswith("- ") and indent % 2 == 0 and \
                indent == 2 * above.count("\t") + 2 and not line.lstrip().startswith("- ")
            tabs = indent // 2 - (1 if under_item else 0)
            line = "\t" * tabs + ("  " if under_item else "") + line[indent:]
        out.append(line)
    return "\n".join(out)


def test_a_header_indented_with_tabs_is_fixed(tmp_path):
    spoiled = _tabbed(YUNTANG)
    tab_lines = [i + 1 for i, line in enumerate(spoiled.split("\n")) if "\t" in line]
    assert len(tab_lines) > 20  # the place, lists, sources, formula and the summary's text
    errors = _errors(_write(tmp_path, spoiled))
    assert errors == [f"m.md:{n}: {layout.TAB_MESSAGE}{HINT}" for n in tab_lines], errors
    fixed = _fixed_into(tmp_path, spoiled, YUNTANG)
    assert [line for line, _ in fixed.notes] == tab_lines
    assert fixed.left == []


def test_the_tabs_example_is_fixed(tmp_path):
    # tests/broken/tabs.md: line 6 indented with a tab among lines indented with two spaces.
    text = open(os.path.join(ROOT, "tests", "broken", "tabs.md"), encoding="utf-8").read()
    fixed = _fixed_into(tmp_path, text, text.replace("\tcity: 长沙市", "  city: 长沙市"))
    assert fixed.notes == [(6, "把行首的 Tab 换成了两个空格。")]


def test_a_tab_that_means_something_else_at_another_width_is_left(tmp_path):
    # In the summary's text: at two spaces the line goes on the paragraph, at four it is a line of its own.
    spoiled = _spoil("  以提升居民", "\t以提升居民")
    errors = _errors(_write(tmp_path, spoiled))
    assert errors == [f"m.md:35: {layout.TAB_MESSAGE}"], errors
    fixed = _left_alone(tmp_path, spoiled)
    assert fixed.left == [(35, layout.TAB_UNSURE)]


def test_a_tab_that_reads_only_when_wider_than_two_spaces_is_left(tmp_path):
    # At two spaces “locator” falls out of its list item; at four it stands under “id”.
    spoiled = _spoil("    locator: ", "\tlocator: ")
    errors = _errors(_write(tmp_path, spoiled))
    assert f"m.md:39: {layout.TAB_MESSAGE}" in errors, errors
    assert _left_alone(tmp_path, spoiled).left == [(39, layout.TAB_WIDER)]


def test_a_tab_inside_a_value_is_left(tmp_path):
    spoiled = _spoil("kind: 综合性", "kind:\t综合性")
    assert _errors(_write(tmp_path, spoiled)) == [f"m.md:20: {layout.TAB_MESSAGE}"]
    assert _left_alone(tmp_path, spoiled).left == [(20, layout.TAB_IN_VALUE)]


# Encodings and the BOM say --fix can do it ---------------------------------------------------

def test_the_bom_and_encoding_messages_point_to_fix():
    for message in [decoding.BOM_MESSAGE, *decoding.ENCODING_MESSAGES.values()]:
        assert "运行 python scripts/check.py --fix 文件 可自动" in message, message
    result = run(sys.executable, "scripts/check.py", "tests/broken/bom.md", "tests/broken/gbk.md")
    assert f"tests/broken/bom.md:1: {decoding.BOM_MESSAGE}" in result.stdout.splitlines()
    assert f"tests/broken/gbk.md:2: {decoding.ENCODING_MESSAGES['GBK']}" in result.stdout.splitlines()


# A line break inside a name ------------------------------------------------------------------

ONE_LINE = "云塘社区“四小四大”工作法"


@pytest.mark.parametrize("written,where,intended", [
    # An Excel cell's Alt+Enter, as an import writes it: “\n” in double quotes.
    ('name: "云塘社区\\n“四小四大”工作法"', "在“云塘社区”之后有换行符 \\n", f'name: "{ONE_LINE}"'),
    # Pasted into the file: the name goes on on the next line (plain, quoted, folded, literal).
    ("name: 云塘社区\n  “四小四大”工作法", "在第 2 行末的“云塘社区”之后断开", NAME),
    ('name: "云塘社区\n  “四小四大”工作法"', "在第 2 行末的“云塘社区”之后断开", f'name: "{ONE_LINE}"'),
    ("name: '云塘社区\n  “四小四大”工作法'", "在第 2 行末的“云塘社区”之后断开", f"name: '{ONE_LINE}'"),
    ("name: >-\n  云塘社区\n  “四小四大”工作法", "在第 3 行末的“云塘社区”之后断开", NAME),
    ("name: |-\n  云塘社区\n  “四小四大”\n  工作法", "在第 3 行末的“云塘社区”、第 4 行末的““四小四大””之后断开", NAME),
    # Chinese quotes on the first of its lines: the name fix leaves a line that is not all of the name alone.
    ('name: "云塘社区“四小\n  四大”工作法"', "在第 2 行末的“云塘社区“四小”之后断开", f'name: "{ONE_LINE}"'),
    # A comment after the value stays.
    ('name: "云塘社区\\n“四小四大”工作法"  # 据名单', "在“云塘社区”之后有换行符 \\n", f'name: "{ONE_LINE}"  # 据名单'),
    ("name: >-  # 据名单\n  云塘社区\n  “四小四大”工作法", "在第 3 行末的“云塘社区”之后断开", NAME + "  # 据名单"),
])
def test_a_name_with_a_line_break_is_reported_and_joined(tmp_path, written, where, intended):
    spoiled = _spoil(NAME, written)
    errors = _errors(_write(tmp_path, spoiled))
    assert errors == [f"m.md:2: name: “名称”中间换了行（{where}），多半是从 Excel 单元格里复制时带进来的（单元格里按 Alt+Enter 换的行）。"
                      f"名称应写在一行内，写作 {NAME}。{HINT}"], errors
    fixed = _fixed_into(tmp_path, spoiled, _spoil(NAME, intended))
    assert fixed.notes == [(2, f"删去了“名称”中间的换行（原来{where}），名称合为一行：{NAME}。")]


@pytest.mark.parametrize("field,old,written", [
    ("place.community", "  community: 云塘社区", '  community: "云塘\\n社区"'),
    ("place.district", "  district: 天心区", "  district: 天心\n    区"),
    ("place.street", "  street: 暮云街道", "  street: >-\n    暮云\n    街道"),
    ("place.province", "  province: 湖南省", '  province: "湖南\\n省"'),
    ("place.city", "  city: 长沙市", '  city: "长沙\\n市"'),
])
def test_every_place_name_is_checked_for_line_breaks(tmp_path, field, old, written):
    spoiled = _spoil(old, written)
    errors = _errors(_write(tmp_path, spoiled))
    assert len(errors) == 1 and f": {field}: “{REGISTRY.dotted_label(field)}”中间换了行" in errors[0], errors
    _fixed_into(tmp_path, spoiled, YUNTANG if "\\n" not in written else YUNTANG.replace(old, old.replace(": ", ': "') + '"'))


def test_every_proper_name_field_is_checked():
    # What the check looks at is what the schema marks as a name.
    assert REGISTRY.name_keys == {"name", "community", "street", "district", "city", "province", "unit"}


@pytest.mark.parametrize("written,between", [
    ('  community: "云塘ABC\\nDEF社区"', ("云塘ABC", "DEF社区")),   # Latin letters: a space or not?
    ("  community: 云塘社区\n    12345", ("云塘社区", "12345")),     # a Chinese character and a digit
])
def test_a_break_that_may_have_been_a_space_is_reported_and_left(tmp_path, written, between):
    spoiled = _spoil("  community: 云塘社区", written)
    errors = _errors(_write(tmp_path, spoiled))
    reason = (f"“{between[0]}”与“{between[1]}”之间的断开处不在两个汉字之间，无法确定那里原来有没有空格，"
              "请对照原文删去换行，把名称在一行内写完（英文或数字之间如需空格，留一个空格）。")
    assert any(e.startswith("m.md:27: place.community: “社区”中间换了行") and e.endswith(f"名称应写在一行内：{reason}")
               for e in errors), errors
    fixed = _left_alone(tmp_path, spoiled)
    assert len(fixed.left) == 1 and fixed.left[0][0] == 27 and fixed.left[0][1].endswith(f"没有改动：{reason}"), fixed


def test_several_fixes_in_one_file_keep_everything_else(tmp_path):
    # A name in two lines, a tab, a full-width colon and a traditional character, with Windows line ends.
    spoiled = _spoil(NAME, 'name: "云塘社区\\n“四小四大”工作法"')
    spoiled = _spoil("  city: 长沙市", "\tcity: 长沙市", spoiled)
    spoiled = _spoil("kind: 综合性", "kind：综合性", spoiled)
    spoiled = _spoil("  community: 云塘社区", "  community: 雲塘社区", spoiled)
    path = tmp_path / "m.md"
    path.write_bytes(spoiled.replace("\n", "\r\n").encode("utf-8"))
    fixed = _fix(path)
    assert [line for line, _ in fixed.notes] == [2, 20, 24, 27], fixed
    assert path.read_bytes() == _spoil(NAME, f'name: "{ONE_LINE}"').replace("\n", "\r\n").encode("utf-8")
    assert _errors(path) == []
    assert _fix(path) == fixing.Fixed()  # nothing more to do: a second run changes nothing


def test_an_old_mac_file_is_fixed_as_the_check_reads_it(tmp_path):
    # Lines ended by a lone CR: the check reads its lines and points to --fix; --fix used to see one
    # long line, mend nothing and say there was nothing to mend.
    spoiled = _spoil("  city: 长沙市", "\tcity: 长沙市", _spoil("kind: 综合性", "kind：综合性"))
    path = tmp_path / "m.md"
    path.write_bytes(spoiled.replace("\n", "\r").encode("utf-8"))
    assert [e.split(": ")[0] for e in _errors(path)] == ["m.md:20", "m.md:24"]
    fixed = _fix(path)
    assert [line for line, _ in fixed.notes] == [20, 24], fixed
    assert path.read_bytes() == YUNTANG.replace("\n", "\r").encode("utf-8")  # still CR line ends
    assert _errors(path) == []


def test_mixed_line_ends_are_made_one_when_the_file_is_fixed(tmp_path):
    lines = _spoil("kind: 综合性", "kind：综合性").split("\n")
    path = tmp_path / "m.md"
    path.write_bytes(("\r\n".join(lines[:10]) + "\r\n" + "\n".join(lines[10:])).encode("utf-8"))
    fixed = _fix(path)
    assert fixed.notes == [(1, "各行的行尾原来不统一（Windows 的 CRLF 10 行、LF "
                            f"{len(lines) - 11} 行），已统一为 LF。"),
                           (20, "把“kind：”改成了“kind: ”（字段名后用半角冒号和一个空格）。")], fixed
    assert path.read_bytes() == YUNTANG.encode("utf-8")
    # Mixed line ends alone are no mistake: a file with nothing else to fix is not written.
    path.write_bytes(("\r\n".join(lines[:10]) + "\r\n" + "\n".join(YUNTANG.split("\n")[10:])).encode("utf-8"))
    before = path.read_bytes()
    assert _fix(path) == fixing.Fixed() and path.read_bytes() == before


def test_a_name_in_two_lines_shortens_the_file_by_a_line_and_nothing_else(tmp_path):
    # Two names broken: each is joined, the lines between them and after them as they were.
    spoiled = _spoil(NAME, "name: 云塘社区\n  “四小四大”工作法")
    spoiled = _spoil("  community: 云塘社区", "  community: 云塘\n    社区", spoiled)
    fixed = _fixed_into(tmp_path, spoiled, YUNTANG)
    assert [line for line, _ in fixed.notes] == [2, 27]  # the community's line in the file as written


def test_fix_gives_the_lines_of_the_file_as_it_wrote_it(tmp_path):
    # Was: below a joined name, --fix gave each line as it stood before the join (one line lower per
    # join), while the check after it reads the file as written: the same tab at line 33, then at 31.
    spoiled = _spoil(NAME, "name: 云塘社区\n  “四小四大”工作法")                   # lines 2–3: joined
    spoiled = _spoil("  district: 天心区", "  district: 天心區", spoiled)           # line 26: mended
    spoiled = _spoil("  community: 云塘社区", "  community: 云塘\n    社区", spoiled)  # lines 28–29: joined
    spoiled = _spoil("    note: 位居", "    note:\t位居", spoiled)                  # line 33: a tab --fix leaves
    spoiled = _spoil("completeness: 部分", "completeness: 很完整", spoiled)          # line 38: not a level
    spoiled = _spoil("    by: 编者\n", "", spoiled)                                 # line 43: basis[0] without “by”
    path = _write(tmp_path, spoiled)
    result = run(sys.executable, "scripts/check.py", "--fix", str(path))
    assert result.stdout.splitlines() == [
        f"{path}:2: 已改正：删去了“名称”中间的换行（原来在第 2 行末的“云塘社区”之后断开），名称合为一行：{NAME}。",
        f"{path}:25: 已改正：有繁体字：“區”应为“区”。",
        f"{path}:27: 已改正：删去了“社区”中间的换行（原来在第 28 行末的“云塘”之后断开），名称合为一行：community: 云塘社区。",
        f"{path}:31: 没有自动改正：{layout.TAB_IN_VALUE}",
        "自动改正了 1 个文件中的 3 处。",
        f"{path}:31: {layout.TAB_MESSAGE}",
        f"{path}:36: completeness: “很完整”不是可选值。应为“完整”。可选：完整、部分、待补充。",
        f"{path}:41: basis[0].by: 缺少“依据”。编者：来源没有这样写，是编者据来源内容所作的推断或归类；来源：来源写明了这一值。",
        "检查了 1 个方法文件：3 个错误，0 个警告。",
    ], result.stdout
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[24] == "  district: 天心区" and lines[26] == "  community: 云塘社区" and lines[30] == "    note:\t位居第三批榜首"
    assert lines[35] == "completeness: 很完整" and lines[40] == "  - field: kind"
    assert _fix(path) == fixing.Fixed(left=[(31, layout.TAB_IN_VALUE)])  # a second run: the same line


def test_a_collection_title_in_two_lines_is_joined(tmp_path):
    spoiled = _spoil("title: 湖南省社区工作法和治理经验选编", "title: 湖南省社区工作法\n  和治理经验选编", HUNAN)
    path = _write(tmp_path, spoiled, "hunan.yml")
    result = run(sys.executable, "scripts/check.py", str(path))
    assert f"{path}:2: title: “书名”中间换了行（在第 2 行末的“湖南省社区工作法”之后断开）" in result.stdout, result.stdout
    fixed = _fix(path, front_matter=False)
    assert fixed.notes and path.read_text(encoding="utf-8") == HUNAN, fixed
    assert "全部通过" in run(sys.executable, "scripts/check.py", str(path)).stdout


def test_a_one_line_field_with_a_line_break_between_chinese_characters_is_reported(tmp_path):
    # Was accepted: joining the lines of a folded text took the break between 小 and 四 away unseen.
    spoiled = _spoil("  text: 四小四大", '  text: "四小\\n四大"')
    assert _errors(_write(tmp_path, spoiled)) == ["m.md:4: formula.text: “口诀”应写在一行内。"]


def test_fix_through_the_command_says_what_it_did_and_did_not(tmp_path):
    joined = _write(tmp_path, _spoil(NAME, 'name: "云塘社区\\n“四小四大”工作法"'), "joined.md")
    left = _write(tmp_path, _spoil("  community: 云塘社区", '  community: "云塘ABC\\nDEF社区"'), "left.md")
    result = run(sys.executable, "scripts/check.py", "--fix", str(joined), str(left))
    assert f"{joined}:2: 已改正：删去了“名称”中间的换行" in result.stdout, result.stdout
    assert f"{left}:27: 没有自动改正：“社区”中间换了行" in result.stdout, result.stdout
    assert "自动改正了 1 个文件中的 1 处。" in result.stdout
    help_text = run(sys.executable, "scripts/check.py", "--help").stdout
    assert "名称中间的换行" in help_text and "字段名后的全角冒号" in help_text and "Tab" in help_text
