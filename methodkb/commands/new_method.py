"""新建一个方法文件：按字段规范写好全部字段（每个字段上方有说明），填入已知的内容，正文各节留好小标题。

用法（kb-new-method 与 python scripts/new_method.py 相同）：
  python scripts/new_method.py                    逐项询问名称、地点、入选名单、类型
  python scripts/new_method.py --name 军门社区工作法 --place 福建省福州市鼓楼区东街街道军门社区 \\
      --list mz-2018-junmen --kind 综合性

逐项询问时，每个回答当即检查：不符合要求的说明原因并重新询问（最多 3 次；类型可以留空）。
中途停下（Ctrl-C、输入结束）时不写文件，但列出已填写的内容，复制那行命令重新运行即可接着填写。
写到 methods/<省份>/<文件名>.md，文件名按地点和名称的拼音自动取。已有同名同地点的方法时不写。
名称中引号里的数字口诀（“四小四大”“12345”）填入 formula.text。
"""

from __future__ import annotations

import os
import shlex
import sys

from methodkb.commands import cli
from methodkb.checks import loading
from methodkb.editor import scaffold
from methodkb.model.registry import Registry

# option → what the prompt asks (the options the editors fill most)
QUESTIONS = {
    "name": "名称（例如 军门社区工作法）",
    "place": "地点，从省写到社区（例如 福建省福州市鼓楼区东街街道军门社区）",
    "list": "入选名单（编号、全称或简称，见下表）",
    "kind": "类型（综合性 / 单项性，不清楚就直接回车）",
}
LABELS = {"name": "名称", "place": "地点", "list": "入选名单", "kind": "类型"}


def main(argv: list[str] | None = None, *, prog: str = "kb-new-method", root: str | None = None) -> int:
    """``prog``: how the usage line names the command; ``root``: the knowledge base whose folders
    are the defaults (see cli.project_root)."""
    root = root or cli.project_root()
    registry = Registry.load()
    parser = cli.Parser(
        prog=prog,
        usage="%(prog)s [--name 名称] [--place 地点] [--list 名单] [--kind 类型] [其他选项]",
        description="新建一个方法文件：全部字段都写好并附说明，已知的内容填好，正文各节留好小标题。缺少的项会逐项询问。",
        epilog="写好后会立即检查这个文件，列出还要填写的地方。",
    )
    parser.add_argument("--name", metavar="名称", help="工作法的名称，按名单的写法")
    parser.add_argument("--place", metavar="地点", help="从省写到社区的完整地点，例如“湖南省长沙市天心区暮云街道云塘社区”")
    for level, spec in registry.fields["place"]["fields"].items():
        parser.add_argument(f"--{level}", metavar=spec["label"], help=f"{spec['label']}（代替或补充 --place）")
    parser.add_argument("--list", metavar="名单", help="入选名单的编号、全称或简称（见 methodkb/data/lists.yml）")
    parser.add_argument("--rank", metavar="名次", help="在名单上的序号或名次")
    parser.add_argument("--kind", metavar="类型", help=cli.choices(registry.kinds))
    parser.add_argument("--category", metavar="类别", help=cli.choices(registry.categories, default=True))
    parser.add_argument("--unit", metavar="申报单位", help="名单上写明的申报或推荐单位")
    parser.add_argument("--methods", metavar="方法目录", default=os.path.join(root, "methods"),
                        help="写到哪个目录（默认：methods/）")
    args = parser.parse_args(argv)
    raw = {key: value for key, value in vars(args).items() if key != "methods"}
    kept = [] if args.methods == os.path.join(root, "methods") else ["--methods", args.methods]
    asked = [key for key in QUESTIONS if not _given(raw, key)]
    # Bad options are all reported in one run, before any question: a command line is fixed whole.
    _, problems, _ = scaffold.tagged_entry(registry, raw)
    wrong = [message for field, message in problems if field not in asked]
    if wrong:
        for problem in wrong:
            print(f"错误：{problem}", file=sys.stderr)
        print(f"没有写文件。请改正后重新运行（{prog} --help 查看各选项）。", file=sys.stderr)
        return 1
    code = _ask(raw, registry, asked)
    if code is not None:
        _keep(raw, prog, kept)
        return code
    values, problems, notes = scaffold.entry(registry, raw)
    if problems:  # not expected: every answer was checked; said all the same, with the answers kept
        for problem in problems:
            print(f"错误：{problem}", file=sys.stderr)
        _keep(raw, prog, kept)
        return 1
    existing = loading.load([args.methods], os.getcwd(), registry) if os.path.isdir(args.methods) else None
    found = existing and scaffold.same_method(((m.display_path, m.meta) for m in existing.methods),
                                              values["name"], values["place"])
    if found:
        print(f"已有这个方法：{found}（名称和地点相同），没有另写文件。", file=sys.stderr)
        return 1
    path = scaffold.path_for(args.methods, registry, values["name"], values["place"], scaffold.taken_slugs(args.methods))
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(scaffold.text(registry, values))
    except OSError as error:
        print(f"无法写入 {loading.shown_path(path, os.getcwd())}：{cli.write_error(error)}。", file=sys.stderr)
        _keep(raw, prog, kept)
        return 1
    shown = loading.shown_path(path, os.getcwd())
    for note in notes:
        print(f"说明：{note}。")
    print(f"已写入 {shown}。")
    print("接下来：按每个字段上方的说明填写；摘要、正文等须来自来源文件，用自己的话写；"
          "来源没有写到的字段留空，正文中没有内容的小标题删去。以下是这个文件现在的检查结果：")
    checked = loading.load([path], os.getcwd(), registry)
    for problem in checked.problems:
        print(f"  {problem.format()}")
    return 0


