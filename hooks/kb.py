"""MkDocs hooks: a thin adapter over ``methodkb``.

on_startup  start the search index's process (it loads jieba's dictionary meanwhile); under
            mkdocs serve, load that dictionary once for all the builds to come
on_config   load and validate every method file and every collection, report all their
            problems, and stop the build on errors; point MkDocs at a staged folder, so that
            a build that fails at any step leaves the site folder as it was;
            start a second process on the related methods and the generated pages' texts;
            KB_OFFLINE=1 makes pages .html files that open from disk (the offline edition);
            KB_OFFLINE_ZIP=<zip> publishes that edition's zip with the site, linked from the home page
on_files    add the method pages, the generated pages and the open data files; start a
            second process on the search index's documents; keep the garbage collector off
            what is loaded until the build ends
on_page_markdown  give method pages their template and facts; fill in the
            figures on hand-written pages that ask for them (``kb_template: true``)
on_page_context   give method pages their links (indexes, related methods)
on_post_build  write the search index; print the collections (选编) as PDF books, when
            KB_PDF=1 asks for them; swap the staged folder in as the site
on_build_error  stop the second processes; remove the staged folder
on_serve    rebuild when a method file, a collection or a data file changes
"""

from __future__ import annotations

import gc
import html
import logging
import os

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from methodkb import books as kb_books
from methodkb import collection as kb_collection
from methodkb import background, indexes, pages, printing, search, segment
from methodkb.browse import SEARCH_INDEX, Browse
from methodkb.registry import DATA_DIR
from methodkb.render import method_uri
from methodkb.staging import StagedFolder
from methodkb.view import method_view

log = logging.getLogger("mkdocs.hooks.kb")
state: dict = {}
DIRTY = "KB_DIRTY_BUILD"  # set by on_startup for the process: whether builds are --dirty


def _content_dirs(config, variable: str, folder: str) -> list[str]:
    # KB_METHODS_DIR and KB_COLLECTIONS_DIR (one folder, or several joined by ":") let tests and
    # benchmarks build the site from other files, e.g. methods/ plus a synthetic corpus.
    chosen = os.environ.get(variable)
    return chosen.split(os.pathsep) if chosen else [os.path.join(os.path.dirname(config.config_file_path), folder)]


def _methods_dirs(config) -> list[str]:
    return _content_dirs(config, "KB_METHODS_DIR", "methods")


def _collections_dirs(config) -> list[str]:
    return _content_dirs(config, "KB_COLLECTIONS_DIR", "collections")


def on_startup(command, dirty):
    # mkdocs serve builds again after each edit, in one process: load jieba's dictionary once,
    # here, and each build's search process (a fork) starts with it loaded.
    if command == "serve":
        segment.preload()
    # mkdocs serve loads these hooks anew for each rebuild, without on_startup: keep the flag where they find it.
    os.environ[DIRTY] = "1" if dirty else "0"
    # The search index's process starts now and loads jieba's dictionary while MkDocs and
    # on_config do their work: with a hundred methods, that load (about 0.9 s) is longer than
    # everything the build does after on_config.
    state["search"] = background.Worker(segment.preload)


