"""MkDocs hooks: a thin adapter over ``methodkb``, in one process and one order.

on_startup       remember whether builds are --dirty (mkdocs serve loads these hooks anew per build)
on_config        read the options (``extra.kb`` in mkdocs.yml); read and check every method and
                 collection file, report every problem, stop on errors; build the indexes; point
                 MkDocs at a staged folder, so that a build that fails leaves the site as it was
on_files         add the generated pages (methods/<slug>/ among them: whole Markdown pages, whose
                 meta is ours) and the open data files
on_page_markdown fill in the figures on hand-written pages that ask for them
on_page_content  keep each page's text as a reader sees it, for the search index
on_post_page     let a written method page's HTML go
on_post_build    write the search index from those texts; print the books when asked; swap the
                 staged folder in as the site
on_build_error   remove the staged folder
on_serve         rebuild when a method file, a collection or a data file changes
"""

from __future__ import annotations

import html
import logging
import os
from dataclasses import dataclass, field

import jinja2
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from methodkb.checks import loading
from methodkb.model.registry import DATA_DIR, RegistryError
from methodkb.printing import books as printing
from methodkb.search import index as search
from methodkb.search.plain import site_index as search_index
from methodkb.site import generate, pages
from methodkb.site.browse import SEARCH_INDEX, Browse
from methodkb.site.render import method_uri
from methodkb.site.staging import StagedFolder

log = logging.getLogger("mkdocs.hooks.kb")
DIRTY = "KB_DIRTY_BUILD"  # set by on_startup for this process: whether builds are --dirty


# Options ----------------------------------------------------------------------------------


class Flag(config_options.BaseConfigOption[bool]):
    """Yes or no; from ``!ENV`` also 1/0 or an empty variable (KB_PDF=1 make build)."""

    WORDS = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False, "": False}

    def __init__(self, default: bool = False):
        super().__init__()
        self.default = default

    def run_validation(self, value) -> bool:
        if value is None or isinstance(value, bool):
            return bool(value)
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if str(value).strip().lower() in self.WORDS:
            return self.WORDS[str(value).strip().lower()]
        raise config_options.ValidationError(f"应为 true 或 false（环境变量可写 1 或 0），现在是“{value}”。")


class Folders(config_options.BaseConfigOption[list]):
    """One folder or several: a list, or one text with folders joined by ":" (KB_METHODS_DIR=a:b)."""

    def __init__(self, default: list[str]):
        super().__init__()
        self.default = default

    def run_validation(self, value) -> list[str]:
        if isinstance(value, str):
            value = [v for v in value.split(os.pathsep) if v]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise config_options.ValidationError(f"应为一个文件夹或文件夹列表，现在是“{value}”。")
        return value


class KbOptions(Config):
    """``extra.kb`` in mkdocs.yml; relative folders are relative to mkdocs.yml."""

    methods = Folders(default=["methods"])          # the method files
    collections = Folders(default=["collections"])  # the printed books (选编)
    pdf = Flag(default=False)                       # print every book as a PDF into site/collections/
    offline = Flag(default=False)                   # pages as .html files that open from disk
    offline_zip = config_options.Optional(config_options.Type(str))  # the offline zip to publish with the site
    cache = config_options.Type(str, default=".cache")  # jieba's cut clauses, kept between builds


def _options(config) -> KbOptions:
    options = KbOptions(config_file_path=config.config_file_path)
    options.load_dict((config.extra or {}).get("kb") or {})
    errors, _ = options.validate()
    if errors:
        raise PluginError("mkdocs.yml 中 extra.kb 的设置有误：" + "；".join(f"{key}：{error}" for key, error in errors))
    base = os.path.dirname(config.config_file_path)
    options.methods = [os.path.join(base, f) for f in options.methods]
    options.collections = [os.path.join(base, f) for f in options.collections]
    options.cache = os.path.join(base, options.cache)
    if options.offline_zip:
        options.offline_zip = os.path.abspath(os.path.join(base, options.offline_zip))
        if not os.path.isfile(options.offline_zip):
            raise PluginError(f"extra.kb.offline_zip 指向的离线版压缩包不存在：{options.offline_zip}。先运行 make offline。")
    return options


# The build's state -----------------------------------------------------------------------


@dataclass
class Build:
    options: KbOptions
    methods: loading.MethodSet
    books: list
    browse: Browse
    staging: Staging
    by_uri: dict = field(default_factory=dict)                # src_uri → method (the model)
    rendered: dict[str, tuple[str, str]] = field(default_factory=dict)  # url → (title, text as shown)


build: Build | None = None


def on_startup(command, dirty):
    # mkdocs serve loads these hooks anew for each rebuild, without on_startup: keep the flag where they find it.
    os.environ[DIRTY] = "1" if dirty else "0"


def on_config(config):
    global build
    options = _options(config)
    # Validate first, all of it: a site is never built from invalid files. Every method file and
    # every collection is checked before anything stops, so one run names every problem.
    try:
        checked = generate.check(options.methods, options.collections, os.getcwd())
    except RegistryError as error:
        raise PluginError(str(error)) from None
    methods = checked.methods
    for problem in checked.problems:
        # Errors stop the build below; warnings ("原则上" rules) must not fail a strict build.
        (log.error if problem.is_error else log.info)(problem.format())
    stop = [f"方法文件未通过检查：{len(methods.errors)} 个错误"] * bool(methods.errors) + \
           [f"选编文件未通过检查：{len(checked.book_problems)} 个错误"] * bool(checked.book_problems)
    if stop:
        raise PluginError(f"{'；'.join(stop)}（见上方各行）。网站没有构建，上一次构建的网站保持原样。"
                          "改正后重新构建；也可运行 python scripts/check.py 单独检查。")
    # The offline edition is opened from disk, where no server turns methods/x/ into
    # methods/x/index.html: pages become methods/x.html, as Material's offline plugin does.
    if options.offline:
        config.use_directory_urls = False
    build = Build(options, methods, checked.books, Browse(methods, config.use_directory_urls, checked.entries),
                  # MkDocs writes into a folder of its own; it replaces the site only when the build succeeds.
                  Staging(config, dirty=os.environ.get(DIRTY) == "1"),
                  by_uri={method_uri(m.slug): m for m in methods.models})
    return config


