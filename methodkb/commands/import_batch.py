"""把省里公布的名单表格（.xlsx、.docx 或 .csv，一行一个方法）导入为方法文件，完整度标为“待补充”。

用法（kb-import 与 python scripts/import_batch.py 相同）：
  python scripts/import_batch.py 名单.xlsx --list "湖南省第三批优秀社区工作法" --source hn-2021-zongshu
  python scripts/import_batch.py 名单.csv --list mz-2014-nominee --category 社区治理创新成果 --dry-run
  python scripts/import_batch.py 通知.docx --list hn-3 --source hn-2021-zongshu

Word 文档（.docx）读其中认出表头的表格；名单分成几个表头相同的表格（例如每个市一个）时，依次作为一个名单读，
行号按这些表格的行（含表头行）连续往下数，如同把它们依次粘贴到一张表中。

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
表格整体无法使用时（打不开、找不到表头、表头有不认识的小表头、名单或 --source 未登记、名单登记的来源不在来源表中、
没有任何来源）一个文件也不写。

表头上方的标题行写的批次（第N批、首批、第N届）、年份或省份与 --list 的名单不同时，照常逐行列出会怎样导入，
但一个文件也不写（退出码 1）；核对后确认无误，加 --ignore-title 再导入。
表格下方的注释行（注：……、备注：……、说明：……）只列出，不导入，不算错误。
单元格中的换行（Alt+Enter）：换行两边有汉字或全角标点时直接连起来（并在报告中说明），
其他情况（例如两个英文单词之间）这一行不导入，请在表格中改正。
"""

from __future__ import annotations

import os
import re
import sys

from methodkb.commands import cli
from methodkb.checks import loading
from methodkb.editor import amend
from methodkb.editor import scaffold
from methodkb.editor import tables
from methodkb.model.method import LEVELS
from methodkb.model.lookup import list_hint
from methodkb.model.places import short_name
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
        usage="%(prog)s 表格.xlsx|表格.docx|表格.csv --list 名单 [选项]",
        description="把公布的名单表格导入为方法文件（完整度“待补充”），逐行报告新建、跳过和读不出来的行。",
        epilog="退出码：0 全部导入、补充或跳过（注释行不算错误）；1 有读不出、待确认或不能修改的行（其余行照常导入），"
               "或表格整体无法使用，或标题行与名单不符（这两种情况一个文件也不写）。",
    )
    parser.add_argument("table", metavar="表格",
                        help="名单表格：.xlsx（读第一个工作表）、.docx（读 Word 文档中的名单表格；几个表头相同的表格"
                             "作为一个名单，行号连续往下数）或 .csv（UTF-8 或 GBK）")
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
    parser.add_argument("--ignore-title", action="store_true",
                        help="表格标题行写的批次、年份或省份与 --list 的名单不同，核对后确认无误时加上，照常导入")
    args = parser.parse_args(argv)
    if cli.missing([args.table]):
        return 1
    if os.path.exists(args.methods) and not os.path.isdir(args.methods):
        print(f"--methods 给的“{args.methods}”是一个文件，不是目录，没有导入。请写方法文件所在的目录（默认 methods/）。", file=sys.stderr)
        return 1
    list_key = scaffold.find_list(registry, args.list)
    if not list_key:
        print(f"名单“{args.list}”不在名单表（methodkb/data/lists.yml）中，没有导入。{list_hint(registry, args.list)}"
              "新公布的名单请先在名单表中登记（编号、名称、发布单位、来源），再用它的编号导入。", file=sys.stderr)
        return 1
    half = _unregistered_source(registry, list_key)
    if half:
        print(half, file=sys.stderr)
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
    mismatch = None if args.ignore_title else _title_mismatch(table, list_key, registry)
    if mismatch:
        print(f"注意：{mismatch}")
    if "source" not in table.columns and not args.source and not entry.get("source_is_list"):
        own = registry.sources.get(entry["source"], {}).get("short", entry["source"])
        print(f"{args.table}: 没有导入任何文件：表格没有“来源”列，也没有用 --source 指明来源；"
              f"名单“{entry['name']}”登记的来源《{own}》只是关于这个名单的报道或文章，不是名单本身，"
              "不能作为每一行的出处。请用 --source 写明这张表出自哪个来源（编号或网址），"
              "或在表格中加一列“来源”逐行写明。", file=sys.stderr)
        return 1
    plan = _plan(table, list_key, args, registry)
    return _carry_out(plan, args, registry, held=bool(mismatch))


