"""bench/generate.py: synthetic corpora pass scripts/check.py, and the script never empties a folder it did not write."""

from __future__ import annotations

import os
import sys

from conftest import check, run

GENERATE = os.path.join("bench", "generate.py")


def generate(*args):
    return run(sys.executable, GENERATE, *map(str, args))


def test_generated_corpus_passes_the_check(tmp_path):
    out = tmp_path / "corpus"
    result = generate(30, "--out", out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "生成 30 个合成方法" in result.stdout
    assert (out / ".synthetic").is_file()
    files = sorted(out.rglob("*.md"))
    assert len(files) == 30
    slugs = [f.stem for f in files]
    assert len(set(slugs)) == 30
    assert all(s.startswith("syn-") for s in slugs)

    checked = check(str(out))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "检查了 30 个方法文件，全部通过。" in checked.stdout


def test_same_seed_same_corpus_and_rerun_replaces_it(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert generate(12, "--out", first, "--seed", 7).returncode == 0
    assert generate(12, "--out", second, "--seed", 7).returncode == 0
    read = lambda root: {p.relative_to(root): p.read_bytes() for p in root.rglob("*.md")}  # noqa: E731
    assert read(first) == read(second)
    # A corpus the script wrote (it has the marker) is emptied and written again.
    assert generate(5, "--out", first).returncode == 0
    assert len(list(first.rglob("*.md"))) == 5


def test_refuses_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "notes.txt").write_text("不是合成语料", encoding="utf-8")
    result = generate(3, "--out", tmp_path)
    assert result.returncode == 1
    assert ".synthetic" in result.stderr and "拒绝" in result.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "不是合成语料"
    assert not list(tmp_path.rglob("*.md"))
