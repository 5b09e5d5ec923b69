"""scripts/export_form.py: the ministry's 推荐表 (source 000, 附件2) as .docx, read back with python-docx."""

from __future__ import annotations

import os
import sys

import docx
import yaml

from conftest import ROOT, run


def export(*args, cwd=ROOT):
    return run(sys.executable, os.path.join(ROOT, "scripts", "export_form.py"), *map(str, args), cwd=cwd)


def meta_of(relative):
    return yaml.safe_load(open(os.path.join(ROOT, relative), encoding="utf-8").read().split("---\n")[1])


def test_the_form_holds_the_method_and_the_opinion_boxes(tmp_path):
    target = tmp_path / "军门.docx"
    result = export("军门社区工作法", "-o", target)
    assert result.returncode == 0, result.stderr
    document = docx.Document(target)
    assert document.paragraphs[0].text == "优秀社区工作法推荐表"
    assert [p.text for p in document.paragraphs[-2:]] == ["注：1.各级推荐意见一般不少于200字；", "2.此表可另行复制、可加附页。"]
    rows = document.tables[0].rows
    assert [r.cells[0].text for r in rows] == ["社区工作法文本", "区（县、市、旗）党委和政府推荐意见", "市（地、州、盟）民政局推荐意见"]
    text = rows[0].cells[1].text
    meta = meta_of("methods/fujian/junmen-13335.md")
    assert text.startswith("军门社区工作法\n地点：福建省福州市鼓楼区东街街道军门社区")
    assert meta["summary"].replace("\n", "").replace(" ", "")[:30] in text
    for part in meta["formula"]["parts"]:
        assert part["meaning"] in text
    for name, statement in meta["characteristics"].items():
        assert f"{name}：{statement}" in text
    assert "## " not in text and "**" not in text  # Markdown turned into plain paragraphs
    assert "民政部办公厅《民政部办公厅关于推广军门社区工作法" in text
    for row in rows[1:]:
        opinion = row.cells[1].text
        assert "不少于200字" in opinion and opinion.rstrip().endswith("盖章（日期）：")
    assert document.core_properties.title == "优秀社区工作法推荐表：军门社区工作法"


def test_a_pending_method_by_file_name(tmp_path):
    result = export("qianyang-xiaoweiquanli", cwd=tmp_path)  # written beside where the editor is
    assert result.returncode == 0, result.stderr
    document = docx.Document(tmp_path / "qianyang-xiaoweiquanli-推荐表.docx")
    assert "千阳县“小微权力”清单制度" in document.tables[0].rows[0].cells[1].text


def test_an_unknown_or_broken_method_writes_nothing(tmp_path):
    missing = export("没有这个工作法", "-o", tmp_path / "x.docx")
    assert missing.returncode == 1 and "找不到方法“没有这个工作法”" in missing.stderr
    broken = export(os.path.join(ROOT, "tests", "broken", "province.md"), "-o", tmp_path / "y.docx")
    assert broken.returncode == 1 and "方法文件有错误，没有生成推荐表" in broken.stderr
    assert "“湖南” 不是省级行政区名称" in broken.stderr
    assert not list(tmp_path.iterdir())
