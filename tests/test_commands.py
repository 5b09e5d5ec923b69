"""The editors' commands: installed as kb-* console commands, run as python scripts/<name>.py through
thin wrappers, the same messages either way, and which knowledge base each works on by default."""

from __future__ import annotations

import ast
import os
import re
import shutil
import sys
import tomllib
from importlib import metadata

import pytest

from conftest import ROOT, run

# The commands this project has promised; [project.scripts] may declare more, and each is tested alike.
PROMISED = {
    "kb-check": "check",
    "kb-new-method": "new_method",
    "kb-import": "import_batch",
    "kb-export-form": "export_form",
    "kb-print-book": "print_book",
    "kb-offline": "offline",
}
with open(os.path.join(ROOT, "pyproject.toml"), "rb") as _handle:
    DECLARED = tomllib.load(_handle)["project"]["scripts"]
# console command → its module in methodkb/commands/ (and scripts/<module>.py)
COMMANDS = {name: value.removeprefix("methodkb.commands.").removesuffix(":console") for name, value in DECLARED.items()}
BIN = os.path.dirname(sys.executable)
CJK = re.compile(r"[\u4e00-\u9fff]")


def command(name: str) -> str:
    """The installed console command, beside the python that runs the tests (the venv's bin/)."""
    return os.path.join(BIN, name)


def test_pyproject_declares_every_command_and_the_install_has_them():
    assert {name: DECLARED.get(name) for name in PROMISED} == {
        name: f"methodkb.commands.{module}:console" for name, module in PROMISED.items()}
    assert all(re.fullmatch(r"kb-[a-z-]+", name) for name in DECLARED), sorted(DECLARED)  # ASCII, no Chinese
    assert all(re.fullmatch(r"methodkb\.commands\.\w+:console", value) for value in DECLARED.values()), DECLARED
    # The installed metadata is the pyproject's (make reinstalls when pyproject.toml changes).
    installed = {ep.name: ep.value for ep in metadata.distribution("methodkb").entry_points
                 if ep.group == "console_scripts"}
    assert installed == DECLARED


@pytest.mark.parametrize("name", COMMANDS)
def test_each_console_command_answers_help_in_chinese(name):
    assert os.access(command(name), os.X_OK), f"{name} 没有安装到 {BIN}"
    result = run(command(name), "--help")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"用法：{name} ")
    assert CJK.search(lines[2]), lines[2]  # the description
    assert "-h, --help" in result.stdout and "显示本说明并退出" in result.stdout
    assert "usage:" not in result.stdout and "show this help" not in result.stdout


@pytest.mark.parametrize("name,module", COMMANDS.items())
def test_a_script_and_its_console_command_give_the_same_help(name, module):
    script = run(sys.executable, f"scripts/{module}.py", "--help")
    installed = run(command(name), "--help")
    assert script.returncode == installed.returncode == 0
    assert script.stdout.startswith(f"用法：python scripts/{module}.py ")
    assert script.stdout.replace(f"python scripts/{module}.py", name, 1) == installed.stdout


def test_a_script_and_its_console_command_report_the_same_problems():
    script = run(sys.executable, "scripts/check.py", "tests/broken/province.md")
    installed = run(command("kb-check"), "tests/broken/province.md")
    assert script.returncode == installed.returncode == 1
    assert "tests/broken/province.md:" in script.stdout
    assert (script.stdout, script.stderr) == (installed.stdout, installed.stderr)
    # A wrong option: the same Chinese message and exit code 2, each naming itself.
    script, installed = run(sys.executable, "scripts/check.py", "--bogus"), run(command("kb-check"), "--bogus")
    assert script.returncode == installed.returncode == 2
    assert "无法识别的参数：--bogus" in installed.stderr
    assert script.stderr.replace("python scripts/check.py", "kb-check") == installed.stderr