def on_files(files, config):
    # The offline edition's zip, when given, is copied to the site's root like any other file.
    if build.options.offline_zip:
        files.append(File.generated(config, os.path.basename(build.options.offline_zip), abs_src_path=build.options.offline_zip))
    # Every generated page, the method pages among them (methods/<slug>/), and the open data.
    site = pages.site_pages(build.methods, build.browse, build.books, build.options.pdf, config.use_directory_urls)
    for uri, write in site.items():
        try:
            text = write()
        except jinja2.TemplateError as error:
            raise PluginError(f"生成页面 {uri} 时模板出错（{type(error).__name__}：{error}）。"
                              "这不是方法文件的问题，请报告给维护者。") from None
        method = build.by_uri.get(uri)
        files.append(MethodFile.method(config, uri, method, text) if method else File.generated(config, uri, content=text))
    # The pages are written: the checked files' raw fields are needed no more (the model holds
    # what the pages show), and at 5,000 methods they are a good part of the build's memory.
    build.methods.methods.clear()
    return files


class MethodFile(File):
    """A method's page; for ``--dirty`` it is still the method file on disk: its page is
    rebuilt only when the file changed."""

    @classmethod
    def method(cls, config, uri: str, method, text: str) -> MethodFile:
        file = cls.generated(config, uri, abs_src_path=method.abs_path)
        file._content = text
        return file

    def is_modified(self) -> bool:
        dest = self.abs_dest_path
        return not os.path.isfile(dest) or os.path.getmtime(dest) < os.path.getmtime(self.abs_src_path)


def on_page_markdown(markdown, page, config, files):
    # Hand-written pages that ask for them (kb_template: true) get the figures filled in.
    if page.meta.get("kb_template"):
        try:
            return pages.fill(markdown, build.methods, _offline_link(build.options.offline_zip))
        except jinja2.TemplateError as error:
            raise PluginError(f"{page.file.src_uri}：页面里的模板写法有误（{error}）。") from None
    return markdown


def _offline_link(path: str | None) -> dict | None:
    return {"name": os.path.basename(path), "mb": f"{os.path.getsize(path) / 1_000_000:.1f}"} if path else None


def on_page_content(html_text, page, config, files):
    # Each page is indexed as a reader sees it: rendered, templates filled in; a method page by its own text.
    method = page.file.src_uri in build.by_uri
    shown = pages.method_body(html_text) if method else html_text
    build.rendered[page.file.url] = (html.unescape(page.title or ""), search.html_text(shown))
    # What a shared link says of a page whose front matter says nothing (the home page has site_description).
    described = not page.meta.get("description") and not page.is_homepage and pages.first_paragraph(html_text)
    if described:
        page.meta["description"] = described
    if method:
        # Rendered: its Markdown is needed no more, and MkDocs holds every page until all are written.
        page.markdown = page.file._content = None
    return html_text


def on_post_page(output, page, config):
    # Written: a method page's HTML is needed no more (MkDocs would hold all of them to the end).
    if page.file.src_uri in build.by_uri:
        page.content = None
    return output


def on_post_build(config):
    # The same index as the plain files' (search.plain), from the pages as MkDocs rendered them;
    # it empties build.rendered: the documents hold the text now.
    script = search_index(build.browse, build.rendered, os.path.join(build.options.cache, "search-clauses.sqlite"))
    path = os.path.join(config.site_dir, SEARCH_INDEX)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(script)
    # The books are printed after the site is written, into site/collections/<slug>.pdf.
    if build.options.pdf and build.books:
        printing.print_books(build.books, build.methods, os.path.join(config.site_dir, "collections"), progress=log.info,
                             site_url=config.site_url or None)
    # Last: the new site takes the old one's place (unless strict mode is about to fail the build).
    build.staging.finish(config)


def on_build_error(error):
    if build is not None:
        build.staging.abandon()


def on_serve(server, config, builder):
    options = _options(config)
    for folder in options.methods + options.collections:
        if os.path.isdir(folder):
            server.watch(folder)
    server.watch(DATA_DIR)
    return server


# The staged site folder --------------------------------------------------------------------


class _Count(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record) -> None:
        self.count += 1


class Staging:
    """MkDocs writes the site into a staged folder (``StagedFolder``), which replaces the site
    folder at the end of on_post_build. Strict mode fails a build after on_post_build, for the
    warnings logged during it: they are counted here too, and such a build swaps nothing in."""

    def __init__(self, config, dirty: bool):
        self.site_dir = config.site_dir
        self.folder = StagedFolder(config.site_dir, copy_existing=dirty)
        config.site_dir = self.folder.path
        self.warnings = _Count()
        logging.getLogger("mkdocs").addHandler(self.warnings)

    def finish(self, config) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        config.site_dir = self.site_dir
        if config.strict and self.warnings.count:
            self.folder.abandon()
        else:
            self.folder.commit()

    def abandon(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        self.folder.abandon()