def on_config(config):
    # Validate first, all of it: a site is never built from invalid files. Every method file and
    # every collection is checked before anything stops, so one run names every problem.
    result = kb_collection.load(_methods_dirs(config), os.getcwd())
    entries = indexes.entries(result)
    books, book_problems = kb_books.load(_collections_dirs(config), result, entries, os.getcwd())
    for problem in result.problems + book_problems:
        # Errors stop the build below; warnings ("原则上" rules) must not fail a strict build.
        (log.error if problem.is_error else log.info)(problem.format())
    stop = [f"方法文件未通过检查：{len(result.errors)} 个错误"] * bool(result.errors) + \
           [f"选编文件未通过检查：{len(book_problems)} 个错误"] * bool(book_problems)
    if stop:
        raise PluginError(f"{'；'.join(stop)}（见上方各行）。网站没有构建，上一次构建的网站保持原样。"
                          "改正后重新构建；也可运行 python scripts/check.py 单独检查。")
    state.update(collection=result,
                 by_uri={method_uri(m.slug): m for m in result.methods},
                 pdf=_flag("KB_PDF"), books=books)
    # The offline edition is opened from disk, where no server turns methods/x/ into
    # methods/x/index.html: pages become methods/x.html, as Material's offline plugin does.
    # (That plugin also adds an iframe-worker script from unpkg.com for Material's search;
    # this site's search needs no worker and loads nothing from elsewhere, so it is not used.)
    if _flag("KB_OFFLINE"):
        config.use_directory_urls = False
    state["offline_zip"] = _offline_zip()
    # The cross-indexes are computed once per build and shared by every page.
    state["browse"] = browse = Browse(result, config.use_directory_urls, entries)
    # MkDocs writes into a folder of its own; the site folder is replaced only by a build that succeeds.
    state["staging"] = Staging(config, dirty=os.environ.get(DIRTY) == "1")
    # Which pages the build adds is known now; the related methods and the generated pages'
    # texts are worked out by a second process while MkDocs renders the method pages, and
    # collected when first needed (_made).
    state["site"] = site = pages.site_pages(result, browse, books, state["pdf"], config.use_directory_urls)
    state["made"] = background.Job(pages.made, browse, site)
    # mkdocs serve's rebuilds load these hooks anew, without on_startup.
    if "search" not in state:
        state["search"] = background.Worker(segment.preload)
    return config


def _feed(searcher, browse, written, cache) -> None:
    # In a forked process: the documents are put together beside the build, and pickled to the
    # search index's process from here, not from the build's.
    searcher.give(search.index_script, browse.search_documents() + written, browse.registry.synonyms, cache)


def _offline_zip() -> str | None:
    path = os.environ.get("KB_OFFLINE_ZIP")
    if path and not os.path.isfile(path):
        raise PluginError(f"KB_OFFLINE_ZIP 指向的离线版压缩包不存在：{path}。先运行 make offline。")
    return os.path.abspath(path) if path else None


def _offline_link(path: str | None) -> dict | None:
    return {"name": os.path.basename(path), "mb": f"{os.path.getsize(path) / 1_000_000:.1f}"} if path else None


def _flag(variable: str) -> bool:
    return os.environ.get(variable, "") not in ("", "0")


def on_files(files, config):
    # The offline edition's zip, when given, is copied to the site's root like any other file.
    if state["offline_zip"]:
        files.append(File.generated(config, os.path.basename(state["offline_zip"]), abs_src_path=state["offline_zip"]))
    # Method files live outside docs/; each becomes methods/<slug>/.
    for uri, method in state["by_uri"].items():
        files.append(MethodFile.method(config, uri, method))
    for uri in state["site"]:
        files.append(MadeFile.made(config, uri))
    # The search index covers the generated pages and the hand-written ones: a second process
    # puts its documents together and hands them to the search index's process, which may still
    # be loading jieba's dictionary (the index is written in on_post_build).
    written = [search.page_document(f.url, f.content_string) for f in files.documentation_pages()
               if f.src_uri not in state["site"] and f.src_uri not in state["by_uri"]]
    state["feed"] = background.Job(_feed, state["search"], state["browse"], written, _search_cache(config))
    state["search"].handed_on()
    # What is loaded so far lives until the build ends, and MkDocs makes many short-lived objects
    # per page: keep the collector's full passes off the former (at 5,000 methods, about 1 s of
    # the build). Released in on_post_build or on_build_error, so mkdocs serve frees each build.
    gc.freeze()
    return files


def _made() -> dict[str, str]:
    """The generated pages' texts, from the second process started in on_config; the related
    methods it worked out go to Browse on the way."""
    if "texts" not in state:
        try:
            state["browse"].related, state["texts"] = state["made"].result()
        except background.Failed as failure:
            log.error(str(failure))
            raise PluginError("索引页没有生成（原因见上方）。这不是方法文件的问题，请报告给维护者。") from None
    return state["texts"]


