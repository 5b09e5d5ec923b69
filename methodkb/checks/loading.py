"""Loading every method file and validating it: the one entry point that both
``scripts/check.py`` and the build hook call."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from functools import cached_property

from methodkb.checks import frontmatter
from methodkb.model import method as model
from methodkb.checks import rules
from methodkb.model.method import LEVELS
from methodkb.model.problems import Problem
from methodkb.model.registry import Registry
from methodkb.checks.schema import SchemaChecker


@dataclass
class Method:
    src: frontmatter.SourceFile
    abs_path: str
    meta: dict

    @property
    def display_path(self) -> str:
        return self.src.path

    @property
    def slug(self) -> str:
        # A misnamed file (x.md.txt), read when named on purpose, is known by the name it should have.
        name = os.path.basename(self.abs_path)
        return os.path.splitext(meant_name(name) or name)[0]

    @property
    def body(self) -> str:
        return self.src.body

    @property
    def identity(self) -> tuple | None:
        """Name and place: two files with the same are the same method."""
        name, place = self.meta.get("name"), self.meta.get("place")
        if not isinstance(name, str) or not isinstance(place, dict):
            return None
        parts = [place.get(k) for k in LEVELS]
        return name, "".join(p for p in parts if isinstance(p, str))

    @property
    def list_ids(self) -> list[str]:
        lists = self.meta.get("lists") or []
        return [m.get("list") for m in lists if isinstance(m, dict)]


@dataclass
class MethodSet:
    """Every method file read: the checked files, the problems found, and the typed model of each."""

    registry: Registry
    methods: list[Method] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @cached_property
    def models(self) -> list[model.Method]:
        """The typed model of every method read (``model.build``), built once; every view reads these."""
        return [model.build(m, self.registry) for m in self.methods]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def by_slug(self) -> dict[str, model.Method]:
        return {m.slug: m for m in self.models}


# The endings an editor's tools or fingers give a file by mistake, per kind of file, with the
# ending meant: Notepad adds .txt, Windows shows .MD as .md, other editors save .markdown.
# Compared in lower case, after dropping spaces at the end of the name.
METHOD_ENDINGS = ((".md.txt", ".md"), (".markdown", ".md"), (".md", ".md"))
COLLECTION_ENDINGS = ((".yml.txt", ".yml"), (".yaml.txt", ".yaml"), (".yml", ".yml"), (".yaml", ".yaml"))


class Found(list):
    """The files to read, in order; ``problems``: what is wrong with the others found beside
    them (a link out of the folder, a name such as x.md.txt), which are not read. A list, so
    that every caller of ``find_files`` goes on as before; ``load`` takes the problems along."""

    def __init__(self, files=(), problems=()):
        super().__init__(files)
        self.problems: list[Problem] = list(problems)

    def __bool__(self) -> bool:
        # Something was found, if only a file to report: check.py then checks these paths,
        # not methods/ in their stead (a link named on its own is reported, not passed over).
        return bool(len(self) or self.problems)


def meant_name(name: str, endings=METHOD_ENDINGS) -> str | None:
    """The name a misnamed file should have (“x.md” for “x.md.txt”, “x.MD”, “x.md ”), or None
    when ``name`` is right or not one of these files at all."""
    stripped = name.rstrip()
    for wrong, right in endings:
        if stripped.lower().endswith(wrong) and len(stripped) > len(wrong):
            meant = stripped[: -len(wrong)] + right
            return meant if meant != name else None
    return None


def find_files(paths: list[str], root: str | None = None, endings=METHOD_ENDINGS, walk: bool = True) -> Found:
    """The files under ``paths`` to read: each file named, and in each folder (and, with
    ``walk``, its subfolders) those whose name ends as ``endings`` says is right. Reported
    instead of read: a name with a wrong ending; a symbolic link that leads out of the folder
    being checked (for a file named, out of ``root``), or back into a folder it is in, or
    nowhere; anything not a regular file. ``root``: paths in messages are relative to it."""
    root = root or os.getcwd()
    found = Found()
    for path in paths:
        if os.path.isdir(path):
            _walk(path, root, endings, walk, found)
            continue
        inside = os.path.dirname(os.path.abspath(path))
        boundary = root if _within(os.path.abspath(path), os.path.abspath(root)) else inside
        if _screened(path, os.path.basename(path), boundary, root, found):
            # Named on purpose: read it too, so that one run gives all its messages.
            meant = meant_name(os.path.basename(path), endings)
            if meant:
                found.problems.append(_problem(path, root, _misnamed(os.path.basename(path), meant)))
            found.append(path)
    return found


def _walk(top: str, root: str, endings, recursive: bool, found: Found) -> None:
    right = {r for _, r in endings}
    for folder, dirs, names in os.walk(top):
        dirs.sort()
        if not recursive:
            dirs.clear()  # subfolders are not read: nothing in them, link or not, is reported
        for name in list(dirs):
            full = os.path.join(folder, name)
            if os.path.islink(full):
                # Never followed: inside the folder, its files are read where they really are.
                dirs.remove(name)
                real = os.path.realpath(full)
                if not _within(real, os.path.realpath(top)):
                    found.problems.append(_problem(full, root, f"这是指向检查范围之外（{real}）的文件夹链接，其中的文件没有检查，"
                                                               "也不会发布。请删除这个链接，把文件本身放进这个文件夹。"))
                elif _within(os.path.realpath(folder), real):
                    found.problems.append(_problem(full, root, f"这个文件夹链接指回它所在的文件夹（{real}），会无限循环，没有读取。"
                                                               "请删除这个链接。"))
        for name in sorted(names):
            full = os.path.join(folder, name)
            meant = meant_name(name, endings)
            if meant:
                found.problems.append(_problem(full, root, _misnamed(name, meant, os.path.join(folder, meant))))
                continue
            # Folder links are never followed, so only a file that is itself a link, or not a
            # regular file, needs a closer look (realpath and stat are slow over thousands of files).
            if name.endswith(tuple(right)) and (_regular(full) or _screened(full, name, top, root, found)):
                found.append(full)


def _regular(path: str) -> bool:
    """A regular file, not a link (one lstat)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _screened(path: str, name: str, boundary: str, root: str, found: Found) -> bool:
    """Whether ``path`` may be read: True, or False with the reason among ``found.problems``."""
    real = os.path.realpath(path)
    if not _within(real, os.path.realpath(boundary)):
        # The file itself is a link, or (named on its own) lies in a folder that is one.
        if os.path.islink(path):
            message = f"这是指向检查范围之外（{real}）的链接，没有读取，也不会发布。请删除这个链接，把文件本身放进这个文件夹。"
        else:
            message = (f"这个文件经由文件夹链接实际位于检查范围之外（{real}），没有读取，也不会发布。"
                       "请删除那个文件夹链接，把文件本身放进来。")
        found.problems.append(_problem(path, root, message))
        return False
    if os.path.islink(path):
        try:
            os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                found.problems.append(_problem(path, root, "这个链接绕回了自己（循环链接），没有读取。请删除这个链接。"))
                return False
            return True  # a link to nothing: the reader says the file does not exist
    if os.path.exists(path) and not os.path.isfile(path) and not os.path.isdir(path):
        found.problems.append(_problem(path, root, f"“{name}”不是普通文件（而是管道、设备等），没有读取。请删除它，换成文本文件。"))
        return False
    return True


