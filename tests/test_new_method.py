"""scripts/new_method.py asked question by question: each answer checked as it is given and asked
again when wrong, what was typed never lost (a command to start again from is printed when it stops),
options all checked in one run; the formula taken from a quoted name; the pre-commit hook (make hooks).
The names are made up for the tests ("合成测试…"); the places are real divisions."""

from __future__ import annotations

import glob
import os
import shlex
import shutil
import subprocess
import sys
import tomllib

import pytest
import yaml

from conftest import ROOT, run

PLACE = "湖南省长沙市天心区暮云街道云塘社区"
QUESTION = {"name": "名称（例如 军门社区工作法）：", "place": "地点，从省写到社区", "list": "入选名单（", "kind": "类型（"}


def new_method(*args, answers=""):
    return run(sys.executable, "scripts/new_method.py", *map(str, args), input_text=answers)


def meta(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def written(folder) -> list:
    return sorted(p for p in folder.rglob("*.md"))


def test_a_bad_answer_is_asked_again_and_the_good_one_is_written(tmp_path):
    answers = ["合成测试工作法", "火星", PLACE, "第九批", "湖南第三批", "综", "单项性"]
    result = new_method("--methods", tmp_path, answers="\n".join(answers) + "\n")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    # Each bad answer is said at once, then the same question comes again.
    assert "地点“火星”的开头不是省份" in result.stderr
    assert "名单“第九批”不在名单表" in result.stderr
    assert "类型“综”不是可选值。可选：综合性、单项性。" in result.stderr
    assert result.stdout.count(QUESTION["place"]) == 2
    assert result.stdout.count(QUESTION["list"]) == 2 and result.stdout.count(QUESTION["kind"]) == 2
    assert "hn-3：湖南省第三批优秀社区工作法" in result.stdout  # the choices shown with the question
    [path] = written(tmp_path)
    got = meta(path)
    assert got["name"] == "合成测试工作法" and got["kind"] == "单项性"
    assert got["place"]["community"] == "云塘社区" and got["place"]["district"] == "天心区"
    assert got["lists"] == [{"list": "hn-3", "rank": None, "note": None}]


def _command(stderr: str) -> list[str]:
    """The command printed to start again from, as arguments for this python."""
    [line] = [line.strip() for line in stderr.splitlines() if line.strip().startswith("python scripts/new_method.py ")]
    words = shlex.split(line)
    assert words[:2] == ["python", "scripts/new_method.py"]
    return words[2:]


def test_a_required_answer_wrong_every_time_keeps_what_was_typed(tmp_path):
    answers = ["合成测试工作法", PLACE, "第九批", "", "第十批", "这一行不再读"]
    result = new_method("--rank", "3", "--methods", tmp_path, answers="\n".join(answers) + "\n")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "没有写入选名单。" in result.stderr  # an empty answer to a required question
    assert "入选名单已经 3 次不符合要求。最后一次写的是“第十批”，没有采用。" in result.stderr
    assert "没有写文件。已填写的内容如下" in result.stderr
    assert written(tmp_path) == []
    # The printed command holds every answer and option given; run again, only the list is asked.
    kept = _command(result.stderr)
    assert kept == ["--name", "合成测试工作法", "--place", PLACE, "--rank", "3", "--methods", str(tmp_path)]
    again = new_method(*kept, answers="hn-3\n综合性\n")
    assert again.returncode == 0, again.stderr
    assert QUESTION["name"] not in again.stdout and QUESTION["list"] in again.stdout
    [path] = written(tmp_path)
    assert meta(path)["lists"] == [{"list": "hn-3", "rank": 3, "note": None}]


def test_the_end_of_input_before_a_required_answer_keeps_what_was_typed(tmp_path):
    result = new_method("--methods", tmp_path, answers=f"合成测试工作法\n{PLACE}\n")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "输入已结束，还没有填写入选名单。" in result.stderr
    assert _command(result.stderr) == ["--name", "合成测试工作法", "--place", PLACE, "--methods", str(tmp_path)]
    assert written(tmp_path) == []


def test_the_end_of_input_at_the_optional_kind_leaves_it_empty(tmp_path):
    result = new_method("--methods", tmp_path, answers=f"合成测试工作法\n{PLACE}\nhn-3\n")
    assert result.returncode == 0, result.stderr
    [path] = written(tmp_path)
    assert meta(path)["kind"] is None


def test_a_kind_wrong_three_times_is_left_empty(tmp_path):
    result = new_method("--methods", tmp_path, answers=f"合成测试工作法\n{PLACE}\nhn-3\n综\n单\n甲\n")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("不是可选值。可选：综合性、单项性。") == 3
    assert "类型先留空，写好文件后可以在文件中填写。" in result.stderr
    [path] = written(tmp_path)
    assert meta(path)["kind"] is None


@pytest.mark.parametrize("typed,kept", [
    ([], None),
    (["合成测试工作法", PLACE], ["--name", "合成测试工作法", "--place", PLACE]),
])
def test_ctrl_c_keeps_what_was_typed(tmp_path, monkeypatch, capsys, typed, kept):
    from methodkb.commands import new_method as command

    answers = iter(typed)

    def answer(prompt=""):
        try:
            return next(answers)
        except StopIteration:
            raise KeyboardInterrupt from None

    monkeypatch.setattr("builtins.input", answer)
    code = command.main(["--methods", str(tmp_path)], prog="python scripts/new_method.py", root=ROOT)
    err = capsys.readouterr().err
    assert code == 130 and "已中断。" in err and "没有写文件。" in err
    if kept is None:
        assert "python scripts/new_method.py" not in err  # nothing typed, nothing to start again from
    else:
        assert _command(err) == kept + ["--methods", str(tmp_path)]
    assert written(tmp_path) == []


def test_bad_options_are_all_reported_in_one_run_before_any_question(tmp_path):
    result = new_method("--name", "合成测试工作法", "--place", "火星", "--list", "第九批", "--kind", "综",
                        "--methods", tmp_path, answers=f"{PLACE}\nhn-3\n")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("错误：")]
    assert len(errors) == 3, result.stderr
    assert "地点“火星”" in errors[0] and "类型“综”" in errors[1] and "名单“第九批”" in errors[2]
    assert "没有写文件。请改正后重新运行（python scripts/new_method.py --help 查看各选项）。" in result.stderr
    assert "：" not in result.stdout  # no question was asked
    # A bad option with a question still to ask: the option is reported, nothing is asked.
    mixed = new_method("--list", "第九批", "--methods", tmp_path, answers="合成测试工作法\n")
    assert mixed.returncode == 1 and "名单“第九批”不在名单表" in mixed.stderr
    assert QUESTION["name"] not in mixed.stdout
    assert written(tmp_path) == []