def _unregistered_source(registry: Registry, list_key: str) -> str | None:
    """Why a list whose registered source is not in sources.yml cannot be imported (its rows
    would cite a source that does not exist), or None when its source is registered."""
    entry = registry.lists[list_key]
    source = entry.get("source")
    if source in registry.sources:
        return None
    line = registry.lines.get("lists.yml", {}).get(list_key)
    where = f"methodkb/data/lists.yml 第 {line} 行" if line else "methodkb/data/lists.yml"
    what = f"登记的来源“{source}”不在来源表（methodkb/data/sources.yml）中" if source else "没有写来源（source）"
    todo = (f"请先在 methodkb/data/sources.yml 中登记来源“{source}”（编号、标题、发布单位、日期、类型、概要，"
            "照该文件中其他来源的写法），或把名单表中这个名单的 source 改为已登记的来源编号，再导入"
            if source else "请在名单表中为这个名单写上 source（已在 methodkb/data/sources.yml 中登记的来源编号），再导入")
    return f"名单 {list_key}（{entry.get('name')}）在名单表（{where}）中{what}，没有导入任何文件。{todo}。"


# What a title row says about the list a table is: its batch, years and province.
BATCH = re.compile(r"第\s*([0-9０-９]{1,3}|[一二两三四五六七八九十]{1,3})\s*[批届]|首\s*[批届]")
YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
NATIONAL = ("全国", "中国", "民政部")
CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _batch_number(match: re.Match) -> int | None:
    """第四批 → 4, 第12批 → 12, 十一 → 11, 首批 → 1."""
    text = match.group(1)
    if text is None:
        return 1
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    tens, _, ones = text.partition("十")
    if "十" not in text:
        return CHINESE_DIGITS.get(text) if len(text) == 1 else None
    return (CHINESE_DIGITS.get(tens, 0) if tens else 1) * 10 + (CHINESE_DIGITS.get(ones, 0) if ones else 0)


def _facts(registry: Registry, text: str) -> dict:
    """The batches (number → as written), years, provinces and whether it is national, as ``text`` says them."""
    batches = {_batch_number(m): re.sub(r"\s+", "", m.group(0)) for m in BATCH.finditer(text)}
    provinces = {name for name, entry in registry.provinces.items()
                 if name in text or (entry.get("short") and entry["short"] in text)}
    return {"batch": {n: w for n, w in batches.items() if n}, "years": set(YEAR.findall(text)),
            "provinces": provinces, "national": any(word in text for word in NATIONAL)}


def _list_facts(registry: Registry, key: str) -> dict:
    entry = registry.lists[key]
    facts = _facts(registry, f"{entry.get('name', '')} {entry.get('short', '')} {entry.get('issuer', '')}")
    facts["years"] |= {str(v)[:4] for v in (entry.get("year"), entry.get("date")) if v}
    facts["national"] = facts["national"] and not facts["provinces"]
    return facts


def _scope(facts: dict) -> str | None:
    return "、".join(sorted(facts["provinces"])) if facts["provinces"] else "全国" if facts["national"] else None


def _conflicts(title: dict, listed: dict) -> list[tuple[str, str]]:
    """(what the title says, what the list is) for each way they differ."""
    out = []
    if title["batch"] and listed["batch"] and not set(title["batch"]) & set(listed["batch"]):
        out.append(("、".join(title["batch"].values()), "、".join(listed["batch"].values())))
    if title["years"] and listed["years"] and not title["years"] & listed["years"]:
        out.append(("、".join(f"{y}年" for y in sorted(title["years"])), "、".join(f"{y}年" for y in sorted(listed["years"]))))
    theirs, mine = _scope(title), _scope(listed)
    if theirs and mine and theirs != mine:
        if title["provinces"] and listed["provinces"]:
            differ = not title["provinces"] & listed["provinces"]
        elif title["provinces"]:  # a province's title under a national list, unless it says 全国 too
            differ = not title["national"]
        else:                     # a national title under a province's list
            differ = True
        if differ:
            out.append((f"{theirs}的名单", f"{mine}的名单"))
    return out


