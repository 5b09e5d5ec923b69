"""把省里公布的名单表格（.xlsx 或 .csv，一行一个方法）导入为方法文件，完整度标为“待补充”。

用法（kb-import 与 python scripts/import_batch.py 相同）：
  python scripts/import_batch.py 名单.xlsx --list "湖南省第三批优秀社区工作法" --source hn-2021-zongshu
  python scripts/import_batch.py 名单.csv --list mz-2014-nominee --category 社区治理创新成果 --dry-run

表头可以各不相同（名称、工作法名称、社区、街道（乡镇）、县（市、区）、来源……），对照见
methodkb/data/import_headers.yml；两行的表头（合并的“所在地”下面是“市（州）”“县（市、区）”“社区”）
按下一行的小表头读。

每个新建的文件引用这一行的出处：“来源”列（来源编号、来源表中登记的网址或 ../shared/sources/ 中的文件名，
多个用分号隔开），该列为空时用 --source；两者都没有时，只在名单登记的来源就是名单本身时
（lists.yml 中 source_is_list: true）引用它，否则整张表不导入。

已有的方法不会重复建立：名称和地点相同，或同一区县的同一社区（不论名称怎样写），就把这个名单和这一行的来源
加进已有文件的 lists 和 sources（只插入新的几行，文件其余部分原样保留；不能这样改时说明原因，不改）；
同一社区但区县、城市不同或一方没写区县时，列出那个文件，这一行不导入，请核对。

逐行报告：新建了哪个文件、补充了哪个已有文件、哪些因已写明而跳过、哪些行读不出或待确认以及原因。
读不出、待确认的行一个字也不写，其余行照常导入（报告末尾说明）；同一张表导入两次不会多出文件，也不会重复添加。
表格整体无法使用时（打不开、找不到表头、表头有不认识的小表头、名单或 --source 未登记、没有任何来源）一个文件也不写。
"""

from __future__ import annotations

import os
import sys

from methodkb.commands import cli
from methodkb.checks import loading
from methodkb.editor import amend
from methodkb.editor import scaffold
from methodkb.editor import tables
from methodkb.model.registry import Registry

PROGRESS_EVERY = 100  # rows between progress lines on long tables
LABELS = {"source": "来源"}  # table columns that are not method fields


def main(argv: list[str] | None = None, *, prog: str = "kb-import", root: str | None = None) -> int:
    """``prog``: how the usage line names the command; ``root``: the knowledge base whose folders
    are the defaults (see cli.project_root)."""
    root = root or cli.project_root()
    registry = Registry.load()
    parser = cli.Parser(
        prog=prog,
        usage="%(prog)s 表格.xlsx|表格.csv --list 名单 [选项]",
        description="把公布的名单表格导入为方法文件（完整度“待补充”），逐行报告新建、跳过和读不出来的行。",
        epilog="退出码：0 全部导入、补充或跳过；1 有读不出、待确认或不能修改的行（其余行照常导入）"
               "或表格整体无法使用（一个文件也不写）。",
    )
    parser.add_argument("table", metavar="表格", help="名单表格：.xlsx（读第一个工作表）或 .csv（UTF-8 或 GBK）")
    parser.add_argument("--list", metavar="名单", required=True,
                        help="这张表是哪个名单：编号、全称或简称（须已在 methodkb/data/lists.yml 中登记）")
    parser.add_argument("--category", metavar="类别", help=cli.choices(registry.categories, default=True))
    parser.add_argument("--source", metavar="来源",
                        help="这张表的行出自哪个来源：来源编号、来源表中登记的网址或 ../shared/sources/ 中的文件名"
                             "（行中“来源”列有内容时以该列为准）")
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
    if args.source:
        found, unknown = scaffold.find_sources(registry, args.source)
        if unknown or not found:
            for part in unknown or [args.source]:
                print(f"--source：{scaffold.unknown_source(registry, part)}没有导入任何文件。", file=sys.stderr)
            return 1
    try:
        table = tables.read(args.table)
    except tables.TableError as exc:
        print(f"{args.table}: {exc} 没有导入任何文件。", file=sys.stderr)
        return 1
    rows = f"{table.header_row}–{table.header_end}" if table.header_end else table.header_row
    print(f"表头在第 {rows} 行："
          + "、".join(f"{LABELS.get(f) or registry.label_of(f)}←第 {c + 1} 列" for f, c in table.columns.items())
          + (f"；未用的列：{'、'.join(table.ignored)}" if table.ignored else ""))
    entry = registry.lists[list_key]
    if "source" not in table.columns and not args.source and not entry.get("source_is_list"):
        own = registry.sources.get(entry["source"], {}).get("short", entry["source"])
        print(f"{args.table}: 没有导入任何文件：表格没有“来源”列，也没有用 --source 指明来源；"
              f"名单“{entry['name']}”登记的来源《{own}》只是关于这个名单的报道或文章，不是名单本身，"
              "不能作为每一行的出处。请用 --source 写明这张表出自哪个来源（编号或网址），"
              "或在表格中加一列“来源”逐行写明。", file=sys.stderr)
        return 1
    plan = _plan(table, list_key, args, registry)
    return _carry_out(plan, args, registry)