# 2. The formula in a quoted name.

@pytest.mark.parametrize("name,text", [
    ("“三联三帮”工作法", "三联三帮"),
    ("云塘社区“四小四大”工作法", "四小四大"),
    ('南盘岭社区"12345"工作法', "12345"),
    ("“一分、两统、三定、四变”社区治理创新", "一分两统三定四变"),
    ("“１２３”工作法", "123"),
    ("营山社区“136工作法”", "136"),
    ("社区“十大服务体系”建设", "十大服务体系"),
    ("军门社区工作法", None),               # nothing quoted
    ("“乡贤参事会”农村社区治理创新", None),  # quoted, but no number
    ("“一站式”服务工作法", None),            # 一 alone is a word, not a count
    ("“百姓议事会”工作法", None),
    ("林云居委会“全岗通”机制（含“八项制度”）", None),  # a bracketed aside is not the name's formula
    ("“三会”“六步”工作法", None),             # two candidates: which one is for the source to say
    ("“一二三四五六七八九十一二三四五六七八九十一”工作法", None),  # longer than formula.text's max (20)
])
def test_the_formula_text_comes_from_a_quoted_number_in_the_name(name, text):
    from methodkb.editor import scaffold
    from methodkb.model.registry import Registry

    assert scaffold.formula_text(Registry.load(), name) == text


def test_the_formula_read_from_each_quoted_name_is_the_one_its_editors_wrote():
    from methodkb.editor import scaffold
    from methodkb.model.registry import Registry

    registry, compared = Registry.load(), 0
    for path in glob.glob(os.path.join(ROOT, "methods", "*", "*.md")):
        with open(path, encoding="utf-8") as handle:
            got = yaml.safe_load(handle.read().split("---\n")[1])
        text = (got.get("formula") or {}).get("text")
        if text and "“" in got["name"]:
            compared += 1
            assert scaffold.formula_text(registry, got["name"]) == str(text), path
    assert compared >= 10


