"""The real batch of issue 18: the rows of ../shared/sources/public_reports.csv on lists of
优秀社区工作法, imported from the tables in tests/import/real/ (one per list) into methods/."""

from __future__ import annotations

import csv
import os
import re
import sys

from conftest import ROOT, run
from methodkb.checks import loading
from methodkb.editor import scaffold
from methodkb.model.registry import Registry

REAL = os.path.join(ROOT, "tests", "import", "real")
TABLES = {  # table → list, as imported
    "national-2018.csv": "mz-2018-youxiu", "junmen-2018.csv": "mz-2018-junmen", "hunan-1-2019.csv": "hn-2019-1",
    "hunan-3.csv": "hn-3", "shandong-2020.csv": "sd-2020", "shandong-2023-2.csv": "sd-2023-2",
    "shandong-pici-weizhu.csv": "sd-pici-weizhu", "xinjiang-2.csv": "xj-2",
}
REGISTRY = Registry.load()
METHODS = loading.load([os.path.join(ROOT, "methods")], ROOT, REGISTRY).methods
ZONGSHU_FILE = REGISTRY.sources["hn-2021-zongshu"]["file"]


def rows():
    for table, key in TABLES.items():
        with open(os.path.join(REAL, table), encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                yield table, key, row


def file_for(row):
    found = [m for m in METHODS if (m.meta.get("place") or {}).get("community") == row["社区"]]
    assert len(found) == 1, (row["社区"], [m.display_path for m in found])
    return found[0]


def test_every_row_has_one_file_on_its_list():
    for table, key, row in rows():
        method = file_for(row)
        assert key in method.list_ids, (table, method.display_path)


def test_no_twin_was_written():
    # A twin is the name of another file plus -2, -3 … (formula digits such as junmen-13335 are not).
    names = {os.path.basename(m.display_path) for m in METHODS}
    twins = [n for n in names if (m := re.match(r"(.+)-\d+\.md$", n)) and f"{m.group(1)}.md" in names]
    assert not twins and not [n for n in names if n.endswith("-2.md")]


def test_each_imported_file_cites_the_reports_its_row_names():
    for table, key, row in rows():
        method = file_for(row)
        cited = [c["id"] for c in method.meta["sources"]]
        wanted, unknown = scaffold.find_sources(REGISTRY, row["来源"])
        assert not unknown and set(wanted) <= set(cited), (method.display_path, wanted, cited)
        if method.meta.get("completeness") == "待补充":  # created by this import
            assert cited == wanted, method.display_path
            assert ("hn-2021-zongshu" in cited) == (ZONGSHU_FILE in row["来源"]), method.display_path
            assert method.meta.get("category") == "优秀社区工作法"


def test_the_four_methods_already_present_were_found_not_created():
    for community, path in (("军门社区", "fujian/junmen-13335.md"), ("云塘社区", "hunan/yuntang-sixiaosida.md"),
                            ("南盘岭社区", "hunan/nanpanling-12345.md"), ("民权路社区", "hunan/minquanlu-bageyitihua.md")):
        found = [m.display_path for m in METHODS if (m.meta.get("place") or {}).get("community") == community]
        assert found == [f"methods/{path}"], found
    nanpanling = next(m for m in METHODS if m.display_path.endswith("nanpanling-12345.md"))
    assert "rednet-2019-05-27" in [c["id"] for c in nanpanling.meta["sources"]]


def test_doubts_stay_on_the_page_and_empty_cells_stay_empty():
    by_community = {(m.meta.get("place") or {}).get("community"): m for m in METHODS}
    def note(community):
        return " ".join(m.get("note") or "" for m in by_community[community].meta["lists"])
    assert "乌鲁木齐经济技术开发区（头屯河区）" in note("广州街社区") and "未写街道" in note("广州街社区")
    assert "未证实是正式名称" in note("紫荆居民区") and "中途中断" in note("鼎秀社区")
    assert "未写街道" in note("鹊桥社区") and "未说明这一届的年份" in note("西关社区")
    assert "不是工作法的名称" in note("清泉街社区") and "formula" not in by_community["清泉街社区"].meta
    assert not by_community["雅居社区"].meta["place"].get("city")
    assert not by_community["西关社区"].meta["place"].get("city")


def test_importing_the_tables_again_would_change_nothing():
    for table, key in TABLES.items():
        result = run(sys.executable, "scripts/import_batch.py", os.path.join(REAL, table), "--list", key, "--dry-run")
        assert result.returncode == 0, result.stdout + result.stderr
        assert "将新建 0 个文件" in result.stdout and "补充" not in result.stdout, result.stdout


def test_the_lists_say_how_much_is_collected(built_site):
    def text(path):
        with open(os.path.join(built_site, path, "index.html"), encoding="utf-8") as handle:
            return re.sub(r"<[^>]+>", "", handle.read())
    national = text("lists/mz-2018-youxiu")
    count = sum(1 for m in METHODS if "mz-2018-youxiu" in m.list_ids)
    assert count == 17
    assert f"本站已收录 {count} 个，名单共 100 个；其余 {100 - count} 个本站尚未收录" in national
    assert "上海市上海市" not in national
    for key, size in (("hn-2019-1", 25), ("sd-2020", 50), ("sd-2023-2", 42), ("xj-2", 19)):
        assert REGISTRY.lists[key]["size"] == size
        assert f"名单共 {size} 个" in text(f"lists/{key}")
    assert "名单共" not in text("lists/sd-pici-weizhu")  # its size is not known
