"""Reading the tables provinces publish (.xlsx or .csv) as rows of text, and finding which
column holds which field from its header (``data/import_headers.yml``). Headers vary from
table to table; a title row or two above them is common, and so are blank rows.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

HEADERS = os.path.join(os.path.dirname(__file__), "data", "import_headers.yml")
HEADER_ROWS = 10  # the header is looked for among the first rows (title rows come before it)


class TableError(Exception):
    """The table cannot be used at all; the message says why and what to do."""


@dataclass
class Table:
    columns: dict[str, int]                    # field → column index
    rows: list[tuple[int, list[str]]]          # (row number as the spreadsheet shows it, cells) after the header
    header_row: int
    ignored: list[str] = field(default_factory=list)  # headers that map to no field


def _normal(header: str) -> str:
    text = re.sub(r"[\s*＊:：]", "", str(header)).replace("（", "(").replace("）", ")")
    return text


@lru_cache(maxsize=1)
def headers() -> dict[str, list[str]]:
    """Field → the headers that name it (``data/import_headers.yml``), as written there."""
    with open(HEADERS, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _aliases() -> dict[str, str]:
    """Normalised header → field."""
    return {_normal(alias): fieldname for fieldname, aliases in headers().items() for alias in aliases}


def field_of(header: str, aliases: dict[str, str]) -> str | None:
    text = _normal(header)
    if text in aliases:
        return aliases[text]
    bare = re.sub(r"\([^)]*\)$", "", text)  # “名称(全称)”, “社区(盖章)”
    return aliases.get(bare)


def read(path: str) -> Table:
    rows = _cells(path)
    aliases = _aliases()
    for index, (number, cells) in enumerate(rows[:HEADER_ROWS]):
        columns: dict[str, int] = {}
        for column, cell in enumerate(cells):
            fieldname = field_of(cell, aliases) if cell else None
            if fieldname and fieldname not in columns:
                columns[fieldname] = column
        if "name" in columns and len(columns) >= 2:
            ignored = [c for i, c in enumerate(cells) if c and i not in columns.values()]
            return Table(columns, rows[index + 1:], number, ignored)
    known = "、".join(headers()["name"][:4])
    raise TableError(f"在前 {HEADER_ROWS} 行中没有找到表头：需要一行含有名称列（{known}之一）和至少一个地点或单位列。"
                     "请检查是否选错了文件或工作表；表头写法不同时，可在 methodkb/data/import_headers.yml 中添加。")


def _cells(path: str) -> list[tuple[int, list[str]]]:
    extension = os.path.splitext(path)[1].lower()
    if extension == ".xlsx":
        return _xlsx(path)
    if extension in (".csv", ".txt"):
        return _csv(path)
    if extension in (".xls", ".et", ".wps", ".numbers", ".ods"):
        raise TableError(f"不能直接读取 {extension} 文件。请在 Excel 或 WPS 中“另存为”.xlsx 或 .csv（UTF-8）后再导入。")
    raise TableError(f"不认识的文件类型“{extension or '（无扩展名）'}”：只能导入 .xlsx 或 .csv 表格。")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _xlsx(path: str) -> list[tuple[int, list[str]]]:
    import openpyxl  # read only when a table is .xlsx

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged file, or not a workbook at all: openpyxl raises many kinds
        raise TableError(f"无法打开这个 .xlsx 文件（{type(exc).__name__}）。请确认它是 Excel 表格，可在 Excel 中另存一次再试。") from None
    try:
        sheet = book.worksheets[0]
        return [(number, [_text(v) for v in row]) for number, row in enumerate(sheet.iter_rows(values_only=True), 1)]
    finally:
        book.close()


def _csv(path: str) -> list[tuple[int, list[str]]]:
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise TableError(f"无法读取文件：{exc.strerror}。") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableError("文件既不是 UTF-8 也不是 GBK 编码，无法读取。请在 Excel 中另存为“CSV UTF-8”。")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows: list[tuple[int, list[str]]] = []  # numbered by record, as a spreadsheet shows the rows
    try:
        for cells in csv.reader(io.StringIO(text, newline=""), dialect):
            rows.append((len(rows) + 1, [_text(c) for c in cells]))
    except csv.Error as exc:
        raise TableError(f"第 {len(rows) + 1} 行的格式有误（{exc}），可能是引号没有成对。") from None
    return rows
