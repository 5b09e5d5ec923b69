"""Compare what a user sees on two builds of the real site: before and after a change.

Usage (run with the project's virtualenv, ``.venv/bin/python``):

    python bench/compare_sites.py --base REF                 # REF against the working tree
    python bench/compare_sites.py --base REF --head REF2     # two commits (a folder instead of a
                                                             # ref: that checkout, built in place)
    python bench/compare_sites.py --base-site OLD --head-site NEW   # two sites built already
    python bench/compare_sites.py --base-site OLD            # a saved site against the working tree
    options: --keep DIR       keep the sites built here, as DIR/base and DIR/head
             --methods DIR    build both sides from these method folders (KB_METHODS_DIR; repeatable;
                              default: each side's own methods/; collections/ stay each side's own)
             --max-lines N    at most N lines of difference per page part or data file (default 40)
             --serial         build one side after the other (default: both at once)
             --builder MODULE build both sides with ``python -m MODULE build`` (default mkdocs;
                              e.g. properdocs)

For a refactor: ``--base <the commit before it>`` rebuilds the old site at the end, from git; or save
it first (``--keep saved`` on any run, or a copy of site/) and compare with ``--base-site saved/base``.

Building a git REF: ``git archive REF`` is unpacked into a temporary folder (no worktree, no change
to the repository or its index) and built there with this repository's .venv python:
``python -m mkdocs build --strict -d OUT``, PYTHONPATH set to that checkout so that its hook
(hooks/kb.py) imports the checkout's own ``methodkb``, not the editable install of /work/main
(PYTHONPATH comes before the .venv's editable finder; checked before each build). The working tree
(or ``--head DIR``) is built in place the same way, into a temporary folder. Both builds start from
an empty jieba clause cache (KB_CACHE_DIR in the temporary folder, as on a fresh clone: nothing is
written into the checkout's .cache/), and every KB_* variable of the caller's environment is
removed (KB_PDF, KB_OFFLINE_ZIP, KB_METHODS_DIR… would make the two builds differ from the real site).

What is compared:
  pages       every *.html: the visible text (scripts, styles and comments dropped, whitespace
              normalised, split into lines at block elements and sentence ends) of each part —
              head (<title>, meta description), header, nav (site navigation), toc, content (the
              article), footer, other (the rest of <body>) — and the page's link targets (a href,
              img src, form action) in order; nothing else of <head> (asset links, generator).
              A page byte-identical on both sides is not parsed.
  data/       *.json and data/*.js (window.X = JSON) by parsed structure, lists of records by
              their slug (or url); *.csv by rows keyed by the slug column, plus the BOM; other files
              by bytes. Same content formatted differently is noted, not counted.
  search      search/index.js: present on both sides, and the same documents (by url), terms
              (as {term: {url: score}}, so a reordering of documents is not a difference), synonyms
              and weights.
  other       every other file (assets, sitemap) by bytes, with the exceptions below.

Ignored, because they differ between two builds of the same commit (checked: two builds of one
commit on the same day are byte-identical; with another date — SOURCE_DATE_EPOCH — only
sitemap.xml.gz differs):
  - sitemap.xml.gz: the gzip header's mtime is the build date (MkDocs sets it from the newest page's
    update_date, i.e. today): the decompressed content is compared instead;
  - sitemap.xml: <lastmod> holds the build date (written only when site_url is set; this site sets
    none, so its sitemap is empty today): removed before comparing;
  - *.pdf and *.zip (only present with KB_PDF / KB_OFFLINE_ZIP, never in this script's own builds):
    they embed their build time, so only their presence is compared.
Not ignored, because they do not differ: Material's asset names carry content hashes
(main.57a0d79d.min.css), but both sides use the same .venv and therefore the same files, and the
pages link them from <head>, which is not compared anyway; no page carries a build date, an
absolute path of the checkout, or a cache-busting query string.

Output: one summary line per category (页面：N 页相同，M 页有差别，K 页只在一边), then the
differences; a difference found in the same page part on three or more pages (a nav entry, say)
is printed once with the pages it is on.
Every category counts for the exit status: 0 identical, 1 differences, 2 usage error, 3 a build
failed (its last lines are printed; nothing compared).
"""

