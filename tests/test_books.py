"""Printed collections (选编): definitions, their messages, the site pages and the PDF books themselves."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import ROOT, build, check, refused, reported, run
from methodkb.checks import books
from methodkb.checks import loading
from methodkb.model.registry import Registry
from methodkb.site import indexes
from methodkb.printing import books as printing

REGISTRY = Registry.load()
LISTING, SOURCES = "附录一\u3000名录", "附录二\u3000引用文件"

BROKEN = os.path.join("tests", "broken_collections")
BOOKS = {"hunan": "湖南省社区工作法和治理经验选编", "2014-shida": "2014年度中国社区治理十大创新成果选编",
         "jumin-zizhi": "居民自治类方法和经验汇编"}

# file, line, field, part of the message
EXPECTED = [
    ("missing-method.yml", 7, "methods[1]", "找不到方法“不存在的社区工作法”"),
    ("missing-method.yml", 8, "methods[2]", "找不到方法“junmen-1335”。是不是军门社区工作法（methods/fujian/junmen-13335.md）？"),
    ("selects-nothing.yml", 5, "select", "按这些条件选不到任何方法（省份为西藏自治区，主题为矛盾化解）"),
    ("bad-values.yml", 6, "select.province[0]", "“湖男省”不是可选的省份。是不是“湖南省”？"),
    ("bad-values.yml", 7, "order", "“按时间”不是可选值"),
    ("both.yml", 6, "select", "“收录方法”和“选取条件”只能写一个"),
    ("missing-fields.yml", 1, "title", "缺少“书名”"),
    ("missing-fields.yml", 1, "compiler", "缺少“编印单位”"),
    ("missing-fields.yml", 1, "foreword", "缺少“前言”"),
    ("Bad_Name.yml", 1, None, "只能用小写字母、数字和连字符"),
    ("fullwidth.yml", 1, "title", "“书名：”用了全角冒号。字段名要写英文“title”"),
    ("rank-without-list.yml", 7, "order", "需要在选取条件中写明入选名单"),
    ("same-title.yml", 1, "title", "书名与 tests/broken_collections/missing-method.yml 相同"),
]


@pytest.fixture(scope="module")
def broken_output():
    return refused(BROKEN).stdout


@pytest.mark.parametrize("name, line, field, message", EXPECTED)
def test_each_mistake_in_a_collection_file_is_reported_where_it_is(broken_output, name, line, field, message):
    assert reported(broken_output.splitlines(), BROKEN, name, line, field, message), broken_output


def test_every_problem_in_every_collection_file_is_reported_in_one_run(broken_output):
    assert len([row for row in broken_output.splitlines() if row.startswith(BROKEN)]) == len(EXPECTED)
    assert f"检查了 {len(os.listdir(os.path.join(ROOT, BROKEN)))} 个选编文件：{len(EXPECTED)} 个错误" in broken_output


def test_the_shipped_collections_pass_the_check():
    result = check()
    assert result.returncode == 0, result.stdout
    assert "3 个选编文件" in result.stdout


def test_the_build_stops_on_a_collection_that_names_a_missing_method(tmp_path):
    folder = tmp_path / "collections"
    folder.mkdir()
    shutil.copy(os.path.join(ROOT, BROKEN, "missing-method.yml"), folder)
    result = build(tmp_path / "site", env={"KB_COLLECTIONS_DIR": str(folder)})
    assert result.returncode != 0
    assert "missing-method.yml:7: methods[1]: 找不到方法“不存在的社区工作法”" in result.stdout + result.stderr
    assert "选编文件未通过检查" in result.stdout + result.stderr


def test_print_book_refuses_a_bad_collection_and_writes_nothing(tmp_path):
    result = run(sys.executable, "scripts/print_book.py", f"{BROKEN}/both.yml", "-o", str(tmp_path))
    assert result.returncode == 1
    assert "both.yml:6: select:" in result.stderr and "没有印书" in result.stderr
    assert not os.listdir(tmp_path)


# Selections -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def loaded():
    methods = loading.load([os.path.join(ROOT, "methods")], ROOT)
    found, problems = books.load([os.path.join(ROOT, "collections")], methods, indexes.entries(methods), ROOT)
    assert not problems
    return methods, {book.slug: book for book in found}


def test_a_selection_by_province_takes_every_method_of_that_province(loaded):
    methods, found = loaded
    hunan = {m.slug for m in methods.methods if m.meta["place"]["province"] == "湖南省"}
    assert set(found["hunan"].all_slugs) == hunan and len(hunan) >= 4


def test_a_selection_by_theme_takes_every_method_with_that_theme(loaded):
    methods, found = loaded
    themed = {m.slug for m in methods.methods if "居民自治" in m.meta.get("themes", [])}
    assert set(found["jumin-zizhi"].all_slugs) == themed


def test_the_2014_results_are_in_the_ministrys_rank_order(loaded):
    methods, found = loaded
    by_slug = methods.by_slug()
    ranks = [next(m.rank for m in by_slug[s].lists if m.list == "mz-2014-top")
             for s in found["2014-shida"].slugs]
    assert ranks == list(range(1, 12))


def test_the_least_complete_entries_go_to_the_listing_by_default(loaded):
    methods, found = loaded
    by_slug = methods.by_slug()
    for book in found.values():
        assert all(by_slug[s].completeness != REGISTRY.pending_level for s in book.slugs)
        assert all(by_slug[s].completeness == REGISTRY.pending_level for s in book.listed)
    assert len(found["hunan"].listed) == 2 and len(found["hunan"].slugs) == 4
    # In the book's order, as they would have been chapters.
    order = indexes.entries(methods)
    hunan = [e.slug for e in order if e.province == "湖南省" and e.completeness == REGISTRY.pending_level]
    assert found["hunan"].listed == hunan


def write_collection(folder, body: str, name: str = "mine.yml"):
    (folder / name).write_text(
        "title: 自选\ncompiler: 某街道\ndate: 2026年11月\nforeword: 培训用的自选篇目，按讲课的先后顺序排列，供学员课前阅读。\n"
        + body, encoding="utf-8")
    methods = loading.load([os.path.join(ROOT, "methods")], ROOT)
    return books.load([str(folder)], methods, indexes.entries(methods), ROOT)


def test_a_book_may_give_the_least_complete_entries_a_chapter_each(tmp_path):
    chapters = REGISTRY.book_schema["fields"]["pending"]["values"][1]
    found, problems = write_collection(tmp_path, f"pending: {chapters}\nselect:\n  province: [湖南省]\n")
    assert not problems and len(found[0].slugs) == 6 and found[0].listed == []


def test_a_selection_by_completeness(tmp_path):
    partial = REGISTRY.completeness_levels[1]
    found, problems = write_collection(tmp_path, f"select:\n  province: [湖南省]\n  completeness: [{partial}]\n")
    assert not problems
    methods = loading.load([os.path.join(ROOT, "methods")], ROOT).by_slug()
    assert found[0].slugs and {methods[s].completeness for s in found[0].slugs} == {partial}
    assert found[0].listed == [] and f"完整度为{partial}" in found[0].how


def test_a_completeness_that_is_not_one_is_reported(tmp_path):
    wrong = REGISTRY.complete_level + "的"
    found, problems = write_collection(tmp_path, f"select:\n  province: [湖男省]\n  completeness: [{wrong}]\npending: 都印\n")
    assert not found
    messages = {p.field: p.message for p in problems}
    assert messages["select.province[0]"] == "“湖男省”不是可选的省份。是不是“湖南省”？"  # told in the same run
    assert messages["select.completeness[0]"] == f"“{wrong}”不是可选的完整度。是不是“{REGISTRY.complete_level}”？"
    assert messages["pending"].startswith("“都印”不是可选值。")


def test_an_empty_list_of_methods_is_reported(tmp_path):
    (tmp_path / "empty.yml").write_text(
        "title: 空书\ncompiler: 某街道\ndate: 2026年11月\nforeword: 这本书还没有写入任何方法，检查应当指出来。\nmethods: []\n",
        encoding="utf-8")
    methods = loading.load([os.path.join(ROOT, "methods")], ROOT)
    found, problems = books.load([str(tmp_path)], methods, indexes.entries(methods), ROOT)
    assert not found and [p.message for p in problems] == ["缺少“收录方法”（methods）或“选取条件”（select）：请写明这本书收录哪些方法。"]


def test_an_explicit_list_keeps_its_order_and_accepts_names(tmp_path):
    (tmp_path / "mine.yml").write_text(
        "title: 自选\ncompiler: 某街道\ndate: 2026年11月\nforeword: 培训用的自选篇目，按讲课的先后顺序排列，供学员课前阅读。\n"
        "methods:\n  - 云塘社区“四小四大”工作法\n  - junmen-13335\n  - nanpanling-12345.md\n", encoding="utf-8")
    methods = loading.load([os.path.join(ROOT, "methods")], ROOT)
    found, problems = books.load([str(tmp_path)], methods, indexes.entries(methods), ROOT)
    assert not problems
    assert found[0].slugs == ["yuntang-sixiaosida", "junmen-13335", "nanpanling-12345"]


def test_the_book_escapes_what_comes_from_method_files(loaded):
    methods, found = loaded
    method = methods.by_slug()["yuntang-sixiaosida"]
    original = method.name
    try:
        method.name = "<script>alert(1)</script>云塘"
        html = printing.book_html(found["hunan"], methods)
    finally:
        method.name = original
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;云塘" in html


def test_chinese_chapter_numbers():
    assert [printing.chinese_number(n) for n in (1, 9, 10, 11, 20, 30, 42, 100, 105, 110, 120, 999)] == \
        ["一", "九", "十", "十一", "二十", "三十", "四十二", "一百", "一百零五", "一百一十", "一百二十", "九百九十九"]


# The site ---------------------------------------------------------------------------------


def test_the_collections_page_lists_every_book_with_its_pdf(built_site):
    soup = BeautifulSoup((built_site / "collections" / "index.html").read_text(encoding="utf-8"), "html.parser")
    for slug, title in BOOKS.items():
        assert soup.find("a", href=f"{slug}/", string=title), title
        assert soup.find("a", href=f"{slug}.pdf", download=f"{title}.pdf"), slug


@pytest.mark.parametrize("slug", BOOKS)
def test_a_collection_page_lists_its_chapters_in_order_and_links_the_pdf(built_site, loaded, slug):
    methods, found = loaded
    soup = BeautifulSoup((built_site / "collections" / slug / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in soup.select("article ol li a")]
    assert links == [f"../../methods/{s}/" for s in found[slug].slugs]
    download = soup.find("a", download=f"{BOOKS[slug]}.pdf")
    assert download and (built_site / "collections" / slug / download["href"]).resolve().is_file()
    assert "前言" in soup.get_text()


def test_without_pdfs_the_page_says_how_to_make_them(tmp_path):
    result = build(tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "collections" / "hunan" / "index.html").read_text(encoding="utf-8")
    assert "make pdf" in page and "download=" not in page
    assert not list((tmp_path / "site" / "collections").glob("*.pdf"))


def test_the_download_button_saves_the_book_under_its_title(site):
    with site.open("/collections/hunan/", width=390) as page:
        with page.expect_download() as info:
            page.get_by_role("link", name="下载 PDF（A4，可直接打印）").click()
        download = info.value
        assert download.suggested_filename == "湖南省社区工作法和治理经验选编.pdf"
        with open(download.path(), "rb") as handle:
            assert handle.read(5) == b"%PDF-"


# The books --------------------------------------------------------------------------------


def page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in reader.pages]


@pytest.fixture(scope="module")
def printed(built_site, loaded):
    methods, found = loaded
    out = {}
    for slug in BOOKS:
        reader = PdfReader(str(built_site / "collections" / f"{slug}.pdf"))
        out[slug] = (found[slug], reader, page_texts(reader))
    return out


def chapter_names(book, methods):
    by_slug = methods.by_slug()
    return [by_slug[s].name for s in book.slugs]


def appendices(book) -> list[str]:
    return [LISTING, SOURCES] if book.listed else ["附录\u3000引用文件"]


@pytest.mark.parametrize("slug", BOOKS)
def test_the_outline_has_the_front_matter_every_chapter_and_the_appendix(printed, loaded, slug):
    book, reader, _ = printed[slug]
    titles = [item.title for item in reader.outline]
    assert titles == ["前\u3000言", "目\u3000录", *chapter_names(book, loaded[0]), *appendices(book)]
    assert reader.metadata.title == BOOKS[slug]


@pytest.mark.parametrize("slug", BOOKS)
def test_the_books_are_tagged_pdf(built_site, slug):
    info = subprocess.run(["pdfinfo", str(built_site / "collections" / f"{slug}.pdf")],
                          capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info


@pytest.mark.parametrize("slug", ["hunan", "jumin-zizhi"])
def test_the_listing_holds_each_least_complete_entry_at_the_page_the_contents_give(printed, loaded, slug):
    book, reader, texts = printed[slug]
    assert book.listed
    starts = {item.title: reader.get_destination_page_number(item) for item in reader.outline}
    page = texts[starts[LISTING]]
    flat = re.sub(r"\s", "", page)
    by_slug = loaded[0].by_slug()
    for number, slug_ in enumerate(book.listed, 1):
        method = by_slug[slug_]
        assert re.sub(r"\s", "", f"{number}{method.name}{method.place_line}") in flat
    assert f"完整度为“{REGISTRY.pending_level}”" in flat
    names = chapter_names(book, loaded[0])
    contents = "".join(texts[starts["目\u3000录"]:starts[names[0]]])
    folio = re.search(r"— (\d+) —\s*$", page).group(1)
    assert re.search(LISTING + r"[ .]+(\d+)\n", contents).group(1) == folio
    # No chapter for them: their names are in the listing, not in the outline.
    assert not {by_slug[s].name for s in book.listed} & {item.title for item in reader.outline}


def test_a_book_of_listed_entries_only_numbers_its_listing_from_one(tmp_path):
    pending = REGISTRY.pending_level
    found, problems = write_collection(tmp_path, f"select:\n  province: [湖南省]\n  completeness: [{pending}]\n")
    assert not problems and found[0].slugs == [] and len(found[0].listed) == 2
    methods = loading.load([os.path.join(ROOT, "methods")], ROOT)
    target = tmp_path / "only.pdf"
    printing.write_pdf(found[0], methods, str(target))
    reader = PdfReader(str(target))
    texts = page_texts(reader)
    starts = {item.title: reader.get_destination_page_number(item) for item in reader.outline}
    assert list(starts) == ["前\u3000言", "目\u3000录", LISTING, SOURCES]
    assert re.search(r"— 1 —\s*$", texts[starts[LISTING]])
    assert re.search(LISTING + r"[ .]+1\n", texts[starts["目\u3000录"]])
    said = re.sub(r"\s", "", "".join(texts))
    assert f"共2篇，{REGISTRY.completeness_notes[pending].rstrip('。')}，因此不单独成章" in said


@pytest.mark.parametrize("slug", BOOKS)
def test_each_chapter_starts_a_page_at_the_number_the_contents_give(printed, loaded, slug):
    book, reader, texts = printed[slug]
    starts = {item.title: reader.get_destination_page_number(item) for item in reader.outline}
    names = chapter_names(book, loaded[0])
    contents = "".join(texts[starts["目\u3000录"]:starts[names[0]]])
    for number, name in enumerate(names, 1):
        page = texts[starts[name]]
        # The chapter opens its page: "第N篇", then its title, before anything else.
        assert page.startswith(f"第 {' '.join(printing.chinese_number(number))} 篇\n{name}\n"), page[:80]
        # Its printed page number, in the Chinese style at the foot of the page …
        folio = re.search(r"— (\d+) —\s*$", page).group(1)
        # … is the one the contents give after the dot leader.
        entry = re.search(re.escape(f"{printing.chinese_number(number)}、{name}") + r"[ .]+(\d+)\n", contents)
        assert entry and entry.group(1) == folio, (name, folio, contents)
    assert len(reader.pages) >= 3 + len(book.slugs) + 1  # cover, foreword, contents, chapters, appendix


@pytest.mark.parametrize("slug", BOOKS)
def test_pages_carry_the_running_header_and_no_web_chrome(printed, loaded, slug):
    book, reader, texts = printed[slug]
    starts = {item.title: reader.get_destination_page_number(item) for item in reader.outline}
    for name in chapter_names(book, loaded[0]):
        assert f"{BOOKS[slug]}\u3000·\u3000{name}" in texts[starts[name]]
    assert BOOKS[slug] in re.sub(r"\s", "", texts[0]) and "— " not in texts[0]  # the cover has no page number
    body = "".join(texts)
    for chrome in ("¶", "跳转至", "下载 PDF", "相关条目", "显示更多"):
        assert chrome not in body


@pytest.mark.parametrize("slug", BOOKS)
def test_the_fonts_are_noto_cjk_sc_and_embedded(printed, slug):
    _, reader, _ = printed[slug]
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    names = {name.split("+", 1)[-1] for name in fonts}
    assert names <= {"Noto-Serif-CJK-SC", "Noto-Serif-CJK-SC-Bold", "Noto-Sans-CJK-SC", "Noto-Sans-CJK-SC-Bold"}, names
    assert "Noto-Serif-CJK-SC" in names and all(fonts.values())


@pytest.mark.parametrize("slug", BOOKS)
def test_every_character_of_the_book_has_a_glyph(printed, loaded, slug):
    """No fallback font was used (previous test) and the fonts cover every character printed,
    so no character is drawn as an empty box; the text also reads back from the PDF."""
    from fontTools.ttLib import TTCollection

    book, _, texts = printed[slug]
    text = BeautifulSoup(printing.book_html(book, loaded[0]), "html.parser").body.get_text()
    covered = set()
    for path in ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
                 "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"):
        for font in TTCollection(path).fonts:
            if "CJK SC" in font["name"].getDebugName(1):
                covered |= set(font.getBestCmap())
    missing = {ch for ch in text if not ch.isspace() and ord(ch) not in covered}
    assert not missing
    assert all(name in "".join(texts) for name in chapter_names(book, loaded[0]))


def test_a_table_that_crosses_a_page_repeats_its_header_row(printed):
    book, reader, texts = printed["jumin-zizhi"]
    starts = sorted(reader.get_destination_page_number(item) for item in reader.outline)
    first = reader.get_destination_page_number(next(i for i in reader.outline if i.title == "军门社区工作法"))
    chapter = texts[first:starts[starts.index(first) + 1]]
    with_header = [page for page in chapter if "数字 含义 具体措施" in page]
    assert len(with_header) >= 2, "军门's formula table spans pages, with its header on each"
    assert "打造“五在社区”" in "".join(chapter)  # the last row is printed, not cut off


def test_print_book_reports_progress_per_book(tmp_path):
    result = run(sys.executable, "scripts/print_book.py", "collections/hunan.yml", "collections/2014-shida.yml",
                 "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "[1/2] 《湖南省社区工作法和治理经验选编》：准备 4 章，名录 2 条" in result.stderr
    assert "[2/2] 《2014年度中国社区治理十大创新成果选编》：已排版 20 页" in result.stderr
    assert re.search(r"\[2/2\] 《2014年度中国社区治理十大创新成果选编》：\d+ 页，[\d.]+ MB，用时", result.stderr)
    assert sorted(os.listdir(tmp_path)) == ["2014-shida.pdf", "hunan.pdf"]


# The way back online: a QR code of each chapter's page -----------------------------------------

SITE_URL = "https://kb.example.org/"


def test_without_a_site_address_no_chapter_has_a_qr_code(loaded):
    methods, found = loaded
    soup = BeautifulSoup(printing.book_html(found["hunan"], methods), "html.parser")
    assert not soup.select("svg") and not soup.select(".chapter-online")


def test_each_chapter_carries_its_page_s_address_and_qr_code(loaded):
    methods, found = loaded
    book = found["hunan"]
    soup = BeautifulSoup(printing.book_html(book, methods, SITE_URL), "html.parser")
    for slug in book.slugs:
        url = f"{SITE_URL}methods/{slug}/"
        online = soup.select_one(f"#ch-{slug} header .chapter-online")
        # The figure's alternative text in the tagged PDF, and the address as one would type it.
        assert online.select_one("svg.qr title").get_text() == f"本篇网页的二维码：{url}"
        link = online.select_one("a")
        assert link["href"] == url and link.get_text() == url.removeprefix("https://")
    assert len(soup.select("svg.qr")) == len(book.slugs)  # none for the 名录's lines
    assert "kb.example.org" in soup.select_one("#foreword").get_text()


def test_the_qr_codes_printed_open_each_chapter_s_page(tmp_path, capsys):
    """kb-print-book reads site_url from the knowledge base's mkdocs.yml (through INHERIT, as
    MkDocs does); the code on each chapter's first page, read back from the page image, is the
    address of that chapter's page."""
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image
    from methodkb.commands import print_book

    (tmp_path / "mkdocs.yml").write_text(f"INHERIT: {os.path.join(ROOT, 'mkdocs.yml')}\nsite_url: {SITE_URL}\n",
                                         encoding="utf-8")
    out = tmp_path / "out"
    assert print_book.main([os.path.join(ROOT, "collections", "hunan.yml"), "-o", str(out),
                            "--methods", os.path.join(ROOT, "methods")], root=str(tmp_path)) == 0
    pdf = out / "hunan.pdf"
    reader = PdfReader(str(pdf))
    methods = loading.load([os.path.join(ROOT, "methods")], ROOT).by_slug()
    by_name = {m.name: slug for slug, m in methods.items()}
    chapters = [item for item in reader.outline if item.title in by_name]
    assert len(chapters) == 4
    for item in chapters:
        number = reader.get_destination_page_number(item) + 1
        subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", str(number), "-l", str(number), "-singlefile",
                        str(pdf), str(tmp_path / "page")], check=True)
        decoded = [code.text for code in zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))]
        assert decoded == [f"{SITE_URL}methods/{by_name[item.title]}/"], item.title


def test_print_book_refuses_a_site_address_that_is_no_web_address(tmp_path, capsys):
    from methodkb.commands import print_book

    assert print_book.main([os.path.join(ROOT, "collections", "hunan.yml"), "-o", str(tmp_path),
                            "--site-url", "kb.example.org"], root=ROOT) == 1
    assert "--site-url应为以 http:// 或 https:// 开头的网址" in capsys.readouterr().err
    assert not os.listdir(tmp_path)
