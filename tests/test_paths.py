"""File names made from content (methodkb/slugs.py) never leave their folder: method and
collection slugs, the files new_method.py and import_batch.py write, the printed books, the
推荐表; reserved names (a folder's own index page, Windows device names) are refused."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from conftest import ROOT, check, reported, run
from methodkb.checks import books
from methodkb.editor import scaffold
from methodkb.model import slugs
from methodkb.model.registry import Registry

EVIL_NAMES = ["../../etc/passwd", "/abs/path", "..\\..\\windows", "CON", "nul", "index", "……", "！？、",
              "😀🏠", "Hello World", "a" * 300, "名称/../../x", "~/.ssh/id_rsa", "\x00", ""]


@pytest.mark.parametrize("slug,problem", [
    ("junmen-13335", None), ("a", None), ("x" * 64, None),
    ("../etc", "只能用小写字母"), ("/abs", "只能用小写字母"), ("a/b", "只能用小写字母"), ("Bad_Name", "只能用小写字母"),
    ("-a", "只能用小写字母"), ("a--b", "只能用小写字母"), ("a-", "只能用小写字母"), ("", "只能用小写字母"),
    ("…", "只能用小写字母"), ("CON", "只能用小写字母"), ("x" * 65, "太长（65 个字符），最多 64 个"),
    ("index", "与网站为这个目录自动生成的页面（index）同名"),
    ("con", "Windows 的设备名"), ("prn", "Windows 的设备名"), ("aux", "Windows 的设备名"), ("nul", "Windows 的设备名"),
    ("com1", "Windows 的设备名"), ("lpt9", "Windows 的设备名"), ("con-1", None), ("com10", None),
])
def test_one_rule_for_every_slug(slug, problem):
    found = slugs.problem(slug)
    assert (found is None) if problem is None else (problem in found), found


@pytest.mark.parametrize("parts", [("..", "x.md"), ("/etc/passwd",), ("a", "..", "..", "x"), (".",), ("",)])
def test_inside_refuses_a_path_out_of_its_folder(tmp_path, parts):
    with pytest.raises(slugs.UnsafePath, match="之外，没有写入"):
        slugs.inside(str(tmp_path / "m"), *parts)


def test_inside_refuses_a_way_out_through_a_symbolic_link(tmp_path):
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "hunan").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.raises(slugs.UnsafePath):
        slugs.inside(str(tmp_path / "m"), "hunan", "x.md")
    assert slugs.inside(str(tmp_path / "m"), "fujian", "x.md") == str(tmp_path / "m" / "fujian" / "x.md")


@pytest.fixture(scope="module")
def registry():
    return Registry.load()


@pytest.mark.parametrize("name", EVIL_NAMES)
@pytest.mark.parametrize("place", [{}, {"province": "湖南省", "city": "长沙市"}, {"province": "../../etc"},
                                   {"province": "火星省", "community": "../x"}])
def test_a_new_file_s_path_stays_in_the_methods_folder(tmp_path, registry, name, place):
    folder = tmp_path / "methods"
    path = scaffold.path_for(str(folder), registry, name, place, set())
    assert os.path.realpath(path).startswith(str(folder.resolve()) + os.sep)
    province, file_name = os.path.relpath(path, folder).split(os.sep)
    assert province == ("hunan" if place.get("province") == "湖南省" else "other")
    assert file_name.endswith(".md") and slugs.problem(file_name[:-3]) is None, file_name


def test_reserved_and_taken_names_get_a_number(registry, tmp_path):
    taken = set()
    paths = [os.path.basename(scaffold.path_for(str(tmp_path), registry, name, {}, taken))
             for name in ("CON", "index", "CON", "……", "……")]
    assert paths == ["con-2.md", "index-2.md", "con-3.md", "method.md", "method-2.md"]


def new_method(*args):
    return run(sys.executable, "scripts/new_method.py", *map(str, args))


def files(folder):
    return sorted(os.path.relpath(os.path.join(d, n), folder) for d, _, names in os.walk(folder) for n in names)


@pytest.mark.parametrize("name", ["../../etc/passwd", "/abs/path", "CON", "index", "😀🏠 Emoji", "……", "NUL.md"])
def test_new_method_writes_only_inside_the_methods_folder(tmp_path, name):
    result = new_method("--name", name, "--place", "湖南省长沙市天心区", "--list", "hn-3", "--kind", "综合性",
                        "--methods", tmp_path / "m")
    assert result.returncode == 0, result.stderr
    written = files(tmp_path)
    assert len(written) == 1 and written[0].startswith(os.path.join("m", "hunan", "tianxin")), written
    assert slugs.problem(os.path.basename(written[0])[:-3]) is None


def test_import_batch_writes_only_inside_the_methods_folder(tmp_path):
    rows = ["名称,省份,城市,区县"] + [f"\"{name}\",湖南省,长沙市,天心区" for name in EVIL_NAMES if name.strip("\x00")]
    rows.append("某社区工作法,../../etc,,")  # a province outside the registry: this row is not read
    table = tmp_path / "table.csv"
    table.write_text("\n".join(rows), encoding="utf-8")
    result = run(sys.executable, "scripts/import_batch.py", str(table), "--list", "hn-3", "--source", "hn-2021-zongshu", "--methods", str(tmp_path / "m"))
    assert "Traceback" not in result.stderr
    assert "读不出" in result.stdout  # the row with the made-up province
    written = files(tmp_path)
    assert "table.csv" in written
    made = [f for f in written if f != "table.csv"]
    assert made and all(f.startswith(os.path.join("m", "hunan") + os.sep) for f in made), made
    assert all(slugs.problem(os.path.basename(f)[:-3]) is None for f in made), made


def _method_copy(folder, slug):
    folder.mkdir(exist_ok=True)
    shutil.copy(os.path.join(ROOT, "methods", "hunan", "yuntang-sixiaosida.md"), folder / f"{slug}.md")


@pytest.mark.parametrize("slug,message", [
    ("index", "文件名“index.md”与网站为这个目录自动生成的页面（index）同名，网址会冲突。请改用其他文件名"),
    ("con", "文件名“con.md”是 Windows 的设备名，在 Windows 上无法建立这个文件"),
    ("lpt1", "是 Windows 的设备名"),
    ("x" * 70, "太长（70 个字符），最多 64 个"),
])
def test_a_reserved_method_file_name_is_an_error(tmp_path, slug, message):
    _method_copy(tmp_path / "m", slug)
    result = check(str(tmp_path / "m"))
    assert result.returncode == 1
    assert reported(result.stdout.splitlines(), str(tmp_path / "m"), f"{slug}.md", 1, None, message), result.stdout


@pytest.mark.parametrize("slug,message", [
    ("index", "文件名“index”会成为网址和 PDF 的名字，与网站为这个目录自动生成的页面（index）同名"),
    ("nul", "是 Windows 的设备名"),
])
def test_a_reserved_collection_file_name_is_an_error(tmp_path, slug, message):
    (tmp_path / "c").mkdir()
    shutil.copy(os.path.join(ROOT, "collections", "hunan.yml"), tmp_path / "c" / f"{slug}.yml")
    result = check(str(tmp_path / "c" / f"{slug}.yml"))
    assert result.returncode == 1
    assert reported(result.stdout.splitlines(), str(tmp_path / "c"), f"{slug}.yml", 1, None, message), result.stdout


@pytest.mark.parametrize("file_name,key,value", [("themes.yml", "居民自治", "../x"), ("provinces.yml", "湖南省", "index"),
                                                 ("lists.yml", "../../x", None)])
def test_data_names_that_become_addresses_are_checked(registry, file_name, key, value):
    data = Registry.load()
    table = {"themes.yml": data.themes, "provinces.yml": data.provinces, "lists.yml": data.lists}[file_name]
    if value is None:
        table[key] = dict(next(iter(table.values())))
    else:
        table[key] = dict(table[key], slug=value)
    data.problems = []
    data._check(None)
    assert any(p.field == key and "会成为网址和文件名" in p.message for p in data.problems), data.problems


def test_a_book_is_never_printed_outside_its_folder(tmp_path):
    from methodkb.printing import books as printing

    book = books.Book(slug="../../evil", title="书", subtitle=None, compiler="", date="", foreword=[], how="")
    with pytest.raises(slugs.UnsafePath):
        printing.print_books([book], None, str(tmp_path / "out"))
    assert not any(tmp_path.iterdir())


def test_export_form_refuses_a_method_with_a_reserved_file_name(tmp_path):
    _method_copy(tmp_path / "m", "con")
    result = run(sys.executable, os.path.join(ROOT, "scripts", "export_form.py"), str(tmp_path / "m" / "con.md"),
                 cwd=str(tmp_path))
    assert result.returncode == 1
    assert "是 Windows 的设备名" in result.stderr and "没有生成推荐表" in result.stderr
    assert files(tmp_path) == [os.path.join("m", "con.md")]


def test_scripts_stop_with_a_message_on_an_unsafe_path(capsys):
    from methodkb.commands import cli

    def main():
        return slugs.inside("methods", "..", "..", "x.md") and 0

    with pytest.raises(SystemExit) as stopped:
        cli.run(main)
    assert stopped.value.code == 1
    assert "会写到目录 methods 之外，没有写入" in capsys.readouterr().err
