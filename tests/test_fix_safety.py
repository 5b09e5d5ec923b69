"""Nothing an editor typed is lost (issue 16): ``check.py --fix`` changes a file only when
its text is certain, and every message says, in Chinese, at the right line, what to write.

- Encodings are told apart by evidence: a stray NUL in UTF-8 is not UTF-16, Big5 is not GBK,
  a file mixing UTF-8 and GBK lines or in Windows-1252 is refused, not converted.
- ``--fix`` over every file in tests/broken leaves each byte for byte as it was, or holding
  the same text but for the documented mechanical fixes (characters, spaces and tabs of the
  indentation, “名称：” written “name: ”).
- YAML mistakes of every kind an editor makes are explained in Chinese.
- A header line indented with full-width spaces (U+3000) is reported at that line.

The encoding examples in tests/broken (``enc-*.md``), fullwidth-indent.md and
yaml-quote-then-text.md are made by ``examples()`` below:
``python tests/test_fix_safety.py`` writes them again, and a test holds the files to it.
"""

from __future__ import annotations

import os
import re
import shutil
import sys

import pytest
import yaml

from conftest import ROOT, run
from methodkb.checks import characters
from methodkb.checks import decoding
from methodkb.checks import fixing
from methodkb.checks import frontmatter
from methodkb.checks import layout
from methodkb.checks import loading
from methodkb.checks import yamlevents
from methodkb.model.registry import Registry

BROKEN = os.path.join(ROOT, "tests", "broken")
REGISTRY = Registry.load()


def _method(name: str, community: str, note: str = "") -> str:
    """A short method that passes the check; the examples spoil it one way each."""
    return (f"---\nname: {name}\ncategory: 优秀社区工作法\nplace:\n  province: 湖南省\n  city: 长沙市\n"
            f"  district: 天心区\n  community: {community}\nlists:\n  - list: hn-3\n{note}"
            "completeness: 待补充\nsources:\n  - id: hn-2021-zongshu\n---\n")