def _search_cache(config) -> str:
    # jieba's cut clauses, kept between builds (methodkb/segment.py); KB_CACHE_DIR moves the folder.
    folder = os.environ.get("KB_CACHE_DIR") or os.path.join(os.path.dirname(config.config_file_path), ".cache")
    return os.path.join(folder, "search-clauses.json")


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


class MethodFile(File):
    """A method file, whose page MkDocs renders from the body read in on_config (MkDocs would
    read the file and parse its fields again, for nothing: the page's data comes from on_config).
    For ``--dirty`` it is still the file on disk: its page is rebuilt only when the file changed."""

    # MkDocs reads a page's meta from a --- block (or "key: value" lines) at the start of its text;
    # the body comes after a block of our own, so nothing in it is ever read as meta.
    SOURCE = "---\nkb: method\n---\n\n{}"

    @classmethod
    def method(cls, config, uri: str, method) -> MethodFile:
        file = cls.generated(config, uri, abs_src_path=method.abs_path)
        file._content = cls.SOURCE.format(method.body)
        return file

    def is_modified(self) -> bool:
        dest = self.abs_dest_path
        return not os.path.isfile(dest) or os.path.getmtime(dest) < os.path.getmtime(self.abs_src_path)


class MadeFile(File):
    """A generated page or data file, whose content comes from ``_made`` when MkDocs first reads it."""

    @classmethod
    def made(cls, config, uri: str) -> MadeFile:
        return cls.generated(config, uri, content="")

    @property
    def _content(self) -> str:
        return _made()[self.src_uri]

    @_content.setter
    def _content(self, value) -> None:
        pass  # File.generated sets it; the content is _made's


def on_page_markdown(markdown, page, config, files):
    method = state["by_uri"].get(page.file.src_uri)
    if method:
        # The page's meta comes from the model alone (MethodFile keeps the body out of it): the
        # facts card is drawn by overrides/method.html from the view; Material prints the title
        # unescaped (header, <title>), so it is escaped here, once.
        page.meta = {"template": "method.html", "title": html.escape(method.meta.get("name") or ""),
                     "kb": method_view(method, state["collection"].registry)}
        return markdown
    if page.meta.get("kb_template"):
        collection = state["collection"]
        context = {"stats": pages.stats(collection), "lists": collection.registry.lists,
                   "sources": collection.registry.sources, "offline": _offline_link(state["offline_zip"])}
        return jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(markdown).render(context)
    return markdown


def on_page_context(context, page, config, nav):
    method = state["by_uri"].get(page.file.src_uri)
    if method:
        # Links back to the indexes and to the related methods (worked out in _made's process).
        _made()
        page.meta["kb_links"] = state["browse"].links(method.slug)
    return context


def on_post_build(config):
    try:
        state.pop("feed").result()
        index = state.pop("search").result()
    except background.Failed as failure:
        log.error(str(failure))
        raise PluginError("搜索索引没有生成（原因见上方）。这不是方法文件的问题，请报告给维护者。") from None
    path = os.path.join(config.site_dir, SEARCH_INDEX)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(index)
    # The books are printed after the site is written, into site/collections/<slug>.pdf.
    if state["pdf"] and state["books"]:
        out = os.path.join(config.site_dir, "collections")
        printing.print_books(state["books"], state["collection"], out, progress=log.info)
    # mkdocs serve keeps its first build's hooks alive for the whole session: let this build's
    # data go, or every rebuild works beside a second copy of the collection. (_made's process
    # has been collected by now; cancel stops it if some build never asked for its work.)
    state["made"].cancel()
    # Last: the new site takes the old one's place (unless strict mode is about to fail the build).
    state.pop("staging").finish(config)
    state.clear()
    gc.unfreeze()


def on_build_error(error):
    for name in ("made", "feed", "search"):
        if name in state:
            state[name].cancel()
    if "staging" in state:
        state["staging"].abandon()
    state.clear()
    gc.unfreeze()


def on_serve(server, config, builder):
    for folder in _methods_dirs(config) + _collections_dirs(config):
        if os.path.isdir(folder):
            server.watch(folder)
    server.watch(DATA_DIR)
    return server