def _title_mismatch(table: tables.Table, list_key: str, registry: Registry) -> str | None:
    """What to tell an editor when the table's title rows name another batch, year or province
    than the list given; None when they agree or say nothing that can be compared."""
    if not table.titles and not table.caption:
        return None
    text = " ".join(table.caption + [t for _, t in table.titles])
    title, listed = _facts(registry, text), _list_facts(registry, list_key)
    conflicts = _conflicts(title, listed)
    fits = [key for key in registry.lists if key != list_key and not _conflicts(title, _list_facts(registry, key))
            and (not title["batch"] or set(title["batch"]) & set(_list_facts(registry, key)["batch"]))
            and (_scope(title) is None or _scope(title) == _scope(_list_facts(registry, key)))]
    if not conflicts and title["batch"] and not listed["batch"] and fits:
        # The list given says no batch, but another list of the same province is that batch.
        conflicts = [("、".join(title["batch"].values()), "没有写明批次的名单")]
    if not conflicts:
        return None
    where = "、".join((["Word 文档中表格上方"] if table.caption else [])
                     + ([f"表格第 {'、'.join(str(n) for n, _ in table.titles)} 行"] if table.titles else []))
    shown = text if len(text) <= 60 else text[:60] + "…"
    entry = registry.lists[list_key]
    said = "、".join(t for t, _ in conflicts)
    given = "、".join(m for _, m in conflicts)
    found = ("名单表中与标题不矛盾的名单：" + "、".join(f"{k}（{registry.lists[k]['name']}）" for k in fits) + "。" if fits
             else "名单表（methodkb/data/lists.yml）中没有与标题相符的名单。")
    return (f"{where}的标题“{shown}”写的是{said}，而 --list 给的名单 {list_key}（{entry['name']}）是{given}。"
            f"{found}因此没有写入任何文件，以下各行只列出会怎样导入。请核对："
            "这张表是另一个名单时，用那个名单的编号导入（还没有登记的，先在 methodkb/data/lists.yml 中登记）；"
            f"标题行写错时，改正表格的标题行；确认这张表就是 {list_key} 时，加上 --ignore-title 再导入。")


REFUSED = ("读不出", "待确认", "不能修改", "不能写入")  # rows not imported; the run exits 1


def _plan(table: tables.Table, list_key: str, args, registry: Registry) -> list[tuple]:
    """(row number, action, detail, values, path) per row: action is 新建, 补充 (an existing file
    gets the list or the source), 跳过 (all there already), 读不出, 待确认 or 注释 (a footnote)."""
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
        footnote = tables.note_row(cells)
        if footnote:
            shown = footnote if len(footnote) <= 40 else footnote[:40] + "…"
            plan.append((number, "注释", f"“{shown}”是表格的注释，不是方法，没有导入", None, None))
            continue
        raw = {f: cells[c] if c < len(cells) else "" for f, c in table.columns.items()}
        broken, told = _one_line(registry, raw)
        told += _full_city(registry, raw)
        county, several = _full_county(registry, raw)
        told += county
        if several:
            broken["district"] = several
            raw["district"] = ""  # told once, here: the check would only add that it is no full name
        raw.update(list=list_key, category=args.category, locator=args.locator)
        raw["source"] = raw.get("source") or args.source
        values, problems, notes = scaffold.entry(registry, raw, importing=True)
        if several:  # its message asks for the province already, where none is given
            problems = [p for p in problems if p != registry.gazetteer.no_province(None, None)]
        problems = list(broken.values()) + problems
        named = f"（{values['name']}）" if values.get("name") and "name" not in broken else ""
        if problems:
            plan.append((number, "读不出", named + "；".join(p.rstrip("。；") for p in problems) + "。", None, None))
            continue
        done_here, told = told, "".join(f"；{note}" for note in told)
        found = _existing(known, values)
        if found and found[1] not in files and found[0] == "unsure":  # an earlier row of this table
            plan.append((number, "待确认", f"{named}可能与{found[1]}（{found[2].get('name')}）是同一个方法：{found[3]}。"
                         "请核对这两行：是同一方法时删去一行，不是时把两行的地点写完整（区县和社区）再导入。", None, None))
            continue
        if found and found[1] not in files:  # an earlier row of this table
            plan.append((number, "跳过", f"已有 {found[1]}{told}", None, None))
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
                plan.append((number, "跳过", f"已有 {shown}（{found[2].get('name')}），这一名单和来源都已写明{told}",
                             None, None))
                continue
            lost = "；这一行的备注没有写入（该文件已有这一名单，请对照核对）" if values["lists"][0].get("note") and not adds["lists"] else ""
            plan.append((number, "补充", f"{shown}（{found[2].get('name')}）：{what}{lost}{told}", adds, files[shown]))
            continue
        known.append((f"本表第 {number} 行", values))
        plan.append((number, "新建", "；".join(done_here + notes), values, None))
    return plan


