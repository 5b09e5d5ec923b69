"""The ministry's 优秀社区工作法推荐表 (source 000, 附件2) for one method, as a .docx a community
can fill in and submit: the method's text in the first box, and the boxes for the district's
and the city's recommendation opinions, with the form's own notes.

The form as the source gives it: one table of three rows (社区工作法文本; 区（县、市、旗）党委和
政府推荐意见 with 盖章（日期）; 市（地、州、盟）民政局 opinion), then 注：1.各级推荐意见一般不少于
200字；2.此表可另行复制、可加附页.
"""

from __future__ import annotations

import re

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from methodkb.model.registry import Registry
from methodkb.model.facts import method_view

TITLE = "优秀社区工作法推荐表"
ROWS = ("社区工作法文本", "区（县、市、旗）党委和政府推荐意见", "市（地、州、盟）民政局推荐意见")
OPINION_NOTE = "（推荐意见一般不少于200字）"
SEAL = "盖章（日期）："
NOTES = ("注：1.各级推荐意见一般不少于200字；", "2.此表可另行复制、可加附页。")
SERIF, SANS = "仿宋", "黑体"  # the fonts of official forms; Word substitutes where they are missing
EMPHASIS = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(container, text: str, size: float = 12, bold: bool = False, font: str = SERIF, align=None):
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    _font(paragraph.add_run(text), font, size, bold)
    return paragraph


def _plain(markdown_line: str) -> str:
    """A line of a method's Markdown body as plain text for the form."""
    text = LINK.sub(r"\1", markdown_line)
    text = EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    return re.sub(r"^\s*[-*]\s+", "· ", text).strip()


def method_text(method, registry: Registry) -> list[tuple[str, bool]]:
    """The 社区工作法文本 box: (paragraph, is a heading) pairs, from the method's fields and body."""
    view = method_view(method, registry)
    out = [(view["name"], True), (f"地点：{view['place_line']}", False)]
    if view["unit"]:
        out.append((f"申报单位：{view['unit']}", False))
    if view["kind"]:
        out.append((f"类型：{view['kind']}{view['kind_basis']}", False))
    if view["summary"]:
        out += [("概述", True), (view["summary"], False)]
    formula = view["formula"]
    if formula and formula.get("parts"):
        out.append((f"“{formula['text']}”的含义", True))
        for part in formula["parts"]:
            number = f"“{part['number']}”：" if part.get("number") is not None else ""
            out.append((f"{number}{part['meaning']}", False))
            out += [(f"· {measure}", False) for measure in part["measures"]]
    if view["six"]:
        out.append(("六个特点", True))
        out += [(f"{item['name']}：{item['text']}", False) for item in view["six"]]
    for line in method.body.split("\n"):
        if line.startswith("## "):
            out.append((line[3:].strip(), True))
        elif line.strip() and not line.lstrip().startswith("<!--"):
            out.append((_plain(line), False))
    cited = "；".join(f"{s['issuer']}《{s['title']}》" for s in view["sources"] if s.get("title"))
    out.append((f"资料来源：{cited}。", False))
    return out


def write(method, registry: Registry, target: str) -> None:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2.54)
    section.left_margin = section.right_margin = Cm(2.2)
    _paragraph(document, TITLE, size=18, bold=True, font=SANS, align=WD_ALIGN_PARAGRAPH.CENTER)
    table = document.add_table(rows=len(ROWS), cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row, label in zip(table.rows, ROWS):
        row.cells[0].width, row.cells[1].width = Cm(3.2), Cm(13.4)
        row.cells[0].paragraphs[0].text = ""
        _font(row.cells[0].paragraphs[0].add_run(label), SANS, 12)
    text_cell = table.rows[0].cells[1]
    text_cell.paragraphs[0].text = ""
    for index, (text, heading) in enumerate(method_text(method, registry)):
        paragraph = text_cell.paragraphs[0] if index == 0 else text_cell.add_paragraph()
        _font(paragraph.add_run(text), SANS if heading else SERIF, 12, bold=heading)
    for row in table.rows[1:]:
        cell = row.cells[1]
        _font(cell.paragraphs[0].add_run(OPINION_NOTE), SERIF, 10.5)
        for _ in range(12):  # room to write the opinion by hand or to type it in
            cell.add_paragraph()
        _paragraph(cell, SEAL, align=WD_ALIGN_PARAGRAPH.RIGHT)
    for note in NOTES:
        _paragraph(document, note, size=10.5)
    document.core_properties.title = f"{TITLE}：{method.name}"
    document.save(target)