OPTIONAL = {"kind"}  # may be left empty: asked again after a bad answer, then left empty
TRIES = 3  # answers to one question before it stops


def _given(raw: dict, key: str) -> bool:
    return bool(raw.get(key)) or (key == "place" and bool(raw.get("province")))


def _ask(raw: dict, registry: Registry, asked: list[str]) -> int | None:
    """Ask for what the options did not give, one question at a time, each answer checked as it
    is given and asked again when wrong (``TRIES`` times). Returns None when every answer is in,
    else the exit code (what was typed is kept in ``raw``): a required question answered wrongly
    every time, the end of input before a required answer (an optional one is left empty), Ctrl-C."""
    for key in asked:
        if key == "list":
            _show_lists(registry)
        for attempt in range(1, TRIES + 1):
            try:
                answer = input(f"{QUESTIONS[key]}：").strip() or None
            except EOFError:
                if key in OPTIONAL:
                    break
                print(file=sys.stderr)
                print(f"输入已结束，还没有填写{LABELS[key]}。", file=sys.stderr)
                return 1
            except KeyboardInterrupt:
                print(file=sys.stderr)
                print("已中断。", file=sys.stderr)
                return 130
            trial = dict(raw, **{key: answer})
            _, problems, _ = scaffold.tagged_entry(registry, trial)
            wrong = [message for field, message in problems if field == key]
            if not wrong:
                raw[key] = answer
                break
            for problem in wrong:
                print(f"错误：{problem}", file=sys.stderr)
            if attempt < TRIES:
                continue
            if key in OPTIONAL:
                print(f"{LABELS[key]}先留空，写好文件后可以在文件中填写。", file=sys.stderr)
            else:
                print(f"{LABELS[key]}已经 {TRIES} 次不符合要求。"
                      f"最后一次写的是“{answer or ''}”，没有采用。", file=sys.stderr)
                return 1
    return None


def _show_lists(registry: Registry) -> None:
    for list_key, entry in registry.lists.items():
        print(f"  {list_key}：{entry.get('name')}")


def _keep(raw: dict, prog: str, kept: list[str]) -> None:
    """Nothing was written: what was typed so far, as a command that starts again from there."""
    given = [(key, value) for key, value in raw.items() if value]
    print("没有写文件。", end="", file=sys.stderr)
    if not given:
        print(file=sys.stderr)
        return
    print("已填写的内容如下，复制下面这行命令重新运行，只需回答其余的问题：", file=sys.stderr)
    words = [word for key, value in given for word in (f"--{key}", value)] + kept
    print(f"  {prog} " + " ".join(shlex.quote(str(word)) for word in words), file=sys.stderr)


def console() -> None:
    """The installed kb-new-method command."""
    cli.run(main)
