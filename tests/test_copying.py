"""The copy check (methodkb.checks.copying): a method's own text may repeat at most 20
characters of a source's wording in a row, punctuation, whitespace and markup aside, and
quoted names and titles apart; scripts/check.py reports each longer run."""

from __future__ import annotations

import os
import re
import time

import pytest

from conftest import ROOT, refused
from methodkb.checks import copying, loading
from methodkb.model.registry import SOURCES_DIR, Registry

pytestmark = pytest.mark.skipif(not os.path.isdir(SOURCES_DIR), reason="../shared/sources/ 不在仓库旁")

REGISTRY = Registry.load()
SOURCE = "004_b748d117b8ea2693.txt"
# 25 characters of the source's own wording (附件第一部分第7项), with its commas.
PASTED = "建设社区服务供给和社会组织孵化平台,培育社区社会组织"
METHOD = """---
name: 复制测试工作法
category: 优秀社区工作法
place:
  province: 湖南省
summary: {summary}
sources:
  - id: mz-2015-2014cx
---

## 背景

{body}
"""


def sources() -> dict[str, str]:
    return copying.read_sources(SOURCES_DIR, REGISTRY)


def runs_of(tmp_path, summary="用自己的话写的摘要。", body="用自己的话写的正文。"):
    path = tmp_path / "copy-test.md"
    path.write_text(METHOD.format(summary=summary, body=body), encoding="utf-8")
    method = loading.load([str(path)], str(tmp_path), REGISTRY).methods[0]
    return copying.problems([method], sources()), path


def test_the_pasted_run_is_in_the_source_as_given():
    plain = copying.normalize(PASTED)[0]
    assert len(plain) == 25
    assert plain in copying.normalize(sources()[SOURCE])[0]


def test_a_pasted_run_fails(tmp_path):
    found, _ = runs_of(tmp_path, body=f"市中区{PASTED}。")
    assert len(found) == 1
    problem = found[0]
    assert problem.is_error and problem.field == "正文" and problem.line == 13
    assert "连续相同 25 字" in problem.message and SOURCE in problem.message
    assert copying.normalize(PASTED)[0] in problem.message and "自己的话" in problem.message


def test_the_same_run_with_its_punctuation_changed_still_fails(tmp_path):
    changed = PASTED.replace(",", "；").replace("社区服务", "社区 服务").replace("孵化平台", "**孵化平台**")
    found, _ = runs_of(tmp_path, summary=f"“{changed[:3]}”{changed[3:]}——、", body="正文。")
    assert [p.field for p in found] == ["summary"]
    assert "连续相同 22 字" in found[0].message  # the three quoted characters do not count
    found, _ = runs_of(tmp_path, body=f"- {changed}！")
    assert [p.field for p in found] == ["正文"] and "连续相同 25 字" in found[0].message


def test_a_long_quoted_name_passes(tmp_path):
    title = "“2014年度中国社区治理十大创新成果”提名成果"  # 20 + 4 characters of the source, quoted
    assert len(copying.normalize("2014年度中国社区治理十大创新成果")[0]) >= 17
    found, _ = runs_of(tmp_path, body=f"它被列为{title}，来源是《民政部关于推介“2014年度中国社区治理十大创新成果”创新经验的通知》。")
    assert found == []
    quoted = "「" + PASTED + "」"
    found, _ = runs_of(tmp_path, body=f"来源的原话是{quoted}。")
    assert found == []


def test_check_py_reports_the_file_the_field_the_run_and_the_source(tmp_path):
    _, path = runs_of(tmp_path, body=f"市中区{PASTED}。")
    result = refused(str(path))
    line = next(row for row in result.stdout.splitlines() if "连续相同" in row)
    assert re.search(r"copy-test\.md:13: 正文: ", line)
    assert SOURCE in line and copying.normalize(PASTED)[0] in line


def test_every_method_is_in_its_own_words():
    methods = loading.load([os.path.join(ROOT, "methods")], ROOT, REGISTRY).methods
    assert methods
    texts = sources()
    start = time.perf_counter()
    found = copying.problems(methods, texts)
    assert time.perf_counter() - start < 2
    assert found == [], "\n".join(p.format() for p in found)


def test_the_quick_screen_finds_every_run_the_exact_search_finds():
    # The screen (copying.may_copy) must never pass over a run the exact search finds: on every
    # field of every real method, at the length of its own longest run.
    texts = tuple(sources().values())
    checked = 0
    for method in loading.load([os.path.join(ROOT, "methods")], ROOT, REGISTRY).methods:
        for field, _, text in copying.fields(method.meta, method.body):
            plain, _ = copying.normalize(text)
            length = max(copying.automaton(t).longest(plain)[0] for t in texts)
            if length >= 8:
                assert copying.may_copy(text, texts, length), (method.slug, field)
                checked += 1
    assert checked > 50
