"""The ministry's 优秀社区工作法推荐表 (source 000, 附件2) for one method, as a .docx a community
can fill in and submit: the method's text in the first box, and the boxes for the district's
and the city's recommendation opinions, with the form's own notes.

The form as the source gives it: one table of three rows (社区工作法文本; 区（县、市、旗）党委和
政府推荐意见 with 盖章（日期）; 市（地、州、盟）民政局 opinion), then 注：1.各级推荐意见一般不少于
200字；2.此表可另行复制、可加附页.

The form is a submission, not a page of the knowledge base: what the knowledge base says about
itself stays out of it. That is the editors' inferences (a value whose ``basis`` is the editors',
shown on the site with 编者推断 / 编者归类: the form leaves the value out rather than state it as the
community's own), and the body's clauses about the sources (来源未载…, 缺失部分无法核对), about
the page (见上方“数字口诀”一栏) or about the text itself (不是对军门社区本身做法的描述：…,
以上都出自…): ``is_note``, its words in data/form_notes.yml. ``left_out`` and ``missing`` say what
the form lacks, so the command can tell whoever submits it what to fill in.
"""

from __future__ import annotations

import dataclasses
import os
import re
from functools import lru_cache

import yaml

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt

from methodkb import DATA_DIR
from methodkb.model.registry import Registry
from methodkb.model.facts import method_view
from methodkb.model.text import join_lines

TITLE = "优秀社区工作法推荐表"
ROWS = ("社区工作法文本", "区（县、市、旗）党委和政府推荐意见", "市（地、州、盟）民政局推荐意见")
OPINION_NOTE = "（推荐意见一般不少于200字）"
SEAL = "盖章（日期）："
NOTES = ("注：1.各级推荐意见一般不少于200字；", "2.此表可另行复制、可加附页。")
SUMMARY_HEADING, SIX_HEADING = "概述", "六个特点"
SERIF, SANS = "仿宋", "黑体"  # the fonts of official forms; Word substitutes where they are missing
# The label column: 社区工作法文本 on one line (7 characters of 12 pt and the cell's margins need
# 3.35 cm; at 3.2 cm its last character wrapped alone); the text column takes the rest of the line.
LABEL_WIDTH = Cm(3.5)
EMPHASIS = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
BULLET = re.compile(r"^\s*[-*]\s+")
# A clause: up to 。；！？ and the closing quotes or brackets after it, or the unended rest; the
# clauses of a text join back into it unchanged.
CLAUSE = re.compile(r"[^。；！？]*[。；！？]+[”’」』）]*|[^。；！？]+$")

# The words of the knowledge base's notes about itself (data/form_notes.yml: what each list is for);
# is_note puts them together with what the schema says of the editors and of the sources.
NOTES_DATA = os.path.join(DATA_DIR, "form_notes.yml")
QUOTE = re.compile(r"“[^”]*”|「[^」]*」")  # what a source is quoted as saying is not what it lacks
CUT = "，。；：！？"  # inside a phrase: a rule's words do not reach across punctuation


@dataclasses.dataclass(frozen=True)
class NoteRules:
    """What makes a clause a note, read once from data/form_notes.yml and the schema."""

    anywhere: tuple[str, ...]  # a clause with one of these is a note: the editors, the page, 待补充
    pointer: re.Pattern        # 见上方…, 上方“数字口诀”一栏
    subject: re.Pattern        # a clause that begins with a source …
    lacks: re.Pattern          # … and says it does not tell (before a colon, outside quotes)
    near: re.Pattern           # a source directly followed by what it does not tell (其余3项来源未列出)
    lead: re.Pattern           # 据…，: a cited source, then the method's content
    not_account: re.Pattern    # 不是对…的描述
    account_end: re.Pattern    # 出自…对…的介绍, at the clause's end
    provenance: re.Pattern     # 以上都出自…, 以下据…整理


def _any(words) -> str:
    # Longest first, so that a word is not read as a shorter one it begins with (未曾 as 未).
    return "(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")"