REFUSED = ("读不出", "待确认", "不能修改")  # rows not imported; the run exits 1


def _plan(table: tables.Table, list_key: str, args, registry: Registry) -> list[tuple]:
    """(row number, action, detail, values, path) per row: action is 新建, 补充 (an existing file
    gets the list or the source), 跳过 (all there already), 读不出 or 待确认."""
    existing = loading.load([args.methods], os.getcwd(), registry) if os.path.isdir(args.methods) else None
    known = [(m.display_path, m.meta) for m in existing.methods] if existing else []
    files = {m.display_path: m.abs_path for m in existing.methods} if existing else {}
    pending: dict[str, dict] = {}  # existing file → what earlier rows of this table add to it
    plan, total = [], len(table.rows)
    for done, (number, cells) in enumerate(table.rows, 1):
        if total > PROGRESS_EVERY and done % PROGRESS_EVERY == 0:
            print(f"……已读 {done}/{total} 行", file=sys.stderr)
        if not any(cells):
            continue  # a blank row
        raw = {f: cells[c] if c < len(cells) else "" for f, c in table.columns.items()}
        raw.update(list=list_key, category=args.category, locator=args.locator)
        raw["source"] = raw.get("source") or args.source
        values, problems, notes = scaffold.entry(registry, raw, importing=True)
        named = f"（{values['name']}）" if values.get("name") else ""
        if problems:
            plan.append((number, "读不出", named + "；".join(p.rstrip("。") for p in problems) + "。", None, None))
            continue
        found = scaffold.existing_for(known, values["name"], values["place"])
        if found and found[1] not in files:  # an earlier row of this table
            plan.append((number, "跳过", f"已有 {found[1]}", None, None))
            continue
        if found and found[0] == "unsure":
            plan.append((number, "待确认", f"{named}可能与已有的 {found[1]}（{found[2].get('name')}）是同一个方法：{found[3]}。"
                         "是同一方法时，请把表中的地点改得与该文件一致再导入（或在该文件的 lists、sources 中直接加上）；"
                         "不是同一方法时，请用 kb-new-method 单独新建。", None, None))
            continue
        if found:
            shown = found[1]
            adds = _additions(found[2], values, pending.setdefault(shown, {"lists": [], "sources": []}))
            what = _described(adds, registry)
            if not what:
                plan.append((number, "跳过", f"已有 {shown}（{found[2].get('name')}），这一名单和来源都已写明", None, None))
                continue
            lost = "；这一行的备注没有写入（该文件已有这一名单，请对照核对）" if values["lists"][0].get("note") and not adds["lists"] else ""
            plan.append((number, "补充", f"{shown}（{found[2].get('name')}）：{what}{lost}", adds, files[shown]))
            continue
        known.append((f"本表第 {number} 行", values))
        plan.append((number, "新建", "；".join(notes), values, None))
    return plan