from __future__ import annotations

import argparse
import csv
import difflib
import gzip
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAX_LINES = 40
SHARED = 3  # a part's difference on this many pages or more is printed once
PARALLEL = 24  # parse in two processes when at least this many pages differ in bytes


class UsageError(Exception):
    pass


class BuildError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Building


@dataclass
class Side:
    label: str      # "base" or "head"
    describe: str   # what was built, for the report
    site: str       # the built (or given) site folder


def _python() -> str:
    venv = os.path.join(ROOT, ".venv", "bin", "python")
    return venv if os.path.isfile(venv) else sys.executable


def _git(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "--no-optional-locks", "-C", ROOT, *args], capture_output=True, **kwargs)


def resolve_ref(ref: str) -> str:
    """The commit a git ref names, or UsageError."""
    result = _git("rev-parse", "--verify", "--quiet", ref + "^{commit}", text=True)
    if result.returncode:
        raise UsageError(f"not a git commit in {ROOT}: {ref}")
    return result.stdout.strip()


def unpack(commit: str, folder: str) -> None:
    """The files of ``commit`` into ``folder`` (git archive | tar -x)."""
    os.makedirs(folder, exist_ok=True)
    archive = subprocess.Popen(["git", "-C", ROOT, "archive", "--format=tar", commit], stdout=subprocess.PIPE)
    tar = subprocess.run(["tar", "-x", "-C", folder], stdin=archive.stdout, capture_output=True)
    archive.stdout.close()
    if archive.wait() or tar.returncode:
        raise BuildError(f"git archive {commit} | tar -x failed: {tar.stderr.decode(errors='replace')}")


def build_env(checkout: str, cache: str, methods: list[str] | None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
    paths = [checkout] + ([os.path.join(checkout, "src")] if os.path.isdir(os.path.join(checkout, "src")) else [])
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env.update(PYTHONPATH=os.pathsep.join(paths), NO_MKDOCS_2_WARNING="1", KB_CACHE_DIR=cache)
    if methods:
        env["KB_METHODS_DIR"] = os.pathsep.join(os.path.abspath(m) for m in methods)
    return env


def build(checkout: str, out: str, cache: str, methods: list[str] | None = None, builder: str = "mkdocs") -> float:
    """Build the site of ``checkout`` into ``out`` with its own hook and methodkb; returns seconds."""
    checkout = os.path.abspath(checkout)
    if not os.path.isfile(os.path.join(checkout, "mkdocs.yml")):
        raise UsageError(f"no mkdocs.yml in {checkout}")
    env = build_env(checkout, cache, methods)
    where = subprocess.run([_python(), "-c", "import methodkb; print(methodkb.__file__)"],
                           cwd=checkout, env=env, capture_output=True, text=True)
    if where.returncode == 0:
        found = os.path.realpath(where.stdout.strip())
        if not found.startswith(os.path.realpath(checkout) + os.sep):
            raise BuildError(f"{checkout}: methodkb would be imported from {found}, not from the checkout")
    start = time.perf_counter()
    result = subprocess.run([_python(), "-m", builder, "build", "--strict", "-q", "-d", out],
                            cwd=checkout, env=env, capture_output=True, text=True)
    if result.returncode:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-30:])
        raise BuildError(f"the build of {checkout} failed (exit {result.returncode}):\n{tail}")
    return time.perf_counter() - start


def _status_note() -> str:
    result = _git("status", "--porcelain", "--untracked-files=normal", text=True)
    changed = [line for line in result.stdout.splitlines() if line.strip()]
    return f", {len(changed)} uncommitted changes" if changed else ", no uncommitted changes"


def prepare(label: str, ref: str | None, work: str) -> tuple[str, str]:
    """(checkout folder, description) for one side: a git ref unpacked under ``work``, a folder
    (a checkout) as it is, or the working tree when ``ref`` is None."""
    if ref is None:
        return ROOT, f"working tree {ROOT}{_status_note()}"
    if os.path.isdir(ref):
        return os.path.abspath(ref), f"folder {os.path.abspath(ref)}"
    commit = resolve_ref(ref)
    folder = os.path.join(work, f"{label}-checkout")
    unpack(commit, folder)
    subject = _git("log", "-1", "--format=%h %s", commit, text=True).stdout.strip()
    return folder, f"{ref} = {subject[:90]}"