def _one_line(registry: Registry, raw: dict) -> tuple[dict[str, str], list[str]]:
    """The line breaks typed inside cells (Alt+Enter) taken out of every one-line field, in
    ``raw``: (field → problem, for the cells where that cannot be done safely; notes on what was
    joined). The sources column is left alone: a line break there separates sources."""
    problems: dict[str, str] = {}
    notes: list[str] = []
    for key, value in raw.items():
        if key == "source" or not value or not tables.LINE_BREAK.search(value) or _keeps_lines(registry, key):
            continue
        label = registry.label_of(key)
        text, why = tables.one_line(value, name=key == "name")
        if why:
            problems[key] = label + why
            raw[key] = re.sub(r"\s+", "", value)  # read on, so the row's other problems are told in this run too
        elif text != value:
            raw[key] = text
            # A name is shown at the head of the row's line already; other fields say what they became.
            notes.append(f"{label}单元格中的换行（Alt+Enter）已去掉" + ("" if key == "name" else f"，读作“{text}”"))
    return problems, notes


def _keeps_lines(registry: Registry, key: str) -> bool:
    """Whether the schema lets ``key`` hold paragraphs (type text); every imported field is one line now."""
    item = (((registry.fields.get("lists") or {}).get("item") or {}).get("fields") or {})
    spec = registry.fields.get(key) or registry.fields["place"]["fields"].get(key) or item.get(key) or {}
    return spec.get("type") == "text"


def _full_city(registry: Registry, raw: dict) -> list[str]:
    """A city written short (长沙, 湘西州) made its full name in ``raw`` when it stands for exactly
    one city (of the row's province, or of all when it gives none); notes on what was done."""
    gazetteer, city = registry.gazetteer, (raw.get("city") or "").strip()
    typed = (raw.get("province") or "").strip()
    province = None
    if not city:
        return []
    if typed:
        province, rest = gazetteer.prefix(typed, gazetteer.provinces)
        if not province or rest or gazetteer.is_municipality(province):
            return []  # the province is named wrongly (the check says so), or has no city level
    found = gazetteer.cities_written(city, province)
    if len(found) != 1 or found[0][1] == city:
        return []
    raw["city"] = found[0][1]
    return [f"城市“{city}”写全为“{found[0][1]}”"]


def _full_county(registry: Registry, raw: dict) -> tuple[list[str], str | None]:
    """A county written short (望城, 宁乡, 城步县) made its full name in ``raw`` when it stands for
    exactly one county of the row's city (of its province when it gives no city, of all when it
    gives neither) and for no city there: (notes on what was done, why it could not be done when
    the short form stands for several places). Run after ``_full_city``, so the city is full."""
    gazetteer, district = registry.gazetteer, (raw.get("district") or "").strip()
    typed, city = (raw.get("province") or "").strip(), (raw.get("city") or "").strip()
    if not district:
        return [], None
    province = None
    if typed:
        province, rest = gazetteer.prefix(typed, gazetteer.provinces)
        if not province or rest:
            return [], None  # the province is named wrongly: the check says so
    elif city:
        within, rest = gazetteer.prefix(city, gazetteer.provinces)
        province = within if within and not rest and gazetteer.is_municipality(within) else None
    if province and gazetteer.is_municipality(province):
        if city and gazetteer.prefix(city, [province]) != (province, ""):
            return [], None  # a city under a municipality: the check says so
        city = province
    elif city:
        owners = gazetteer.cities_written(city, province)
        if len(owners) != 1:
            return [], None  # an unknown or unsure city: the check says so, and the county waits
        province, city = owners[0]
    full, several = gazetteer.county_written(district, province, city or None)
    if full:
        raw["district"] = full
        return [f"区县“{district}”写全为“{full}”"], None
    return [], several


# A community's own name, without what it is (云塘社区 = 云塘 = 云塘社区居委会).
COMMUNITY_ENDS = re.compile(r"(?:社区居民委员会|居民委员会|社区居委会|居委会|村民委员会|村委会|居民区|社区|村)$")
# A name that is only what kind of thing it is, once its place words are gone: no evidence of sameness.
GENERIC_NAME = re.compile(r"^(?:社区)?(?:工作法|工作体系|治理|模式|机制|经验)?$")


def _community(name: str | None) -> str:
    return COMMUNITY_ENDS.sub("", name or "") or (name or "")


