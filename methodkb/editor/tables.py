"""Reading the tables provinces publish (.xlsx, the table of a Word notice as .docx, or .csv)
as rows of text, and finding which column holds which field from its header
(``data/import_headers.yml``). Headers vary from table to table; a title row or two above them
is common, and so are blank rows. A .docx may split its list into several tables with one
header (one per city): they are read as one list, rows numbered on through them.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field


from methodkb.model.registry import import_headers

HEADER_ROWS = 10  # the header is looked for among the first rows (title rows come before it)


class TableError(Exception):
    """The table cannot be used at all; the message says why and what to do."""


@dataclass
class Table:
    columns: dict[str, int]                    # field → column index
    rows: list[tuple[int, list[str]]]          # (row number as the spreadsheet shows it, cells) after the header
    header_row: int
    ignored: list[str] = field(default_factory=list)  # headers that map to no field
    header_end: int | None = None              # the header's second row, when it takes two (所在地 over 市、县)
    titles: list[tuple[int, str]] = field(default_factory=list)  # (row number, text) of the rows above the header
    caption: list[str] = field(default_factory=list)  # a Word list table's title, in the lines just above it


def _normal(header: str) -> str:
    text = re.sub(r"[\s*＊:：]", "", str(header)).replace("（", "(").replace("）", ")")
    return text


headers = import_headers  # field → the headers that name it (data/import_headers.yml)


def _aliases() -> dict[str, str]:
    """Normalised header → field."""
    return {_normal(alias): fieldname for fieldname, aliases in headers().items() for alias in aliases}


def field_of(header: str, aliases: dict[str, str]) -> str | None:
    text = _normal(header)
    if text in aliases:
        return aliases[text]
    bare = re.sub(r"\([^)]*\)$", "", text)  # “名称(全称)”, “社区(盖章)”
    if bare not in aliases and bare.startswith("所在"):  # 所在县(市、区) is the 县(市、区) it is in
        return aliases.get(text[2:]) or aliases.get(bare[2:])
    return aliases.get(bare)


def _header(rows: list[tuple[int, list[str]]], aliases: dict[str, str]):
    """Where the header is among the first rows: (index in ``rows``, header cells, what cannot
    be read of a two-row header, its second row's number or None, field → column), else None."""
    for index, (number, cells) in enumerate(rows[:HEADER_ROWS]):
        header, problems, end = list(cells), [], None
        if index + 1 < len(rows) and len({c for c in cells if c}) >= 2:  # a title row is one text
            combined = _two_rows(cells, rows[index + 1][1], aliases)
            if combined:
                header, problems = combined
                end = rows[index + 1][0]
        columns: dict[str, int] = {}
        for column, cell in enumerate(header):
            fieldname = field_of(_sub(cell), aliases) if _sub(cell) else None
            if fieldname and fieldname not in columns:
                columns[fieldname] = column
        if "name" in columns and len(columns) >= 2:
            return index, header, problems, end, columns
    return None


def _unreadable_header(where: str, problems: list[str]) -> TableError:
    return TableError(f"{where}的两行表头中，" + "；".join(problems)
                      + "。这些列的内容无法导入：请改为 methodkb/data/import_headers.yml 中的写法，或在那里添加。")


def read(path: str) -> Table:
    rows, caption = _cells(path)
    aliases = _aliases()
    found = _header(rows, aliases)
    if found:
        index, header, problems, end, columns = found
        number = rows[index][0]
        if problems:
            raise _unreadable_header(f"第 {number}–{end} 行", problems)
        ignored = [_label(c) for i, c in enumerate(header) if _sub(c) and i not in columns.values()]
        titles = [(n, text) for n, above in rows[:index] if (text := row_text(above))]
        return Table(columns, rows[index + (2 if end else 1):], number, ignored, end, titles, caption)
    known = "、".join(headers()["name"][:4])
    raise TableError(f"在前 {HEADER_ROWS} 行中没有找到表头：需要一行含有名称列（{known}之一）和至少一个地点或单位列。"
                     "请检查是否选错了文件或工作表；表头写法不同时，可在 methodkb/data/import_headers.yml 中添加。")


def row_text(cells: list[str]) -> str:
    """A row's text, each different cell once: a title merged over every column is one text."""
    return " ".join(dict.fromkeys(c for c in cells if c))


# A footnote under a list (注：排名不分先后; 备注：…; 说明：…): a note, not a method.
NOTE = re.compile(r"^[（(]?\s*(?:注|注释|附注|备注|说明)\s*[0-9０-９一二三四五六七八九十]*\s*[:：]")


def note_row(cells: list[str]) -> str | None:
    """The text of a row that is a footnote of the table (one text, in one cell or merged
    across the row, starting 注：, 备注：, 说明：…), else None."""
    texts = set(c for c in cells if c)
    if len(texts) != 1:
        return None
    text = texts.pop()
    return text if NOTE.match(text) else None


LINE_BREAK = re.compile(r"\r\n|\r|\n|_x000D_")  # _x000D_: a carriage return as some .xlsx writers store it
# Characters that take no space beside Chinese: ideographs and full-width punctuation.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’…—·]")
# A whole name: something, then what a method's name ends with. Two lines that each are one
# are two names, not one broken in two (合成测试↵工作法 is one: its second line is only the ending).
NAME_END = re.compile(r"..(?:工作法|模式|机制|体系|经验)[”」）)]?$")


def one_line(text: str, name: bool = False) -> tuple[str | None, str | None]:
    """A cell that must hold one line, with the line breaks typed in it (Alt+Enter in Excel)
    taken out: (text, None) when each break sits beside a Chinese character or full-width mark
    (joined with nothing, as Chinese is written); (None, why) when it cannot be told whether a
    space belongs there (between Latin letters or digits) or, for a ``name``, when the lines
    read as two names."""
    lines = [line.strip() for line in LINE_BREAK.split(text)]
    lines = [line for line in lines if line]
    if len(lines) <= 1:
        return (lines[0] if lines else ""), None
    shown = "↵".join(lines)  # the break made visible: a message shows it where it is
    if name and sum(1 for line in lines if NAME_END.search(line)) >= 2:
        return None, (f"“{shown}”中有换行（↵），分开的 {len(lines)} 行像是 {len(lines)} 个名称。"
                      "一行只写一个方法：请把它们拆成单独的行；是同一个名称时，删去单元格中的换行（Alt+Enter）")
    for before, after in zip(lines, lines[1:]):
        if not (CJK.match(before[-1]) or CJK.match(after[0])):
            return None, (f"“{shown}”中有换行（↵），“{before[-1]}”和“{after[0]}”之间是否应有空格无法确定。"
                          "请在表格中删去单元格中的换行（Alt+Enter），需要空格的写上空格")
    return "".join(lines), None


def _two_rows(upper: list[str], lower: list[str], aliases: dict[str, str]):
    """The header as one row, when ``lower`` holds sub-headers under ``upper``'s cells (a merged
    所在地 over 市(州)、县(市、区)、社区; in a .csv the merged cell is the first of blanks), else
    None. Each cell is its own header or a (group, sub-header) pair; and what cannot be read:
    a sub-header under a group that names a field (所在地) that names none itself."""
    width = max(len(upper), len(lower))
    upper, lower = upper + [""] * (width - len(upper)), lower + [""] * (width - len(lower))
    subs = [low for up, low in zip(upper, lower) if low and low != up]  # equal: one cell merged down
    known = [low for low in subs if field_of(low, aliases)]
    if not known or len(known) * 2 < len(subs):
        return None  # a data row, not sub-headers
    header: list = []
    problems: list[str] = []
    group = ""
    for column, (up, low) in enumerate(zip(upper, lower)):
        group = up or group
        if not low or low == up:
            header.append(up)
        elif not group:
            header.append(low)
        else:
            header.append((group, low))
            if not field_of(low, aliases) and field_of(group, aliases):
                problems.append(f"“{group}”下的“{low}”（第 {column + 1} 列）不是认识的表头")
    return header, problems


def _sub(cell) -> str:
    """The header text that names a column's field: a sub-header under its group."""
    return cell[1] if isinstance(cell, tuple) else cell


def _label(cell) -> str:
    return "/".join(cell) if isinstance(cell, tuple) else cell


def _cells(path: str) -> tuple[list[tuple[int, list[str]]], list[str]]:
    """The rows of the table, numbered as the editor sees them, and (a Word document) the lines
    above its list table that read as its title."""
    extension = os.path.splitext(path)[1].lower()
    if extension == ".xlsx":
        return _xlsx(path), []
    if extension == ".docx":
        return _docx(path)
    if extension in (".csv", ".txt"):
        return _csv(path), []
    if extension in (".xls", ".et", ".numbers", ".ods"):
        raise TableError(f"不能直接读取 {extension} 文件。请在 Excel 或 WPS 中“另存为”.xlsx 或 .csv（UTF-8）后再导入。")
    if extension in (".doc", ".wps", ".rtf", ".odt"):  # .wps: a WPS 文字 document (WPS 表格 is .et)
        raise TableError(f"不能直接读取 {extension} 文件。请在 Word 或 WPS 中“另存为”.docx 后再导入。")
    raise TableError(f"不认识的文件类型“{extension or '（无扩展名）'}”：只能导入 .xlsx、.docx 或 .csv 表格。")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _formula(cell) -> str | None:
    """A formula cell's formula as written (=SUM(A1:A3)), None for any other cell."""
    if cell.data_type != "f":
        return None
    text = str(getattr(cell.value, "text", None) or cell.value or "")  # array formulas hold it in .text
    return text if text.startswith("=") else "=" + text


def _xlsx(path: str) -> list[tuple[int, list[str]]]:
    import openpyxl  # read only when a table is .xlsx

    try:
        # Not data_only: a formula comes as its formula, to be refused, not as a cached value
        # that may be missing. Not read_only: merged cells are needed.
        book = openpyxl.load_workbook(path, data_only=False)
    except Exception as exc:  # a damaged file, or not a workbook at all: openpyxl raises many kinds
        raise TableError(f"无法打开这个 .xlsx 文件（{type(exc).__name__}）。请确认它是 Excel 表格，可在 Excel 中另存一次再试。") from None
    try:
        sheet = book.worksheets[0]
        grid = [[_formula(cell) or _text(cell.value) for cell in row] for row in sheet.iter_rows()]
        # A merged cell holds its value in its first cell only; it stands for every cell it covers
        # (a 所在地 over three sub-headers, a 市 merged down over its rows).
        for merged in sheet.merged_cells.ranges:
            if merged.min_row > len(grid):
                continue
            value = grid[merged.min_row - 1][merged.min_col - 1]
            for row in grid[merged.min_row - 1:merged.max_row]:
                for column in range(merged.min_col - 1, min(merged.max_col, len(row))):
                    row[column] = value
        return list(enumerate(grid, 1))
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


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # how an old Word (.doc) file starts


def _docx(path: str) -> tuple[list[tuple[int, list[str]]], list[str]]:
    """The rows of the document's list tables: each table whose header ``_header`` recognises,
    in order, as one list (a notice may give one table per city). Rows are numbered on through
    the tables, header rows included, as if the tables were pasted one under another; the
    header of a later table is dropped, not read as a method. And the first list table's
    caption (``_caption``)."""
    import docx  # read only when a table is .docx

    try:
        with open(path, "rb") as handle:
            start = handle.read(len(OLE))
    except OSError as exc:
        raise TableError(f"无法读取文件：{exc.strerror}。") from None
    if start == OLE:
        raise TableError("这个文件其实是旧版 Word（.doc）文件，只是扩展名为 .docx。请在 Word 或 WPS 中“另存为”.docx 后再导入。")
    try:
        grids, above = _tables(docx.Document(path))
    except Exception as exc:  # a damaged file, or not a document at all: python-docx raises many kinds
        raise TableError(f"无法打开这个 .docx 文件（{type(exc).__name__}）。请确认它是 Word 文档，可在 Word 中另存一次再试。") from None
    if not grids:
        raise TableError("这个 Word 文档中没有表格。名单须是文档中的表格；写成文字段落的名单，"
                         "请先在 Word 中选中它，用“插入→表格→文本转换成表格”转换后再导入。")
    aliases = _aliases()
    rows: list[tuple[int, list[str]]] = []
    counted = 0  # rows of the list tables so far, header rows included
    first = None  # (place in the document, header cells, columns, width) of the first list table
    caption: list[str] = []
    for place, grid in enumerate(grids, 1):
        numbered = list(enumerate(grid, counted + 1))
        width = max((len(cells) for cells in grid), default=0)
        found = _header(numbered, aliases)
        if not found:
            if first and width == first[3] and any(any(cells) for _, cells in numbered):
                # The list's columns but no header: most likely the list going on, so never skipped unseen.
                raise TableError(f"Word 文档中第 {place} 个表格的列数与名单表格相同，但没有认出表头，可能是名单的续表。"
                                 f"请在它的第一行写上与第 {first[0]} 个表格相同的表头；它不是名单时，删去它后再导入。")
            continue
        index, header, problems, end, columns = found
        counted += len(grid)
        if not first:
            first = (place, header, columns, width)
            caption = _caption(above[place - 1])
            rows.extend(numbered)
            continue
        if problems:  # the first table's are told by read, with its rows; a later one's here
            raise _unreadable_header(f"Word 文档中第 {place} 个表格第 {numbered[index][0]}–{end} 行", problems)
        if columns != first[2]:
            shown = ["、".join(_label(c) for c in cells if _sub(c)) for cells in (first[1], header)]
            raise TableError(f"Word 文档中第 {first[0]} 个和第 {place} 个表格都是名单，但表头不同"
                             f"（“{shown[0]}”和“{shown[1]}”），不能作为一个名单导入。"
                             "请把各表格的列改成相同的顺序后再导入。")
        rows.extend(numbered[index + (2 if end else 1):])  # its header (and any title above it) is not a method
    return rows, caption


CAPTION_LINES = 2     # a list table's title: 附件 and the list's name, say
CAPTION_LENGTH = 60   # longer is a paragraph of the notice, not a title


def _tables(document) -> tuple[list[list[list[str]]], list[list[str]]]:
    """The document's tables, in order, as grids (``_docx_grid``), and for each the texts of the
    paragraphs between it and the table (or the start) before it: one walk through the body."""
    from docx.table import Table as WordTable

    grids, above, texts = [], [], []
    for block in document.iter_inner_content():  # paragraphs and tables, as they follow each other
        if isinstance(block, WordTable):
            grids.append(_docx_grid(block))
            above.append(texts)
            texts = []
        else:
            texts.append(block.text.strip())
    return grids, above


def _caption(texts: list[str]) -> list[str]:
    """The lines just above a list table that read as its title (第四批全省优秀社区工作法名单):
    the last short ones, none a sentence of the notice (which may name other batches: 在前三批的基础上……。)."""
    caption = []
    for text in reversed([t for t in texts if t]):
        if len(caption) == CAPTION_LINES or len(text) > CAPTION_LENGTH or re.search(r"[。；：:]", text):
            break
        caption.insert(0, text)
    return caption


def _docx_grid(table) -> list[list[str]]:
    """A Word table's cell texts, row by row, in the columns of its grid. python-docx gives a
    merged cell once per grid column it spans: its text goes in the first and the others are
    blank (as in a .csv of a merged sheet), so no text is read twice in a row. A cell merged
    down gives its text on each row it spans (a 市 over its communities)."""
    grid = []
    for row in table.rows:
        cells: list[str] = [""] * row.grid_cols_before  # a row may start after the first column
        seen: list = []
        for cell in row.cells:
            repeated = any(cell._tc is tc for tc in seen)
            seen.append(cell._tc)
            cells.append("" if repeated else _text(cell.text))  # paragraphs joined by "\n": LINE_BREAK
        grid.append(cells)
    return grid