# ---------------------------------------------------------------------------------------------
# Pages

BLOCK = set("""address article aside blockquote br dd details dialog div dl dt fieldset figcaption figure
footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table thead tbody tfoot tr
ul caption option legend""".split())
SKIP = {"script", "style", "template", "head"}
SENTENCE = re.compile(r"(?<=[。！？；])\s*|(?<=[!?;])\s+")
PARTS = ("head", "header", "nav", "toc", "content", "footer", "other")
SELECTORS = (("content", "article.md-content__inner"), ("nav", ".md-sidebar--primary"),
             ("toc", ".md-sidebar--secondary"), ("header", "header.md-header"), ("footer", "footer.md-footer"))


def _soup(html: bytes):
    from bs4 import BeautifulSoup

    try:
        return BeautifulSoup(html, "lxml")
    except Exception:  # lxml missing
        return BeautifulSoup(html, "html.parser")


def _walk(node, out: list[str]) -> None:
    from bs4.element import NavigableString, PreformattedString, Tag

    cells = 0
    for child in node.children:
        if isinstance(child, Tag):
            name = child.name
            if name in SKIP:
                continue
            if name == "img":
                if child.get("alt"):
                    out.append(f"[{child['alt']}]")
                continue
            if name in ("td", "th"):
                out.append(" | " if cells else "\n")
                cells += 1
                _walk(child, out)
                continue
            block = name in BLOCK
            if block:
                out.append("\n")
            _walk(child, out)
            if block:
                out.append("\n")
        elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
            out.append(str(child))


def text_lines(node) -> list[str]:
    """The visible text of ``node``: one line per block, long lines cut after each sentence."""
    if node is None:
        return []
    out: list[str] = []
    _walk(node, out)
    lines = []
    for line in "".join(out).split("\n"):
        line = " ".join(line.split())
        if line:
            lines.extend(part for part in SENTENCE.split(line) if part)
    return lines


@dataclass
class PageView:
    parts: dict[str, list[str]]
    links: list[str]


def page_view(html: bytes) -> PageView:
    soup = _soup(html)
    head = []
    if soup.title is not None:
        head.append("title: " + " ".join(soup.title.get_text().split()))
    for meta in soup.find_all("meta", attrs={"name": "description"}):
        head.append("description: " + " ".join(meta.get("content", "").split()))
    body = soup.body or soup
    links = []
    for tag in body.find_all(["a", "img", "form", "iframe"]):
        target = tag.get("href") if tag.name == "a" else tag.get("action") if tag.name == "form" else tag.get("src")
        if target is not None:
            links.append(target if tag.name == "a" else f"{tag.name} {target}")
    parts = {"head": head}
    for name, selector in SELECTORS:
        node = body.select_one(selector)
        parts[name] = text_lines(node)
        if node is not None:
            node.extract()
    if not any(parts[name] for name, _ in SELECTORS):  # not a Material page: all of it is content
        parts["content"], parts["other"] = text_lines(body), []
    else:
        parts["other"] = text_lines(body)
    return PageView(parts, links)


def _trim_pair(old: str, new: str, context: int = 30) -> tuple[str, str]:
    """Two long strings cut to the region where they differ, with ``context`` characters around."""
    if len(old) <= 2 * context + 40 and len(new) <= 2 * context + 40:
        return old, new
    prefix = len(os.path.commonprefix([old, new]))
    suffix = len(os.path.commonprefix([old[prefix:][::-1], new[prefix:][::-1]]))
    start = max(0, prefix - context)

    def cut(text: str) -> str:
        end = min(len(text), len(text) - suffix + context)
        middle = text[start:end]
        if len(middle) > 200:
            middle = middle[:100] + "…" + middle[-100:]
        return ("…" if start else "") + middle + ("…" if end < len(text) else "")

    return cut(old), cut(new)