def test_a_hint_names_the_command_that_was_run(tmp_path):
    args = ("--name", "军门社区工作法", "--place", "火星", "--list", "mz-2018-junmen", "--kind", "综合性",
            "--methods", str(tmp_path))
    installed = run(command("kb-new-method"), *args)
    script = run(sys.executable, "scripts/new_method.py", *args)
    assert installed.returncode == script.returncode == 1
    assert "没有写文件。请改正后重新运行（kb-new-method --help 查看各选项）。" in installed.stderr
    assert "没有写文件。请改正后重新运行（python scripts/new_method.py --help 查看各选项）。" in script.stderr
    assert os.listdir(tmp_path) == []


def _knowledge_base(folder) -> str:
    """A second knowledge base: mkdocs.yml and one method."""
    os.makedirs(folder / "methods" / "hunan")
    shutil.copy(os.path.join(ROOT, "mkdocs.yml"), folder)
    shutil.copy(os.path.join(ROOT, "methods", "hunan", "yuntang-sixiaosida.md"), folder / "methods" / "hunan")
    return str(folder)


def _summary(result) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.splitlines()[-1]


def test_an_installed_command_works_on_the_knowledge_base_it_stands_in(tmp_path):
    everything = _summary(run(command("kb-check")))
    assert re.fullmatch(r"检查了 \d+ 个方法文件、\d+ 个选编文件，全部通过。", everything), everything
    # Anywhere inside the repository: its methods/ and collections/, as from the top.
    assert _summary(run(command("kb-check"), cwd=os.path.join(ROOT, "methods", "hunan"))) == everything
    # Inside another knowledge base: that one, from any of its folders.
    other = _knowledge_base(tmp_path / "other")
    assert _summary(run(command("kb-check"), cwd=other)) == "检查了 1 个方法文件，全部通过。"
    assert _summary(run(command("kb-check"), cwd=os.path.join(other, "methods"))) == "检查了 1 个方法文件，全部通过。"
    # Outside any: the checkout the package is installed from (make installs it editable).
    import methodkb
    checkout = os.path.dirname(os.path.dirname(os.path.abspath(methodkb.__file__)))
    assert os.path.samefile(checkout, ROOT), "methodkb 应从本仓库以可编辑方式安装（make 会这样安装）"
    (tmp_path / "elsewhere").mkdir()
    assert _summary(run(command("kb-check"), cwd=tmp_path / "elsewhere")) == everything


def test_a_script_works_on_its_own_repository_wherever_it_is_run(tmp_path):
    everything = _summary(run(sys.executable, "scripts/check.py"))
    other = _knowledge_base(tmp_path / "other")
    assert _summary(run(sys.executable, os.path.join(ROOT, "scripts", "check.py"), cwd=other)) == everything


@pytest.mark.parametrize("module", COMMANDS.values())
def test_each_script_is_a_thin_wrapper_around_its_command(module):
    path = os.path.join(ROOT, "scripts", f"{module}.py")
    tree = ast.parse(open(path, encoding="utf-8").read())
    assert not [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.ClassDef))]
    imports = {(node.module, alias.name) for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
               for alias in node.names}
    assert imports == {("methodkb.commands", "cli"), ("methodkb.commands", module)}
    assert f"cli.run({module}.main, script=__file__)" in ast.unparse(tree)
    # The command module has the body: main(argv) and the console entry point.
    from importlib import import_module
    commands = import_module(f"methodkb.commands.{module}")
    assert callable(commands.main) and callable(commands.console)


def test_nothing_in_scripts_or_the_package_edits_sys_path():
    pattern = re.compile(r"\bsys\s*\.\s*path\b|\baddsitedir\b|\bPYTHONPATH\b")
    found = []
    for top in ("scripts", "methodkb"):
        for folder, _, names in os.walk(os.path.join(ROOT, top)):
            for name in names:
                if name.endswith(".py"):
                    path = os.path.join(folder, name)
                    for number, line in enumerate(open(path, encoding="utf-8"), 1):
                        if pattern.search(line):
                            found.append(f"{os.path.relpath(path, ROOT)}:{number}: {line.strip()}")
    assert found == []
