from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def real_method_count(province: str | None = None) -> int:
    """How many of methods/ the site lists (in one province): what the filter page counts."""
    from methodkb.checks import loading
    from methodkb.model.registry import Registry
    models = loading.load([os.path.join(ROOT, "methods")], ROOT, Registry.load()).models
    return sum(1 for m in models if province in (None, m.place.province))


def run(*args, env=None, cwd=ROOT, input_text=""):
    """Run a command from the repository root (``input_text`` on its stdin); returns the CompletedProcess with text output."""
    full_env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    return subprocess.run(args, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=600, input=input_text)


def check(*paths):
    return run(sys.executable, "scripts/check.py", *paths)


def refused(*paths):
    """check.py on files that must fail: exit 1, and messages, not a traceback."""
    result = check(*paths)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result


def reported(lines: list[str], folder: str, name: str, line: int, field: str | None, message: str) -> bool:
    """Whether check.py's output lines hold ``folder/name:line: field: …message…``."""
    prefix = f"{folder}/{name}:{line}: " + (f"{field}: " if field else "")
    return any(row.startswith(prefix) and message in row for row in lines)


def build(site_dir, methods_dir=None, quiet=False, env=None):
    env = dict(env or {}, **({"KB_METHODS_DIR": str(methods_dir)} if methods_dir else {}))
    flags = ["-q"] if quiet else []
    return run(sys.executable, "-m", "mkdocs", "build", "--strict", *flags, "-d", str(site_dir), env=env)


def snapshot(folder) -> dict[str, tuple]:
    """Every file under ``folder``: its size, modification time and hash."""
    out = {}
    for parent, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(parent, name)
            with open(path, "rb") as handle:
                digest = hashlib.sha256(handle.read()).hexdigest()
            stat = os.stat(path)
            out[os.path.relpath(path, folder)] = (stat.st_size, stat.st_mtime_ns, digest)
    return out


def _built(tmp_path_factory, name: str, env: dict) -> str:
    """The real site built in strict mode into a new folder ``name``, with ``env`` set."""
    site = tmp_path_factory.mktemp(name)
    result = build(site, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The real site, built once in strict mode, with the collections printed as PDFs (as `make pdf` does)."""
    return _built(tmp_path_factory, "site", {"KB_PDF": "1"})


class Site:
    """The built site served on loopback, and a headless Chromium to look at it."""

    def __init__(self, base, browser):
        self.base, self.browser = base, browser

    @contextlib.contextmanager
    def open(self, where, width=1280, requests=None):
        """A page at ``where`` (a site path, or a full URL), as wide as asked, closed afterwards.
        Every URL the page requests is appended to ``requests`` when one is given."""
        page = self.browser.new_page(viewport={"width": width, "height": 844 if width < 600 else 800})
        try:
            if requests is not None:
                page.on("request", lambda request: requests.append(request.url))
            response = page.goto(self.base + where if where.startswith("/") else where)
            assert response is None or response.status == 200, f"{where}: HTTP {response.status}"
            yield page
        finally:
            page.close()


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory):
    """The offline edition (pages as .html files, opened from disk), built once."""
    return _built(tmp_path_factory, "offline-site", {"KB_OFFLINE": "1"})


@pytest.fixture(scope="module")
def site(built_site):
    from browser import chromium, chromium_path, serve_site

    assert chromium_path(), "需要 Debian 的 chromium：运行 make test 会自动安装"
    with serve_site(str(built_site)) as base, chromium() as browser:
        yield Site(base, browser)
