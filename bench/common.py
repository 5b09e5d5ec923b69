"""Shared pieces of the benchmark scripts: the synthetic corpus and a site built from it."""

from __future__ import annotations

import os
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
# tests/browser.py (headless Chromium, a local server) for the benchmarks that use a browser.
sys.path.insert(0, os.path.join(ROOT, "tests"))


def corpus(n: int, unique: bool = False) -> str:
    """bench/corpus-N/ (``unique``: bench/corpus-unique-N/, text whose clauses never repeat),
    generated when missing (never written into methods/)."""
    folder = os.path.join(BENCH, f"corpus-{'unique-' if unique else ''}{n}")
    if not os.path.isfile(os.path.join(folder, ".synthetic")):
        subprocess.run([sys.executable, os.path.join(BENCH, "generate.py"), str(n), "--out", folder]
                       + ["--unique"] * unique, check=True)
    return folder


def methods_env(method_dirs: list[str]) -> dict:
    """The environment of a build (or check, or serve) that reads its methods from ``method_dirs``."""
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", KB_METHODS_DIR=os.pathsep.join(method_dirs))


def build(site: str, *method_dirs: str, strict: bool = True, config: str | None = None) -> float:
    """Build the site from the real methods plus ``method_dirs``; returns seconds."""
    env = methods_env([os.path.join(ROOT, "methods"), *method_dirs])
    start = time.perf_counter()
    args = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", site] + (["--strict"] if strict else [])
    args += ["-f", config] if config else []
    subprocess.run(args, cwd=ROOT, env=env, check=True, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]