def _short(text: str, width: int = 200) -> str:
    return text if len(text) <= width else text[: width // 2] + " … " + text[-width // 2 :]


def line_diff(old: list[str], new: list[str], max_lines: int = MAX_LINES) -> list[str]:
    """A unified diff (1 line of context) of two lists of lines, shortened: no file header,
    '…' between hunks, long changed lines cut to where they differ, at most ``max_lines``."""
    raw = list(difflib.unified_diff(old, new, n=1, lineterm=""))[2:]
    lines: list[str] = []
    i = 0
    while i < len(raw):
        if raw[i].startswith("@@"):
            if lines:
                lines.append("  …")
            i += 1
            continue
        minus = []
        while i < len(raw) and raw[i].startswith("-"):
            minus.append(raw[i][1:])
            i += 1
        plus = []
        while i < len(raw) and raw[i].startswith("+"):
            plus.append(raw[i][1:])
            i += 1
        if minus or plus:
            if len(minus) == len(plus):
                pairs = [_trim_pair(a, b) for a, b in zip(minus, plus)]
                minus, plus = [a for a, _ in pairs], [b for _, b in pairs]
            lines += ["- " + _short(a) for a in minus] + ["+ " + _short(b) for b in plus]
            continue
        lines.append("  " + _short(raw[i][1:]))
        i += 1
    if len(lines) > max_lines:
        lines = lines[:max_lines] + [f"  … ({len(lines) - max_lines} more lines)"]
    return lines


def page_diff(old: bytes, new: bytes, max_lines: int = MAX_LINES) -> dict[str, list[str]]:
    """Per part (and "links"), the shortened diff; empty when the page looks the same."""
    a, b = page_view(old), page_view(new)
    out = {}
    for part in PARTS:
        if a.parts[part] != b.parts[part]:
            out[part] = line_diff(a.parts[part], b.parts[part], max_lines)
    if a.links != b.links:
        out["links"] = line_diff(a.links, b.links, max_lines)
    return out


# ---------------------------------------------------------------------------------------------
# Data files

JS_ASSIGNMENT = re.compile(r"^\s*(?:window\.)?([A-Za-z_$][\w$.]*)\s*=\s*")
RECORD_KEYS = ("slug", "url", "id")
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def parse_js_json(text: str):
    """``window.NAME = {...};`` → (NAME, value), or None when the file is not such an assignment."""
    match = JS_ASSIGNMENT.match(text)
    if not match:
        return None
    try:
        return match.group(1), json.loads(text[match.end():].strip().rstrip(";"))
    except ValueError:
        return None


def _show(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class Differences:
    """Lines of difference, at most ``limit`` kept; the rest only counted."""

    def __init__(self, limit: int):
        self.limit, self.lines, self.count = limit, [], 0

    def add(self, line: str) -> None:
        self.count += 1
        if len(self.lines) < self.limit:
            self.lines.append(line)

    def changed(self, path: str, old, new) -> None:
        a, b = _trim_pair(_show(old), _show(new))
        self.add(f"{path}: {_short(a)!r} → {_short(b)!r}" if isinstance(old, str) and isinstance(new, str)
                 else f"{path}: {_short(a)} → {_short(b)}")

    def finish(self) -> list[str]:
        more = self.count - len(self.lines)
        return self.lines + ([f"… ({more} more differences)"] if more > 0 else [])


def _record_key(a: list, b: list, keys: tuple = RECORD_KEYS) -> str | None:
    for key in keys:
        if all(isinstance(x, dict) and isinstance(x.get(key), (str, int)) for x in a + b):
            if len({x[key] for x in a}) == len(a) and len({x[key] for x in b}) == len(b):
                return key
    return None


def _keys_line(path: str, what: str, keys: list) -> str:
    shown = ", ".join(str(k) for k in keys[:20]) + (f", … ({len(keys) - 20} more)" if len(keys) > 20 else "")
    return f"{path}: {len(keys)} {what}: {shown}"


def _sub(path: str, key) -> str:
    key = str(key)
    if IDENTIFIER.match(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{key}]"


def diff_json(a, b, out: Differences, path: str = "", keys: tuple = RECORD_KEYS) -> None:
    """Every difference between two JSON values; lists of records are compared by their key."""
    if isinstance(a, dict) and isinstance(b, dict):
        if len(a) + len(b) >= 100 and a != b:  # a big table (the search terms): the counts first
            gone, added = sum(k not in b for k in a), sum(k not in a for k in b)
            changed = sum(k in b and a[k] != b[k] for k in a)
            out.add(f"{path or '(top)'}: {len(a)} → {len(b)} entries; {changed} differ, "
                    f"{gone} only in base, {added} only in head")
        for key in list(a) + [k for k in b if k not in a]:
            sub = _sub(path, key)
            if key not in b:
                out.add(f"{sub}: only in base: {_short(_show(a[key]))}")
            elif key not in a:
                out.add(f"{sub}: only in head: {_short(_show(b[key]))}")
            else:
                diff_json(a[key], b[key], out, sub, keys)
        return
    if isinstance(a, list) and isinstance(b, list) and a != b:
        key = _record_key(a, b, keys)
        if key and a and b:
            old, new = {x[key]: x for x in a}, {x[key]: x for x in b}
            gone, added = [k for k in old if k not in new], [k for k in new if k not in old]
            if gone:
                out.add(_keys_line(path, f"record(s) only in base ({key})", gone))
            if added:
                out.add(_keys_line(path, f"record(s) only in head ({key})", added))
            for k in old:
                if k in new:
                    diff_json(old[k], new[k], out, f"{path}[{k}]", keys)
            common = [k for k in old if k in new]
            if common != [k for k in new if k in old]:
                out.add(f"{path}: the records are in another order")
            return
        if len(a) == len(b) and any(isinstance(x, (list, dict)) for x in a + b):
            for i, (x, y) in enumerate(zip(a, b)):
                diff_json(x, y, out, f"{path}[{i}]", keys)
            return
        out.changed(path, a, b)
        return
    if a != b or type(a) is not type(b):
        out.changed(path, a, b)


def diff_csv(old: bytes, new: bytes, out: Differences) -> None:
    bom = b"\xef\xbb\xbf"
    if old.startswith(bom) != new.startswith(bom):
        out.add(f"byte order mark (BOM, which Excel needs to read UTF-8): {'yes' if old.startswith(bom) else 'no'}"
                f" → {'yes' if new.startswith(bom) else 'no'}")
    rows = [list(csv.reader(io.StringIO(data.decode("utf-8-sig", errors="replace"), newline="")))
            for data in (old, new)]
    head = [r[0] if r else [] for r in rows]
    if head[0] != head[1]:
        out.changed("columns", head[0], head[1])

    def records(table: list[list[str]]) -> list[dict]:
        names = table[0] if table else []
        found = []
        for number, row in enumerate(table[1:], start=2):
            record = {"line": number, **dict(zip(names, row + [""] * (len(names) - len(row))))}
            if len(row) > len(names):
                record["(extra cells)"] = row[len(names):]
            found.append(record)
        return found

    a, b = records(rows[0]), records(rows[1])
    key = _record_key(a, b)
    if key is None:  # no unique slug or url column: rows by their line
        diff_json(a, b, out, "rows", keys=("line",))
        return
    for record in a + b:
        del record["line"]  # a record's line moves when one is added above it: not a difference
    diff_json(a, b, out, "rows", keys=(key,))


def _postings(flat, version):
    """(document, score) pairs: version 1 gives document numbers, version 2 the gap from the one before."""
    number = 0
    for i in range(0, len(flat), 2):
        number = number + flat[i] if version >= 2 else flat[i]
        yield number, flat[i + 1]


def _search_view(value):
    """The search index with its terms as {term: {url: score}} (documents by url): reordering the
    documents renumbers every posting without changing a result."""
    try:
        docs = value["docs"]
        urls = [d[0] for d in docs]
        terms = {t: {urls[d]: score for d, score in _postings(p, value.get("version", 1))}
                 for t, p in value["terms"].items()}
        return dict(value, docs={d[0]: d[1:] for d in docs}, terms=terms)
    except (KeyError, TypeError, IndexError, ValueError):
        return value  # another format: compared as it is


def diff_data(name: str, old: bytes, new: bytes, max_lines: int = MAX_LINES) -> tuple[list[str], str | None]:
    """(lines of difference, note): the note tells of a formatting-only change (not a difference)."""
    out = Differences(max_lines)
    if old == new:
        return [], None
    if name.endswith(".csv"):
        diff_csv(old, new, out)
    elif name.endswith((".json", ".js")):
        try:
            texts = old.decode("utf-8-sig"), new.decode("utf-8-sig")
        except UnicodeDecodeError:
            texts = None
        parsed = None
        if texts and name.endswith(".json"):
            try:
                parsed = [("", json.loads(t)) for t in texts]
            except ValueError:
                parsed = None
        elif texts:
            parsed = [parse_js_json(t) for t in texts]
            parsed = None if None in parsed else parsed
        if parsed is None:
            lines = line_diff(*(t.splitlines() for t in texts), max_lines) if texts else ["the bytes differ"]
            return lines or ["the bytes differ"], None
        (name_a, a), (name_b, b) = parsed
        if name_a != name_b:
            out.changed("assigned to", name_a, name_b)
        if name == "search/index.js":
            a, b = _search_view(a), _search_view(b)
        diff_json(a, b, out)
    else:
        out.add("the bytes differ")
    lines = out.finish()
    return lines, (None if lines else "same content, formatted differently (bytes differ)")


# ---------------------------------------------------------------------------------------------
# Other files

LASTMOD = re.compile(rb"\s*<lastmod>[^<]*</lastmod>")
PRESENCE_ONLY = (".pdf", ".zip")


def text_diff(old: bytes, new: bytes, max_lines: int = MAX_LINES) -> list[str]:
    """A shortened line diff of two text files, or just "the bytes differ"."""
    try:
        a, b = old.decode("utf-8"), new.decode("utf-8")
    except UnicodeDecodeError:
        return [f"the bytes differ ({len(old)} → {len(new)} bytes)"]
    return line_diff(a.splitlines(), b.splitlines(), max_lines) or ["the bytes differ (line endings)"]


def normalised(name: str, data: bytes) -> bytes:
    if name.endswith(".gz"):
        try:
            data, name = gzip.decompress(data), name[:-3]  # the gzip header's mtime is the build date
        except (OSError, EOFError):
            return data
    if name.endswith("sitemap.xml"):
        data = LASTMOD.sub(b"", data)  # the build date, when site_url is set
    return data


# ---------------------------------------------------------------------------------------------
# The comparison


def _files(folder: str) -> set[str]:
    found = set()
    for parent, _, names in os.walk(folder):
        for name in names:
            found.add(os.path.relpath(os.path.join(parent, name), folder).replace(os.sep, "/"))
    return found


def _read(folder: str, name: str) -> bytes:
    with open(os.path.join(folder, name), "rb") as handle:
        return handle.read()


def category(name: str) -> str:
    if name.endswith(".html"):
        return "pages"
    if name.startswith("data/"):
        return "data"
    if name == "search/index.js":
        return "search"
    return "other"


@dataclass
class Category:
    same: list[str] = field(default_factory=list)
    differ: dict[str, object] = field(default_factory=dict)  # name → diff (dict of parts, or lines)
    only_base: list[str] = field(default_factory=list)
    only_head: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    rewritten: int = 0  # pages whose bytes differ but which look the same

    @property
    def identical(self) -> bool:
        return not (self.differ or self.only_base or self.only_head)


@dataclass
class Result:
    categories: dict[str, Category]

    @property
    def identical(self) -> bool:
        return all(c.identical for c in self.categories.values())


def compare(base: str, head: str, max_lines: int = MAX_LINES) -> Result:
    """Compare two built site folders."""
    a, b = _files(base), _files(head)
    cats = {name: Category() for name in ("pages", "data", "search", "other")}
    pages: list[str] = []  # pages whose bytes differ: parsed below
    for name in sorted(a | b):
        cat = cats[category(name)]
        if name not in b:
            cat.only_base.append(name)
            continue
        if name not in a:
            cat.only_head.append(name)
            continue
        old, new = _read(base, name), _read(head, name)
        if old == new or name.endswith(PRESENCE_ONLY):
            cat.same.append(name)
        elif name.endswith(".html"):
            pages.append(name)
        elif category(name) in ("data", "search"):
            lines, note = diff_data(name, old, new, max_lines)
            if lines:
                cat.differ[name] = lines
            else:
                cat.same.append(name)
                cat.notes[name] = note
        elif normalised(name, old) == normalised(name, new):
            cat.same.append(name)
        else:
            cat.differ[name] = text_diff(normalised(name, old), normalised(name, new), max_lines)
    jobs = [(os.path.join(base, name), os.path.join(head, name), max_lines) for name in pages]
    if len(jobs) >= PARALLEL:  # parsing is most of the time when many pages differ: both cores
        with ProcessPoolExecutor(max_workers=2) as pool:
            diffs = list(pool.map(_page_diff_files, jobs, chunksize=8))
    else:
        diffs = [_page_diff_files(job) for job in jobs]
    cat = cats["pages"]
    for name, parts in zip(pages, diffs):
        if parts:
            cat.differ[name] = parts
        else:
            cat.same.append(name)
            cat.rewritten += 1
    cat.same.sort()
    return Result(cats)


def _page_diff_files(job: tuple[str, str, int]) -> dict[str, list[str]]:
    old, new, max_lines = job
    with open(old, "rb") as a, open(new, "rb") as b:
        return page_diff(a.read(), b.read(), max_lines)


def summary(result: Result) -> list[str]:
    p, d, s, o = (result.categories[k] for k in ("pages", "data", "search", "other"))
    rewritten = f"（其中 {p.rewritten} 页字节不同、看起来相同）" if p.rewritten else ""
    lines = [f"页面：{len(p.same)} 页相同{rewritten}，{len(p.differ)} 页有差别，"
             f"{len(p.only_base) + len(p.only_head)} 页只在一边",
             f"data/：{len(d.same)} 个文件相同，{len(d.differ)} 个有差别，{len(d.only_base) + len(d.only_head)} 个只在一边"]
    if s.only_base or s.only_head:
        lines.append("搜索索引 search/index.js：只在" + ("旧的一边（base）" if s.only_base else "新的一边（head）"))
    elif s.differ:
        lines.append("搜索索引 search/index.js：两边都有，有差别")
    elif s.same:
        lines.append("搜索索引 search/index.js：两边都有，相同")
    else:
        lines.append("搜索索引 search/index.js：两边都没有")
    lines.append(f"其他文件：{len(o.same)} 个相同，{len(o.differ)} 个有差别，{len(o.only_base) + len(o.only_head)} 个只在一边")
    return lines


def _names(names: list[str], shown: int = 8) -> str:
    return ", ".join(names[:shown]) + (f", … (+{len(names) - shown} more)" if len(names) > shown else "")


def details(result: Result) -> list[str]:
    out: list[str] = []
    titles = {"pages": "pages", "data": "data/", "search": "search index", "other": "other files"}
    for key, cat in result.categories.items():
        if cat.identical and not cat.notes:
            continue
        out.append(f"== {titles[key]} ==")
        if cat.only_base:
            out.append(f"only in base ({len(cat.only_base)}): {_names(cat.only_base, 40)}")
        if cat.only_head:
            out.append(f"only in head ({len(cat.only_head)}): {_names(cat.only_head, 40)}")
        if key == "pages":
            out += _page_details(cat.differ)
        else:
            for name, lines in cat.differ.items():
                out.append(f"-- {name}")
                out += ["    " + line for line in lines]
        for name, note in cat.notes.items():
            out.append(f"note: {name}: {note}")
    return out


def _page_details(differ: dict) -> list[str]:
    pages_of: dict[tuple, list[str]] = {}
    for page, parts in differ.items():
        for part, lines in parts.items():
            pages_of.setdefault((part, tuple(lines)), []).append(page)
    shared = {k for k, pages in pages_of.items() if len(pages) >= SHARED}
    out = []
    for (part, lines), pages in pages_of.items():
        if (part, lines) in shared:
            out.append(f"-- {part}: the same difference on {len(pages)} pages: {_names(pages)}")
            out += ["    " + line for line in lines]
    for page, parts in differ.items():
        own = [(part, tuple(lines)) for part, lines in parts.items() if (part, tuple(lines)) not in shared]
        if not own:
            continue
        out.append(f"-- {page}" + (f" (and {len(parts) - len(own)} shared differences above)" if len(own) < len(parts) else ""))
        for part, lines in own:
            out.append(f"  {part}:")
            out += ["    " + line for line in lines]
    return out


def report(result: Result) -> str:
    lines = summary(result)
    if not result.identical or any(c.notes for c in result.categories.values()):
        lines += [""] + details(result)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Command line


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="compare_sites.py",
        description="Compare the visible text of every page, data/ and the search index of two builds of the site.",
        epilog="Exit status: 0 identical, 1 differences, 2 usage error, 3 a build failed.")
    base = parser.add_mutually_exclusive_group(required=True)
    base.add_argument("--base", metavar="REF", help="git ref (or a checkout folder) to build as the old side")
    base.add_argument("--base-site", metavar="DIR", help="an already built site as the old side")
    head = parser.add_mutually_exclusive_group()
    head.add_argument("--head", metavar="REF-or-DIR", help="git ref or checkout folder to build as the new side (default: the working tree)")
    head.add_argument("--head-site", metavar="DIR", help="an already built site as the new side")
    parser.add_argument("--methods", metavar="DIR", action="append", help="method folder for both builds (repeatable)")
    parser.add_argument("--keep", metavar="DIR", help="keep the built sites as DIR/base and DIR/head")
    parser.add_argument("--max-lines", type=int, default=MAX_LINES, metavar="N", help=f"lines per difference (default {MAX_LINES})")
    parser.add_argument("--serial", action="store_true", help="build one side after the other")
    parser.add_argument("--builder", default="mkdocs", metavar="MODULE",
                        help="build with python -m MODULE build (default mkdocs; e.g. properdocs)")
    args = parser.parse_args(argv)
    for option in ("base_site", "head_site"):
        folder = getattr(args, option)
        if folder is not None and not os.path.isdir(folder):
            parser.error(f"--{option.replace('_', '-')}: not a folder: {folder}")
    if args.methods and args.base_site and args.head_site:
        parser.error("--methods needs a side to build")
    if args.keep and args.base_site and args.head_site:
        parser.error("--keep: nothing is built when both sites are given")
    return args


def run(args: argparse.Namespace) -> tuple[Result, list[Side]]:
    work = tempfile.mkdtemp(prefix="compare-sites-")
    try:
        keep = os.path.abspath(args.keep) if args.keep else None
        sides, jobs = [], []
        for label, ref, site in (("base", args.base, args.base_site), ("head", args.head, args.head_site)):
            if site:
                sides.append(Side(label, f"site {os.path.abspath(site)}", os.path.abspath(site)))
                continue
            checkout, describe = prepare(label, ref, work)
            out = os.path.join(keep, label) if keep else os.path.join(work, f"{label}-site")
            sides.append(Side(label, describe, out))
            jobs.append((sides[-1], checkout, out, os.path.join(work, f"{label}-cache")))
        with ThreadPoolExecutor(max_workers=1 if args.serial else 2) as pool:
            futures = [(side, pool.submit(build, checkout, out, cache, args.methods, args.builder)) for side, checkout, out, cache in jobs]
            errors = []
            for side, future in futures:
                try:
                    seconds = future.result()
                    side.describe += f" (built in {seconds:.1f} s)"
                except BuildError as error:
                    errors.append(f"{side.label}: {error}")
            if errors:
                raise BuildError("\n".join(errors))
        return compare(sides[0].site, sides[1].site, args.max_lines), sides
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    try:
        result, sides = run(args)
    except UsageError as error:
        print(f"compare_sites.py: error: {error}", file=sys.stderr)
        return 2
    except BuildError as error:
        print(f"compare_sites.py: {error}", file=sys.stderr)
        return 3
    for side in sides:
        print(f"{side.label}: {side.describe}" + (f" → {side.site}" if args.keep and not side.describe.startswith("site ") else ""))
    print(report(result))
    return 0 if result.identical else 1


if __name__ == "__main__":
    sys.exit(main())