def test_a_new_method_gets_the_formula_and_an_import_does_not(tmp_path):
    result = new_method("--name", "合成测试社区“三联三帮”工作法", "--place", PLACE, "--list", "hn-3", "--kind", "综合性",
                        "--methods", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "说明：数字口诀按名称填为“三联三帮”" in result.stdout
    [path] = written(tmp_path)
    assert meta(path)["formula"]["text"] == "三联三帮" and meta(path)["formula"]["reading"] is None
    assert "formula.reading: 缺少“读法”" in result.stdout  # what is left to fill, from the source
    # An imported file must pass the check as it is: its formula is left for the editors.
    from methodkb.editor import scaffold
    from methodkb.model.registry import Registry

    values, problems, _ = scaffold.entry(Registry.load(), {"name": "合成测试“三联三帮”工作法", "place": PLACE,
                                                           "list": "hn-3", "source": "hn-2021-zongshu"}, importing=True)
    assert problems == [] and "formula" not in values


# 3. pre-commit: installed with the project (make), the hook installed by `make hooks`, and the hook
# running the project's check. Done in a throwaway repository so that this checkout's hooks are untouched.

PRE_COMMIT = os.path.join(os.path.dirname(sys.executable), "pre-commit")


def test_pre_commit_is_a_pinned_dependency_that_make_installs():
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as handle:
        extras = tomllib.load(handle)["project"]["optional-dependencies"]
    assert [d for group in extras.values() for d in group if d.startswith("pre-commit")] == ["pre-commit==4.7.0"]
    dry = run("make", "-n", "-W", "pyproject.toml", "hooks")  # -W: as on a fresh machine, the venv rebuilt
    assert dry.returncode == 0, dry.stderr
    assert "pip install --quiet -e '.[test,dev]'" in dry.stdout
    assert ".venv/bin/pre-commit install" in dry.stdout
    assert os.access(PRE_COMMIT, os.X_OK), "pre-commit 没有装进 .venv：请运行 make（pyproject.toml 的 dev 依赖）"


@pytest.fixture
def repository(tmp_path):
    """A git repository with this project's hook configuration and check, and two method files."""
    folder = tmp_path / "repo"
    (folder / "methods" / "hunan").mkdir(parents=True)
    (folder / "scripts").mkdir()
    shutil.copy(os.path.join(ROOT, ".pre-commit-config.yaml"), folder)
    shutil.copy(os.path.join(ROOT, "scripts", "check.py"), folder / "scripts")
    os.symlink(os.path.join(ROOT, ".venv"), folder / ".venv")  # the hook's entry is .venv/bin/python
    shutil.copy(os.path.join(ROOT, "methods", "hunan", "yuntang-sixiaosida.md"), folder / "methods" / "hunan")
    shutil.copy(os.path.join(ROOT, "tests", "broken", "province.md"), folder / "methods" / "hunan" / "bad.md")
    env = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "PRE_COMMIT_HOME": str(tmp_path / "cache"),
           "GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "test@example.invalid"}
    subprocess.run(["git", "init", "-q", str(folder)], check=True, env=dict(os.environ, **env))
    return folder, env


def test_make_hooks_installs_the_hook_and_a_commit_with_a_bad_method_file_is_refused(repository):
    folder, env = repository
    # This Makefile in the throwaway repository, with this checkout's .venv taken as made (-o).
    hooks = run("make", "-f", os.path.join(ROOT, "Makefile"), "-o", os.path.join(ROOT, ".venv", ".installed"),
                f"VENV={os.path.join(ROOT, '.venv')}", "hooks", cwd=folder, env=env)
    assert hooks.returncode == 0, hooks.stdout + hooks.stderr
    assert "已装好提交前检查" in hooks.stdout
    assert (folder / ".git" / "hooks" / "pre-commit").exists()
    run("git", "add", "methods", cwd=folder, env=env)
    refused = run("git", "commit", "-q", "-m", "检验", cwd=folder, env=env)
    assert refused.returncode == 1
    assert "methods/hunan/bad.md:5: place.province: “湖南” 不是省级行政区名称，应为“湖南省”" in refused.stdout + refused.stderr
    run("git", "rm", "-q", "--cached", "methods/hunan/bad.md", cwd=folder, env=env)
    accepted = run("git", "commit", "-q", "-m", "检验", cwd=folder, env=env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def test_the_hook_checks_only_the_files_it_is_given(repository):
    folder, env = repository
    good = run(PRE_COMMIT, "run", "--files", "methods/hunan/yuntang-sixiaosida.md", cwd=folder, env=env)
    assert good.returncode == 0, good.stdout + good.stderr
    bad = run(PRE_COMMIT, "run", "--files", "methods/hunan/bad.md", "methods/hunan/yuntang-sixiaosida.md",
              cwd=folder, env=env)
    assert bad.returncode == 1
    assert "methods/hunan/bad.md:5: place.province:" in bad.stdout
    assert "检查了 2 个方法文件：1 个错误" in bad.stdout


@pytest.mark.parametrize("typed,hint", [
    ("湖南省第三批", "是不是“湖南省第三批优秀社区工作法”（编号 hn-3）？"),          # the province in full
    ("湖南第3批", "是不是“湖南省第三批优秀社区工作法”（编号 hn-3）？"),            # a digit for the numeral
    ("hn3", "是不是“湖南省第三批优秀社区工作法”（编号 hn-3）？"),                  # the id without its dash
    ("山东第二批优秀社区工作法", "是不是“山东省第二批优秀社区工作法（2023）”（编号 sd-2023-2）？"),
    ("湖南", "是不是其中之一：“湖南省第三批优秀社区工作法”（编号 hn-3）、“湖南省全省首批优秀社区工作法（2019）”（编号 hn-2019-1）？"),
    ("湖南省第四批", ""),   # a batch not registered yet, not a slip for the third
    ("第九批", ""),
    ("全国第二批", ""),     # no registered list of the country is a 第二批
])
def test_a_list_not_found_names_the_one_meant(tmp_path, typed, hint):
    result = new_method("--name", "某工作法", "--place", PLACE, "--list", typed, "--kind", "综合性", "--methods", tmp_path)
    assert result.returncode == 1 and not any(tmp_path.iterdir())
    assert f"名单“{typed}”不在名单表（methodkb/data/lists.yml）中。{hint}请写名单编号、全称或简称" in result.stderr, result.stderr