@lru_cache(maxsize=None)
def _rules(editors: tuple[str, ...], named: tuple[str, ...], pending: str) -> NoteRules:
    with open(NOTES_DATA, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    gap = f"[^{CUT}]"
    sources = _any((*named, *data["sources"]))
    lack = f"(?:{_any(data['not'])}{_any(data['adverbs'])}*{_any(data['tell'])}|{_any(data['gaps'])})"
    account = f"{gap}{{0,12}}对{gap}{{1,30}}的{_any(data['accounts'])}"
    places = _any(data["places"])
    return NoteRules(
        anywhere=(*editors, *data["page"], pending),
        pointer=re.compile(f"{_any(data['see'])}{places}|{places}“[^”]*”{_any(data['parts'])}"),
        subject=re.compile(f"^{_any(data['connectives'])}?{sources}"),
        lacks=re.compile(lack),
        near=re.compile(f"{sources}{gap}{{0,8}}{lack}"),
        lead=re.compile(f"^{_any(data['attribution'])}[^，：。；]*[，：]"),
        not_account=re.compile(f"{_any(data['is_not'])}{account}"),
        account_end=re.compile(f"{_any(data['is'])}{account}[。；！？]*[”’」』）]*$"),
        provenance=re.compile(f"^{_any(data['pointers'])}{_any(data['fillers'])}*{_any(data['taken_from'])}"),
    )


def note_rules(registry: Registry) -> NoteRules:
    """The rules with the schema's part: the editors' ``by`` and every marker shown after a value
    they inferred (编者, 编者推断, 编者归类), the ``by`` that names the sources (来源), the pending level."""
    inferring = [by for by in registry.basis_needs if registry.inferred(by)]
    markers = {registry.basis_marker(dotted, by) for dotted in registry.basis_fields for by in inferring}
    named = tuple(by for by in registry.basis_needs if not registry.inferred(by))
    return _rules(tuple(sorted({*inferring, *markers})), named, registry.pending_level)


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
    # join_lines: the space Markdown wants after a bold lead (**…。** 安居) is a gap in Chinese.
    return join_lines(BULLET.sub("· ", text).strip())


def is_note(clause: str, registry: Registry) -> bool:
    """Whether a clause of a method's text is the knowledge base speaking of its sources,
    its editors or its pages, not of the method (the rules: data/form_notes.yml)."""
    rules, clause = note_rules(registry), clause.strip()
    if any(word in clause for word in rules.anywhere) or rules.pointer.search(clause):
        return True
    # What a source says, quoted or after its colon, is the method's; only what it leaves out is a note.
    unquoted = QUOTE.sub("“”", clause)
    said = unquoted.split("：", 1)[0]
    if rules.near.search(unquoted) or (rules.subject.search(clause) and rules.lacks.search(said)):
        return True
    own = rules.lead.sub("", clause)  # 据民政部通知的介绍，…: the citation is not an account of the passage
    ends = (own, own.split("：", 1)[0])  # …不是对…的描述：… ends its own words at the colon
    return bool(rules.not_account.search(own) or rules.provenance.search(own)
                or any(rules.account_end.search(end) for end in ends))


def without_notes(text: str, registry: Registry) -> str:
    """``text`` with the knowledge base's notes taken out, clause by clause; "" when nothing else is left.
    A note that ends in a colon inside its sentence (不是对…做法的描述：…；…。) takes the rest of
    the sentence with it: what it introduces is what it says is not the method."""
    bullet = "· " if text.startswith("· ") else ""
    clauses = CLAUSE.findall(text[len(bullet):])
    kept: list[str] = []
    introduced = False  # inside the rest of a sentence a note introduced
    for index, clause in enumerate(clauses):
        ends = not clause.rstrip("”’」』）").endswith("；")
        note = introduced or is_note(clause, registry)
        if introduced:
            introduced = not ends
        elif note and "：" in clause and not ends and is_note(clause.split("：", 1)[0], registry):
            introduced = True
        if not note:
            kept.append(clause)
        elif kept and kept[-1].endswith("；") and (ends or index == len(clauses) - 1):
            # The kept clause no longer leads into another: it ends the sentence the note ended.
            kept[-1] = kept[-1][:-1] + "。"
    rest = "".join(kept).strip()
    return bullet + rest if rest else ""


@dataclasses.dataclass
class Section:
    heading: str | None              # None: the text before the first ## heading
    paragraphs: list[str]            # the notes taken out
    notes_only: bool = False         # it had text, all of it the knowledge base's notes


def _sections(method, registry: Registry) -> list[Section]:
    """Every part of the body: the text before the first ## heading, then each ## section."""
    sections = [Section(None, [])]
    for line in method.body.split("\n"):
        if line.startswith("## "):
            sections.append(Section(line[3:].strip(), []))
        elif line.strip() and not line.lstrip().startswith("<!--"):
            text = without_notes(_plain(line), registry)
            if text:
                sections[-1].paragraphs.append(text)
            sections[-1].notes_only = not sections[-1].paragraphs
    return sections


def body_sections(method, registry: Registry) -> list[Section]:
    """The method's body as the form gives it: its sections, the notes taken out; a heading with
    nothing left under it is left out with them."""
    return [s for s in _sections(method, registry) if s.paragraphs]


def _inferred(method, registry: Registry) -> set[str]:
    """The dotted fields whose value the editors inferred or classified."""
    return {b.field for b in method.basis if registry.inferred(b.by)}


def _shown_fields(registry: Registry) -> list[str]:
    """The fields with a basis whose values the form shows: the place, the kind, the formula's parts."""
    return [f"place.{level}" for level in registry.place_levels] + ["kind", "formula.parts"]


def left_out(method, registry: Registry) -> list[tuple[str, str]]:
    """What the form leaves out because the editors inferred it: (dotted field, its name as the
    schema says it: 类型, 地点的省份, 数字口诀的组成部分), in the form's order."""
    inferred = _inferred(method, registry)
    out = []
    for dotted in _shown_fields(registry):
        if dotted in inferred and _given(method, dotted):
            parent, _, _ = dotted.rpartition(".")
            label = registry.dotted_label(dotted)
            out.append((dotted, f"{registry.dotted_label(parent)}的{label}" if parent else label))
    return out


def _given(method, dotted: str) -> bool:
    if dotted == "kind":
        return bool(method.kind)
    if dotted == "formula.parts":
        return bool(method.formula and method.formula.parts)
    return bool(method.place.get(dotted.split(".", 1)[1]))


def missing(method, registry: Registry) -> list[str]:
    """The parts of the 社区工作法文本 a complete method has and this one's form lacks, in the
    form's order: 概述, 六个特点, then each body section of the schema (背景 …)."""
    out = []
    if not method.summary:
        out.append(f"{SUMMARY_HEADING}（方法文件中的{registry.label_of('summary')}）")
    if not method.characteristics:
        out.append(f"{SIX_HEADING}（方法文件中的{registry.label_of('characteristics')}）")
    sections = _sections(method, registry)
    present = {s.heading for s in sections if s.paragraphs}
    noted = {s.heading for s in sections if s.notes_only}
    for name in registry.body_sections:
        if name in noted:
            out.append(f"正文“{name}”一节（方法文件中这一节只有本库对来源的说明，推荐表没有收入）")
        elif name not in present:
            out.append(f"正文“{name}”一节")
    return out


def method_text(method, registry: Registry) -> list[tuple[str, bool]]:
    """The 社区工作法文本 box: (paragraph, is a heading) pairs, from the method's fields and body."""
    view = method_view(method, registry)
    inferred = _inferred(method, registry)
    # The place line without the levels the editors inferred (see Place.line: each level once).
    place = dataclasses.replace(method.place, **{level: "" for level in registry.place_levels
                                                 if f"place.{level}" in inferred})
    out = [(view["name"], True)]
    if place.line:
        out.append((f"地点：{place.line}", False))
    if view["unit"]:
        out.append((f"申报单位：{view['unit']}", False))
    # The kind without its basis note: （编者归类） and （据《…》…） are the knowledge base's own.
    if view["kind"] and "kind" not in inferred:
        out.append((f"类型：{view['kind']}", False))
    summary = without_notes(view["summary"] or "", registry)
    if summary:
        out += [(SUMMARY_HEADING, True), (summary, False)]
    formula = view["formula"]
    if formula and formula.get("parts") and "formula.parts" not in inferred:
        out.append((f"“{formula['text']}”的含义", True))
        for part in formula["parts"]:
            number = f"“{part['number']}”：" if part.get("number") is not None else ""
            out.append((f"{number}{part['meaning']}", False))
            out += [(f"· {measure}", False) for measure in part["measures"]]
    if view["six"]:
        out.append((SIX_HEADING, True))
        out += [(f"{item['name']}：{item['text']}", False) for item in view["six"]]
    for section in body_sections(method, registry):
        if section.heading:
            out.append((section.heading, True))
        out += [(text, False) for text in section.paragraphs]
    cited = "；".join(f"{s['issuer']}《{s['title']}》" for s in view["sources"] if s.get("title"))
    out.append((f"资料来源：{cited}。", False))
    return out


def _widths(table, label, text) -> None:
    """One set of column widths, said alike by the grid, every cell and the table: Word reads the
    cells', LibreOffice and WPS the grid's (tblGrid), so a grid python-docx left at half the page
    each split the columns 50/50 there. A fixed layout keeps them from being fitted to the text."""
    table.autofit = False
    for column, width in zip(table.columns, (label, text)):
        column.width = width  # the tblGrid's gridCol
        for cell in column.cells:
            cell.width = width
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(label.twips + text.twips))


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
    line = section.page_width - section.left_margin - section.right_margin
    _widths(table, LABEL_WIDTH, Emu(line - LABEL_WIDTH))
    for row, label in zip(table.rows, ROWS):
        row.cells[0].paragraphs[0].text = ""
        _font(row.cells[0].paragraphs[0].add_run(label), SANS, 12)
    text_cell = table.rows[0].cells[1]
    text_cell.paragraphs[0].text = ""
    for index, (text, heading) in enumerate(method_text(method, registry)):
        paragraph = text_cell.paragraphs[0] if index == 0 else text_cell.add_paragraph()
        _font(paragraph.add_run(text), SANS if heading else SERIF, 12, bold=heading)
    for row in table.rows[1:]:
        # An opinion box on one page: its 盖章（日期） stays with the opinion it seals.
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        cell = row.cells[1]
        _font(cell.paragraphs[0].add_run(OPINION_NOTE), SERIF, 10.5)
        for _ in range(12):  # room to write the opinion by hand or to type it in
            cell.add_paragraph()
        _paragraph(cell, SEAL, align=WD_ALIGN_PARAGRAPH.RIGHT)
    for note in NOTES:
        _paragraph(document, note, size=10.5)
    document.core_properties.title = f"{TITLE}：{method.name}"
    document.save(target)


def warnings(method, registry: Registry) -> list[str]:
    """What whoever submits the form must fill in themselves, one line each (empty: nothing):
    the parts a method short of complete lacks, section by section, and the values left out
    because the editors inferred them."""
    out = []
    if method.completeness != registry.complete_level:
        lacking = missing(method, registry)
        head = f"警告：{method.name}的完整度是“{method.completeness}”，"
        if lacking:
            out.append(head + "社区工作法文本缺少以下各部分，报送前请补写：")
            out += [f"  {item}" for item in lacking]
        else:
            out.append(head + "来源信息不全，报送前请核对、补充社区工作法文本。")
    omitted = left_out(method, registry)
    if omitted:
        markers = {b.field: registry.basis_marker(b.field, b.by) for b in method.basis}
        named = [f"{label}（{markers[dotted]}）" for dotted, label in omitted]
        out.append(f"提示：推荐表没有收入编者推断或归类的值，请按本社区的实际情况填写：{'、'.join(named)}。")
    return out