def _misnamed(name: str, meant: str, beside: str | None = None) -> str:
    stripped = name.rstrip()
    if stripped != name:
        wrong = "文件名末尾有空格"
    else:
        ending = next(stripped[-len(w):] for w, _ in METHOD_ENDINGS + COLLECTION_ENDINGS if stripped.lower().endswith(w))
        wrong = f"文件名以 {ending} 结尾"
    if beside and os.path.lexists(beside):
        return (f"{wrong}，网站不会收录这个文件；同一文件夹里已有“{meant}”。请核对两个文件，"
                f"把要保留的内容放进“{meant}”，删去这个文件。")
    return f"{wrong}，网站不会收录这个文件：请把文件改名为“{meant}”。"


def _within(path: str, folder: str) -> bool:
    return path == folder or os.path.commonpath([folder, path]) == folder


def _problem(path: str, root: str, message: str) -> Problem:
    return Problem(shown_path(path, root), 1, None, message)


def shown_path(path: str, root: str) -> str:
    """A path as an editor typed it: relative to ``root`` when inside it."""
    relative = os.path.relpath(path, root)
    return os.path.abspath(path) if relative.startswith("..") else relative


def load(paths: list[str], root: str, registry: Registry | None = None) -> MethodSet:
    """Read and validate the method files under ``paths``; paths in messages are relative to ``root``."""
    registry = registry or Registry.load()
    collection = MethodSet(registry)
    collection.problems += registry.problems
    files = paths if isinstance(paths, Found) else find_files(paths, root)
    collection.problems += files.problems
    collection.files = len(files)
    # Each file is read and checked on its own; the criteria across files come after.
    for item in _read(files, root, registry):
        if isinstance(item, Method):
            collection.methods.append(item)
            item = item.src
        collection.problems += item.problems
    collection.problems += rules.check_collection(collection.methods, registry)
    collection.problems.sort(key=Problem.sort_key)
    return collection


def _read(files: list[str], root: str, registry: Registry) -> list[Method | frontmatter.SourceFile]:
    """Each file as a checked Method, or as the SourceFile that says why it is none."""
    checker = SchemaChecker(registry)
    out: list[Method | frontmatter.SourceFile] = []
    for path in files:
        src = frontmatter.read(path, shown_path(path, root), registry.field_keys, registry.name_keys)
        if src.meta is None:
            out.append(src)
            continue
        method = Method(src, os.path.abspath(path), checker.check(src))
        rules.check_method(method, registry)
        out.append(method)
    return out