def _traditional(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2tw").convert(text)


def _mixed() -> bytes:
    """A UTF-8 file into which two lines were pasted from a GBK file."""
    lines = _method("混合编码工作法", "混合社区").split("\n")
    out = [line.encode("utf-8") for line in lines]
    for number in (6, 7):  # city, district
        out[number - 1] = lines[number - 1].encode("gbk")
    return b"\n".join(out)


def examples() -> dict[str, tuple[bytes, str | None]]:
    """Each example file's bytes, and the encoding its text truly is in (None: no single
    encoding, so the file can only be left as it is)."""
    nul = _method("空字符工作法", "空字符社区").split("\n")
    nul[6] += "\x00"  # line 7, the district: a NUL after it, as a broken editor leaves one
    controls = _method("控制字符工作法", "控制字符社区").split("\n")
    controls[1] = controls[1].replace("控制", "控\x01制")
    controls[7] = controls[7].replace("社区", "\x1b社区\x08")
    big5 = _traditional(_method("繁體工作法", "繁體社区"))
    latin = "---\nname: Café-débat\ncategory: Comité de quartier, réunion à Montréal\n---\n".encode("cp1252")
    return {
        "enc-nul.md": ("\n".join(nul).encode("utf-8"), "utf-8"),
        "enc-controls.md": ("\n".join(controls).encode("utf-8"), "utf-8"),
        "enc-big5.md": (big5.encode("cp950"), "cp950"),
        "enc-utf16le.md": (_method("小端编码工作法", "小端社区").encode("utf-16-le"), "utf-16-le"),
        "enc-utf16be-bom.md": (b"\xfe\xff" + _method("大端编码工作法", "大端社区").encode("utf-16-be"), "utf-16"),
        "enc-mixed.md": (_mixed(), None),
        "enc-latin1.md": (latin, None),
        "enc-gbk-or-big5.md": ("---\nname: 部分\ncompleteness: 待补充\n---\n".encode("gbk"), None),
        # Line 6 indented with a full-width space (from Word): two spaces, beside the province.
        "fullwidth-indent.md": (_method("全角缩进工作法", "全角缩进社区").replace("  city:", "\u3000city:").encode("utf-8"), "utf-8"),
        # Line 11: a value that opens with a quote and goes on after it.
        "yaml-quote-then-text.md": (_method("引号工作法", "引号社区", '    note: "第三批"榜首\n').encode("utf-8"), "utf-8"),
    }


def write_examples() -> None:
    for name, (data, _) in examples().items():
        with open(os.path.join(BROKEN, name), "wb") as handle:
            handle.write(data)


# Each example file's true encoding; every other file in tests/broken is UTF-8.
TRUE_ENCODINGS = {"gbk.md": "gb18030", "bom.md": "utf-8-sig", **{name: encoding for name, (_, encoding) in examples().items()}}


def test_the_encoding_examples_are_as_generated():
    for name, (data, _) in examples().items():
        with open(os.path.join(BROKEN, name), "rb") as handle:
            assert handle.read() == data, f"{name}: run python tests/test_fix_safety.py to write it again"


# --fix over every file in tests/broken -------------------------------------------------

FIELD_KEYS = {**REGISTRY.field_keys, **REGISTRY.book_field_keys}


def _field_name(line: str) -> str:
    """A line that starts with a field name or its label before a full-width colon, with the
    field name and a colon instead: what ``--fix`` writes there (the spaces go in the skeleton)."""
    match = layout.FULLWIDTH_KEY.match(line)
    if not match or match.group(2) not in FIELD_KEYS:
        return line
    return f"{match.group(1)}{FIELD_KEYS[match.group(2)]}:{line[match.end():]}"


def _skeleton(text: str) -> str:
    """What the fixes may not change: the text with the documented character fixes applied
    (``characters.clean_value``: look-alike, traditional, invisible and control characters)
    line by line, as ``--fix`` does, and field names for “名称：”, then without what the name
    and indentation fixes touch (spaces, tabs, full-width spaces; kinds of quotes, parentheses and commas)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    lines = [_field_name(characters.clean_value(line)[0]) for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub("[ \t\u3000\u00a0]", "", text)
    return text.translate(str.maketrans({"＂": '"', "“": '"', "”": '"', "‘": "'", "’": "'", "（": "(", "）": ")", "，": ","}))


def _files(folder: str) -> list[str]:
    return sorted(os.path.relpath(os.path.join(parent, name), folder)
                  for parent, _, names in os.walk(folder) for name in names)


@pytest.fixture(scope="module")
def fixed(tmp_path_factory):
    """A copy of tests/broken after ``check.py --fix`` was run on every file in it, named one by one."""
    folder = tmp_path_factory.mktemp("broken")
    shutil.copytree(BROKEN, folder, dirs_exist_ok=True)
    names = _files(str(folder))
    result = run(sys.executable, "scripts/check.py", "--fix", *[str(folder / name) for name in names])
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return folder, names, result.stdout


def test_fix_keeps_every_broken_file_or_its_text(fixed):
    folder, names, output = fixed
    assert len(names) >= 30
    for name in names:
        with open(os.path.join(BROKEN, name), "rb") as handle:
            before = handle.read()
        after = (folder / name).read_bytes()
        if after == before:
            continue
        encoding = TRUE_ENCODINGS.get(os.path.basename(name), "utf-8")
        assert encoding, f"{name}: has no single encoding, yet --fix changed it"
        try:
            original = before.decode(encoding)
        except UnicodeDecodeError:
            pytest.fail(f"{name}: is not {encoding}, so its text is unknown, yet --fix changed it")
        text = after.decode("utf-8")  # what --fix writes is UTF-8 without a BOM
        assert not text.startswith("\ufeff"), name
        assert text.count("\n") == original.count("\n"), f"{name}: lines added or lost"
        assert _skeleton(text) == _skeleton(original), f"{name}: the text changed\n{output}"


@pytest.mark.parametrize("name", ["enc-big5.md", "enc-utf16le.md", "enc-utf16be-bom.md", "enc-nul.md", "enc-controls.md", "gbk.md"])
def test_a_certain_file_is_fixed_into_the_method_it_holds(fixed, name):
    folder, _, output = fixed
    text = (folder / name).read_text(encoding="utf-8")
    assert "\x00" not in text and "\x1b" not in text
    data = examples().get(name, (None, None))
    if data[1] == "cp950":  # traditional characters are simplified too
        assert "name: 繁体工作法" in text and "community: 繁体社区" in text, text
    result = run(sys.executable, "scripts/check.py", str(folder / name))
    assert result.returncode == 0 and "全部通过" in result.stdout, result.stdout + output


@pytest.mark.parametrize("name,line", [("enc-mixed.md", 6), ("enc-latin1.md", 2), ("enc-gbk-or-big5.md", 2)])
def test_an_uncertain_file_is_left_alone_and_says_why(fixed, name, line):
    folder, _, output = fixed
    assert (folder / name).read_bytes() == examples()[name][0]
    assert f"{folder / name}:{line}: 没有自动改正：读不准这个文件的文字，为免改坏，文件原样保留" in output, output


# Telling encodings apart -----------------------------------------------------------------

YUNTANG = open(os.path.join(ROOT, "methods", "hunan", "yuntang-sixiaosida.md"), encoding="utf-8").read()


def _load(tmp_path, data: bytes) -> list[str]:
    (tmp_path / "m.md").write_bytes(data)
    return [p.format() for p in loading.load([str(tmp_path / "m.md")], str(tmp_path), REGISTRY).errors]


@pytest.mark.parametrize("extra", ["\x00", "x\x00", "\x00x", "xy\x00"])  # every parity of the NUL's place
def test_a_stray_nul_in_utf8_is_reported_at_its_line_and_removed(tmp_path, extra):
    # Was read as UTF-16 when the NUL fell on an odd byte of an even-sized file: reported at
    # line 1, and --fix wrote the garbage out and simplified “traditional” characters in it.
    lines = YUNTANG.split("\n")
    lines[6] += extra
    data = "\n".join(lines).encode("utf-8")
    assert _load(tmp_path, data) == [f"m.md:7: formula.parts[0].meaning: 有 1 个看不见的控制字符：空字符（U+0000），应删去。"
                                     f"{characters.FIX_HINT}"]
    notes = fixing.fix_file(str(tmp_path / "m.md"))
    assert notes == [(7, "有 1 个看不见的控制字符：空字符（U+0000），应删去。")]
    assert (tmp_path / "m.md").read_bytes() == data.replace(b"\x00", b"")


def test_a_file_full_of_nuls_is_not_text(tmp_path):
    data = YUNTANG.replace("kind: ", "kind: " + "\x00" * 40, 1).encode("utf-8")
    assert _load(tmp_path, data) == [f"m.md:20: {decoding.NOT_TEXT}"]
    assert fixing.fix_file(str(tmp_path / "m.md")) is None
    assert (tmp_path / "m.md").read_bytes() == data


def _all_methods() -> list[str]:
    return [open(path, encoding="utf-8").read() for path in loading.find_files([os.path.join(ROOT, "methods")])]


def _in_big5(text: str) -> bytes | None:
    """The method as a Big5 file, in traditional characters; None when Big5 has no code for one
    of them (大疃's 疃): no editor can save such a method in Big5."""
    try:
        return _traditional(text).encode("cp950")
    except UnicodeEncodeError:
        return None


@pytest.mark.parametrize("codec,encoding", [("gb18030", "GBK"), ("cp950", "Big5"), ("utf-16", "UTF-16"),
                                            ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-8", "UTF-8")])
def test_every_real_method_in_each_encoding_is_read_as_it_was_written(codec, encoding):
    texts = _all_methods()
    if codec == "cp950":
        texts = [_traditional(t) for t in texts if _in_big5(t)]
        assert len(texts) > 40
    for text in texts:
        for variant in (text, text.replace("\n", "\r\n")):
            decoded = decoding.decode(variant.encode(codec))
            assert (decoded.encoding, decoded.text) == (encoding, variant)


def test_no_line_of_a_gbk_or_big5_method_passes_for_utf8():
    # A mixed file is told by lines that are UTF-8 beyond doubt; a GBK or Big5 line must never be one.
    for text in _all_methods():
        for raw in filter(None, (text.encode("gb18030"), _in_big5(text))):
            assert not [line for line in raw.split(b"\n") if decoding._utf8_chinese(line)]


def test_a_big5_file_is_not_taken_for_gbk(tmp_path):
    data = _traditional(YUNTANG).encode("cp950")
    errors = _load(tmp_path, data)
    assert errors[0] == f"m.md:2: {decoding.ENCODING_MESSAGES['Big5']}"
    assert "m.md:2: name: 有繁体字：“雲”应为“云”、“區”应为“区”。" + characters.FIX_HINT in errors
    fixing.fix_file(str(tmp_path / "m.md"))
    assert "name: 云塘社区“四小四大”工作法\n" in (tmp_path / "m.md").read_text(encoding="utf-8")


def test_mixed_encodings_are_reported_at_each_line_and_left_alone(tmp_path):
    errors = _load(tmp_path, _mixed())
    assert errors == ["m.md:6: " + decoding.MIXED.format(encoding="GBK", others="（第 7 行也不是 UTF-8）"),
                      "m.md:7: 此行也不是 UTF-8（像是 GBK 编码）：请对照原文重新输入此行的文字。"]
    assert fixing.fix_file(str(tmp_path / "m.md")) is None
    assert (tmp_path / "m.md").read_bytes() == _mixed()


def test_windows_1252_is_named_and_not_converted(tmp_path):
    data = examples()["enc-latin1.md"][0]
    assert _load(tmp_path, data) == [f"m.md:2: {decoding.LATIN}"]
    assert fixing.fix_file(str(tmp_path / "m.md")) is None


def test_a_utf8_file_of_plain_ascii_with_nuls_between_is_utf16():
    # Notepad's “Unicode” of an ASCII text is valid UTF-8 too: the zero bytes tell.
    text = "---\nname: x\n---\n"
    assert decoding.decode(text.encode("utf-16-le")).encoding == "UTF-16"
    assert decoding.decode(text.encode("utf-16-le")).text == text


# YAML mistakes are explained in Chinese ----------------------------------------------------

# Values and lines editors type by mistake, each put in place of a value or a line of a method.
BAD_VALUES = ['"甲"乙', "'甲'乙", '"甲', "'甲", "甲: 乙", "甲:乙: 丙", "%甲", "@甲", "`甲", "|甲", "| 甲", ">甲", "- 甲",
              "? 甲", "[甲", "{甲", "[甲, 乙", "{甲: 乙", "甲]", "甲}", "...", "---", "&", "*", "&甲", "*甲", "!", "!!",
              '"\\q"', '"\\x4"', '"\\u12"', "'甲''", '"甲"#注', ",甲", "[甲]乙", "{甲}乙", '"甲" "乙"', '"', "'", "[", "{",
              "]", "}", "|", ">", "|-甲", "|+-", "|9", ">10", "| #", "!甲 乙", "!<甲> 乙", "[甲, [乙]", "{甲, {乙: 丙}",
              "[甲: 乙: 丙]", "{? 甲}", "- - 甲", "[甲,,乙]", "{甲: 乙, , 丙}", '"\\', "<<", '"""甲"""', "'''甲'''",
              "甲\t乙", "：甲", "\u3000甲"]
BAD_LINES = ["  甲: 乙", "    甲: 乙", " 甲: 乙", "- 甲", "  - 甲", "? 甲", ": 甲", "甲", '"甲', "甲:乙", "甲 :乙", "%YAML 1.1",
             "%TAG ! 甲", "...", "  ...", "\t甲: 乙", "甲:\t 乙", "- 甲: 乙", "[甲", "{甲", "@甲: 乙", "`甲: 乙", "甲: 乙: 丙",
             '"甲"乙: 丙', "'甲'乙: 丙", "甲 乙 丙", "&甲", "*甲", "!甲", "| 甲", ">", "- - 甲", "?", ":", "-", "- ",
             "  - id: 甲\n   locator: 乙", "    - 甲\n  - 乙", "\u3000甲: 乙", "\u3000\u3000- 甲", "甲：乙"]
# ASCII words a message may hold: field names, and the names of things (YAML, UTF-8, Tab…).
WORDS = set(REGISTRY.field_keys) | {"YAML", "Unicode", "Word", "Windows", "Latin", "python", "scripts", "check",
                                    "fix", "summary", "name"}


def _headers():
    base = YUNTANG.split("\n")
    end = base.index("---", 1)
    for index in range(1, end):
        line = base[index]
        if ":" in line:
            key = line.split(":", 1)[0]  # with its indentation and “- ”
            for value in BAD_VALUES:
                yield "\n".join(base[:index] + [f"{key}: {value}"] + base[index + 1:])
        for extra in BAD_LINES:
            yield "\n".join(base[:index + 1] + [extra] + base[index + 1:])
            yield "\n".join(base[:index] + [extra] + base[index + 1:])


def _english(message: str) -> list[str]:
    unquoted = re.sub("“[^”]*”", "", message)  # what the editor wrote, quoted back
    return [word for word in re.findall("[A-Za-z]{4,}", unquoted) if word not in WORDS]


@pytest.mark.parametrize("loader", ["CSafeLoader", "SafeLoader"])  # libyaml's messages, and PyYAML's own
def test_every_yaml_mistake_is_explained_in_chinese_at_a_line(tmp_path, monkeypatch, loader):
    for module in (frontmatter, yamlevents):  # the parse and screen, and the walks that judge --fix's hints
        monkeypatch.setattr(module, "Loader", getattr(yaml, loader))
    path = tmp_path / "m.md"
    seen = set()
    for text in _headers():
        path.write_text(text, encoding="utf-8")
        src = frontmatter.read(str(path), "m.md", REGISTRY.field_keys, REGISTRY.name_keys)
        lines = text.count("\n") + 1
        for problem in src.problems:
            assert problem.line is not None and 1 <= problem.line <= lines, (problem, text)
            assert not _english(problem.message), (problem.message, text)
            if problem.message.startswith("字段格式（YAML）有误："):
                seen.add(problem.message.removeprefix("字段格式（YAML）有误："))
    assert len(seen) >= 15, seen  # the mistakes reach many kinds of parser error
    assert frontmatter.YAML_FALLBACK not in seen, seen  # every kind met here has its own words


@pytest.mark.parametrize("value,message", [
    ('"示例"工作法', "引号后面却还有文字（YAML 把开头的引号当作括住整个值的符号）。如果引号是文字的一部分，请改用中文引号，"
                   "写作 name: “示例”工作法；或用另一种英文引号括住整个值，写作 name: '\"示例\"工作法'。"),
    ("'示例'工作法", "写作 name: ‘示例’工作法；或用另一种英文引号括住整个值，写作 name: \"'示例'工作法\"。"),
    ("|示例", "值以 | 或 > 开头时，YAML 把它当作多行文字的标记"),
    ("!!", "值不能以 ! 开头"),
    ("%示例", "值不能以 @、`、% 开头"),
])
def test_a_yaml_mistake_is_reported_at_its_own_line(tmp_path, value, message):
    data = YUNTANG.replace("name: 云塘社区“四小四大”工作法", f"name: {value}").encode("utf-8")
    errors = [e for e in _load(tmp_path, data) if "字段格式（YAML）有误" in e]
    assert len(errors) == 1 and errors[0].startswith("m.md:2: 字段格式（YAML）有误：") and message in errors[0], errors


def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path):
    # The parser notices it at the end of the fields; the quote is on line 20.
    errors = _load(tmp_path, YUNTANG.replace("kind: 综合性", 'kind: "综合性').encode("utf-8"))
    assert errors[0].startswith("m.md:20: 字段格式（YAML）有误：这一行开始的引号没有成对闭合"), errors


def test_a_line_without_its_colon_is_reported_at_that_line(tmp_path):
    errors = _load(tmp_path, YUNTANG.replace("kind: 综合性", "kind 综合性").encode("utf-8"))
    assert errors[0].startswith("m.md:20: 字段格式（YAML）有误：缺少冒号"), errors


def test_a_document_end_marker_is_reported_at_its_line(tmp_path):
    errors = _load(tmp_path, YUNTANG.replace("kind: 综合性\n", "kind: 综合性\n...\n").encode("utf-8"))
    assert errors[0].startswith("m.md:21: 字段格式（YAML）有误：字段部分在这里之前已被当作结束"), errors


# Full-width spaces as indentation ----------------------------------------------------------

def test_a_full_width_indent_is_reported_at_its_line_and_fixed(tmp_path):
    # Read as a field “\u3000city” at the top level, it was reported as “: ” not allowed on the next line.
    text = YUNTANG.replace("  city: 长沙市", "\u3000city: 长沙市")
    assert _load(tmp_path, text.encode("utf-8")) == [f"m.md:24: place.city: {layout.INDENT_FIXED}{characters.FIX_HINT}"]
    assert fixing.fix_file(str(tmp_path / "m.md")) == [(24, layout.INDENT_FIXED)]
    assert (tmp_path / "m.md").read_text(encoding="utf-8") == YUNTANG


@pytest.mark.parametrize("old,new,line,message", [
    # two spaces would put it under “themes: [...]”: a guess
    ("kind: 综合性", "\u3000kind: 综合性", 20, layout.INDENT_UNFIXED),
    # four spaces: deeper than its neighbours
    ("  city: 长沙市", "\u3000\u3000city: 长沙市", 24, layout.INDENT_UNFIXED),
    # in a text block: a paragraph's own indent, or the block's indentation, or both
    ("  以提升居民", "\u3000以提升居民", 35, layout.INDENT_IN_TEXT),
])
def test_a_full_width_indent_that_may_mean_two_things_is_left_for_the_editor(tmp_path, old, new, line, message):
    text = YUNTANG.replace(old, new, 1)
    assert text != YUNTANG
    errors = _load(tmp_path, text.encode("utf-8"))
    assert any(e.startswith(f"m.md:{line}: ") and e.endswith(message) for e in errors), errors
    notes = fixing.fix_file(str(tmp_path / "m.md"))
    assert (line, layout.INDENT_FIXED) not in (notes or [])
    assert (tmp_path / "m.md").read_text(encoding="utf-8") == text


def test_a_full_width_space_in_a_text_is_the_texts_own(tmp_path):
    # A paragraph indented with full-width spaces inside a “>-” block is text: nothing to report.
    text = YUNTANG.replace("  以提升居民", "  \u3000\u3000以提升居民", 1)
    assert _load(tmp_path, text.encode("utf-8")) == []


if __name__ == "__main__":
    write_examples()