def _core(name: str, places: list[dict]) -> str:
    """A name without quotes, spaces and the places' own words (云塘社区“四小四大”工作法 and
    “四小四大”工作法 at 云塘社区 both → 四小四大工作法)."""
    text = re.sub(r"[\s“”\"'‘’「」『』]", "", name or "")
    words = {w for place in places for level in LEVELS if (w := place.get(level))}
    words |= {short_name(w) for w in words} | {_community(w) for w in words}
    for word in sorted(words, key=len, reverse=True):
        if len(word) >= 2:
            text = text.replace(word, "")
    return text


def _existing(known: list, values: dict):
    """The existing method a row stands for, as ``scaffold.existing_for`` answers, and also by
    place: the same community however it is written (云塘 = 云塘社区), or the same name once the
    place words are left out at a place that agrees (“四小四大”工作法 at 云塘社区 is 云塘社区“四小四大”工作法)."""
    found = scaffold.existing_for(known, values["name"], values["place"])
    if found and found[0] == "same":
        return found
    return _same_place(known, values["name"], values["place"]) or found


def _same_place(known: list, name: str, place: dict):
    unsure = None
    for path, meta in known:
        theirs = meta.get("place") or {}
        if any(place.get(k) and theirs.get(k) and short_name(place[k]) != short_name(theirs[k]) for k in LEVELS[:4]):
            continue  # a level written in both differs: another place
        core = _core(name, [place, theirs])
        named_alike = not GENERIC_NAME.match(core) and core == _core(meta.get("name") or "", [place, theirs])
        mine, other = _community(place.get("community")), _community(theirs.get("community"))
        if mine and other:
            if mine != other:
                continue
            if named_alike or (place.get("district") and theirs.get("district")):
                return "same", path, meta, None
            why = f"同在“{theirs['community']}”，但{'本表这一行' if not place.get('district') else '该文件'}没有写区县"
        elif named_alike and place.get("district") and theirs.get("district"):
            why = (f"名称相同（不计地名），同在{place['district']}，但"
                   f"{'本表这一行' if not mine else '该文件'}没有写社区")
        else:
            continue
        unsure = unsure or ("unsure", path, meta, why)
    return unsure


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


def _carry_out(plan: list[tuple], args, registry: Registry, held: bool = False) -> int:
    """Write what ``plan`` says (nothing when ``args.dry_run`` or ``held``: the title names another
    list) and report each row."""
    dry = args.dry_run or held
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
        if not dry:
            try:
                with open(path, "w", encoding="utf-8", newline="") as handle:
                    handle.write(new)
            except OSError as exc:
                failed[path] = f"无法写入（{cli.write_error(exc)}）"
                continue
            written.append(path)
    counts = dict.fromkeys(("新建", "补充", "跳过", "注释") + REFUSED, 0)
    for number, action, detail, values, path in plan:
        if action == "新建":
            path = scaffold.path_for(args.methods, registry, values["name"], values["place"], taken)
            shown = loading.shown_path(path, os.getcwd())
            name = values["name"]
            detail = f"{shown}（{name}）" + (f"；{detail}" if detail else "")
            if not dry:
                try:
                    os.makedirs(os.path.dirname(path), exist_ok=True)
                    with open(path, "x", encoding="utf-8") as handle:
                        handle.write(scaffold.text(registry, values, sections=False))
                    written.append(path)
                except OSError as exc:
                    action, detail = "不能写入", f"{shown}（{name}）：{cli.write_error(exc)}。请检查 --methods 目录"
        elif action == "补充" and path in failed:
            action = "不能修改"
            detail = f"{detail.split('：')[0]}：{failed[path]}。请手工在该文件中加上：{_described(values, registry)}"
        counts[action] += 1
        print(f"第 {number} 行：{action}：{detail}")
    verb = "将" if dry else ""
    refused = sum(counts[a] for a in REFUSED)
    extra = "".join(f"，{n} 行{a}" for a, n in (("待确认", counts["待确认"]), ("不能修改", counts["不能修改"]),
                                              ("不能写入", counts["不能写入"]), ("是注释", counts["注释"])) if n)
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
        kinds = "读不出、待确认、不能修改和不能写入" if counts["不能写入"] else "读不出、待确认和不能修改"
        print(kinds + "的行没有导入（其余行已照常" + ("列出" if dry else "写入")
              + "）：请按原因改正表格或文件，再导入一次（已导入的不会重复）。")
    if held:
        print("表格的标题与名单不符（见上面的说明），没有写入任何文件：请核对后再导入。")
    return 1 if refused or held else 0


def console() -> None:
    """The installed kb-import command."""
    cli.run(main)