def _additions(meta: dict, values: dict, pending: dict) -> dict:
    """What a row adds to an existing file: its membership unless the file (or an earlier row)
    has this list, and each of its sources the file does not cite."""
    lists = [m.get("list") for m in (meta.get("lists") or []) + pending["lists"] if isinstance(m, dict)]
    cited = [c.get("id") for c in (meta.get("sources") or []) + pending["sources"] if isinstance(c, dict)]
    membership = {k: v for k, v in values["lists"][0].items() if v not in (None, "")}
    adds = {"lists": [membership] if membership["list"] not in lists else [],
            "sources": [{k: v for k, v in c.items() if v not in (None, "")}
                        for c in values["sources"] if c["id"] not in cited]}
    pending["lists"] += adds["lists"]
    pending["sources"] += adds["sources"]
    return adds


def _described(adds: dict, registry: Registry) -> str:
    parts = [f"加入名单 {m['list']}（{registry.lists[m['list']]['short']}）" for m in adds["lists"]]
    parts += [f"加入来源 {c['id']}（{registry.sources[c['id']]['short']}）" for c in adds["sources"]]
    return "、".join(parts)


def _carry_out(plan: list[tuple], args, registry: Registry) -> int:
    written, taken = [], scaffold.taken_slugs(args.methods)
    amended: dict[str, dict] = {}  # file → everything this table adds to it, written once
    for number, action, detail, values, path in plan:
        if action == "补充":
            into = amended.setdefault(path, {"lists": [], "sources": []})
            into["lists"] += values["lists"]
            into["sources"] += values["sources"]
    failed = {}
    for path, adds in amended.items():
        try:
            with open(path, encoding="utf-8", newline="") as handle:
                text = handle.read()
            new = amend.add_items(text, adds, list(registry.fields))
        except (OSError, UnicodeDecodeError) as exc:
            failed[path] = f"无法读取（{exc}）"
            continue
        except amend.CannotAmend as exc:
            failed[path] = str(exc).rstrip("。")
            continue
        if not args.dry_run:
            with open(path, "w", encoding="utf-8", newline="") as handle:
                handle.write(new)
            written.append(path)
    counts = dict.fromkeys(("新建", "补充", "跳过") + REFUSED, 0)
    for number, action, detail, values, path in plan:
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
        elif action == "补充" and path in failed:
            action = "不能修改"
            detail = f"{detail.split('：')[0]}：{failed[path]}。请手工在该文件中加上：{_described(values, registry)}"
        counts[action] += 1
        print(f"第 {number} 行：{action}：{detail}")
    verb = "将" if args.dry_run else ""
    refused = sum(counts[a] for a in REFUSED)
    extra = "".join(f"，{n} 行{a}" for a, n in (("待确认", counts["待确认"]), ("不能修改", counts["不能修改"])) if n)
    print(f"共 {len(plan)} 行：{verb}新建 {counts['新建']} 个文件，"
          + (f"{verb}补充 {counts['补充']} 个已有的文件，" if counts["补充"] else "")
          + f"跳过 {counts['跳过']} 个已有的，{counts['读不出']} 行读不出{extra}。")
    if written:
        problems = loading.load(written, os.getcwd(), registry).problems
        for problem in problems:
            print(problem.format())
        what = "新建和补充的文件" if amended else "新建的文件"
        print(f"{what}全部通过检查。" if not problems else f"{what}有以上问题，请改正。")
    if refused:
        print("读不出、待确认和不能修改的行没有导入（其余行已照常" + ("列出" if args.dry_run else "写入")
              + "）：请按原因改正表格或文件，再导入一次（已导入的不会重复）。")
    return 1 if refused else 0


def console() -> None:
    """The installed kb-import command."""
    cli.run(main)
