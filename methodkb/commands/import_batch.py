"""把省里公布的名单表格（.xlsx 或 .csv，一行一个方法）导入为方法文件，完整度标为“待补充”。

用法（kb-import 与 python scripts/import_batch.py 相同）：
  python scripts/import_batch.py 名单.xlsx --list "湖南省第三批优秀社区工作法"
  python scripts/import_batch.py 名单.csv --list mz-2014-nominee --category 社区治理创新成果 --dry-run

表头可以各不相同（名称、工作法名称、社区、街道（乡镇）、县（市、区）……），对照见
methodkb/data/import_headers.yml；两行的表头（合并的“所在地”下面是“市（州）”“县（市、区）”“社区”）
按下一行的小表头读。逐行报告：新建了哪个文件、哪些因已有（名称和地点相同）而跳过、哪些行读不出来以及原因。
读不出的行（地点前后矛盾或有读不出的部分、单元格是公式、序号不合理……）一个字也不写，其余行照常导入。
已有的方法不会重复建立，同一张表导入两次不会多出文件。
表格整体无法使用时（打不开、找不到表头、表头有不认识的小表头、名单未登记）一个文件也不写。
"""

from __future__ import annotations

import os
import sys

from methodkb.commands import cli
from methodkb.checks import loading
from methodkb.editor import scaffold
from methodkb.editor import tables
from methodkb.model.registry import Registry

PROGRESS_EVERY = 100  # rows between progress lines on long tables


def main(argv: list[str] | None = None, *, prog: str = "kb-import", root: str | None = None) -> int:
    """``prog``: how the usage line names the command; ``root``: the knowledge base whose folders
    are the defaults (see cli.project_root)."""
    root = root or cli.project_root()
    registry = Registry.load()
    parser = cli.Parser(
        prog=prog,
        usage="%(prog)s 表格.xlsx|表格.csv --list 名单 [选项]",
        description="把公布的名单表格导入为方法文件（完整度“待补充”），逐行报告新建、跳过和读不出来的行。",
        epilog="退出码：0 全部导入或跳过；1 有读不出来的行（其余行照常导入）或表格整体无法使用（一个文件也不写）。",
    )
    parser.add_argument("table", metavar="表格", help="名单表格：.xlsx（读第一个工作表）或 .csv（UTF-8 或 GBK）")
    parser.add_argument("--list", metavar="名单", required=True,
                        help="这张表是哪个名单：编号、全称或简称（须已在 methodkb/data/lists.yml 中登记）")
    parser.add_argument("--category", metavar="类别", help=cli.choices(registry.categories, default=True))
    parser.add_argument("--locator", metavar="位置", help="名单在来源文件中的位置，写入每个文件的来源，例如“附件”")
    parser.add_argument("--methods", metavar="方法目录", default=os.path.join(root, "methods"),
                        help="写到哪个目录，也在这里查找已有的方法（默认：methods/）")
    parser.add_argument("--dry-run", action="store_true", help="只报告会怎样导入，不写文件")
    args = parser.parse_args(argv)
    if cli.missing([args.table]):
        return 1
    list_key = scaffold.find_list(registry, args.list)
    if not list_key:
        print(f"名单“{args.list}”不在名单表（methodkb/data/lists.yml）中，没有导入。"
              "请先在名单表中登记这个名单（编号、名称、发布单位、来源），再用它的编号导入。", file=sys.stderr)
        return 1
    try:
        table = tables.read(args.table)
    except tables.TableError as exc:
        print(f"{args.table}: {exc} 没有导入任何文件。", file=sys.stderr)
        return 1
    rows = f"{table.header_row}–{table.header_end}" if table.header_end else table.header_row
    print(f"表头在第 {rows} 行："
          + "、".join(f"{registry.label_of(f)}←第 {c + 1} 列" for f, c in table.columns.items())
          + (f"；未用的列：{'、'.join(table.ignored)}" if table.ignored else ""))
    plan = _plan(table, list_key, args, registry)
    return _carry_out(plan, args, registry)


def _plan(table: tables.Table, list_key: str, args, registry: Registry) -> list[tuple]:
    """(row number, action, detail, values) per row: action is 新建, 跳过 or 读不出."""
    existing = loading.load([args.methods], os.getcwd(), registry) if os.path.isdir(args.methods) else None
    known = [(m.display_path, m.meta) for m in existing.methods] if existing else []
    plan, total = [], len(table.rows)
    for done, (number, cells) in enumerate(table.rows, 1):
        if total > PROGRESS_EVERY and done % PROGRESS_EVERY == 0:
            print(f"……已读 {done}/{total} 行", file=sys.stderr)
        if not any(cells):
            continue  # a blank row
        raw = {f: cells[c] if c < len(cells) else "" for f, c in table.columns.items()}
        raw.update(list=list_key, category=args.category, locator=args.locator)
        values, problems, notes = scaffold.entry(registry, raw)
        if problems:
            named = f"（{values['name']}）" if values.get("name") else ""
            plan.append((number, "读不出", named + "；".join(p.rstrip("。") for p in problems) + "。", None))
            continue
        same = scaffold.same_method(known, values["name"], values["place"])
        if same:
            plan.append((number, "跳过", f"已有 {same}", None))
            continue
        known.append((f"本表第 {number} 行", values))
        plan.append((number, "新建", "；".join(notes), values))
    return plan


def _carry_out(plan: list[tuple], args, registry: Registry) -> int:
    written, taken = [], scaffold.taken_slugs(args.methods)
    for number, action, detail, values in plan:
        if action == "新建":
            path = scaffold.path_for(args.methods, registry, values["name"], values["place"], taken)
            shown = loading.shown_path(path, os.getcwd())
            if not args.dry_run:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "x", encoding="utf-8") as handle:
                    handle.write(scaffold.text(registry, values, sections=False))
                written.append(path)
            name = values["name"]
            detail = f"{shown}（{name}）" + (f"；{detail}" if detail else "")
        print(f"第 {number} 行：{action}：{detail}")
    counts = {a: sum(1 for p in plan if p[1] == a) for a in ("新建", "跳过", "读不出")}
    verb = "将新建" if args.dry_run else "新建"
    print(f"共 {len(plan)} 行：{verb} {counts['新建']} 个文件，跳过 {counts['跳过']} 个已有的，{counts['读不出']} 行读不出。")
    if written:
        problems = loading.load(written, os.getcwd(), registry).problems
        for problem in problems:
            print(problem.format())
        print("新建的文件全部通过检查。" if not problems else "新建的文件有以上问题，请改正。")
    if counts["读不出"]:
        print("读不出的行没有导入：请按原因改正表格中的这些行，再导入一次（已导入的不会重复）。")
    return 1 if counts["读不出"] else 0


def console() -> None:
    """The installed kb-import command."""
    cli.run(main)
