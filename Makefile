# Two commands on a fresh machine with Python 3.11 or later: `make serve` and `make test`.
# Each creates .venv and installs what it needs; `make test` also installs the
# system packages the browser tests and the PDF books use (Debian's chromium,
# fonts-noto-cjk, Pango for WeasyPrint, poppler-utils to look at PDF pages, and LibreOffice's
# Writer without a screen, about 84 MB, to open the 推荐表 .docx as LibreOffice and WPS users do).

# The machine's python3 when it is 3.11 or later, else the first python3.1x that is; each candidate is
# run, not just looked up, because a pyenv shim exists for versions that are installed but not selected.
PYTHON ?= $(shell for python in python3 python3.11 python3.12 python3.13 python3.14; do \
	$$python -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && command -v $$python && break; \
	done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTEM_PACKAGES := chromium fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils \
	libreoffice-writer-nogui
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build pdf offline test check hooks compare system-deps bench-pdf bench-search bench-filter bench-weight bench-screens bench-build clean

$(STAMP): pyproject.toml
	@[ -n "$(PYTHON)" ] || { echo "需要 Python 3.11 或更新的版本：请先安装（Debian：apt-get install python3 python3-venv）。"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

## serve: build the site and serve it at http://127.0.0.1:8000 (rebuilds on every change)
serve: build
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

## build: write the site to site/ (fails on any invalid method file); KB_PDF=1 also prints the books
build: $(STAMP) $(if $(filter-out 0,$(KB_PDF)),system-deps)
	$(BIN)/mkdocs build --strict

## pdf: the site with every collection (collections/*.yml) printed as a PDF book: site/collections/*.pdf
pdf: $(STAMP) system-deps
	KB_PDF=1 $(BIN)/mkdocs build --strict

## offline: the offline edition, one zip that opens from disk (search and PDFs included): dist/shequ-gongzuofa-offline.zip
offline: $(STAMP) system-deps
	$(BIN)/python scripts/offline.py

## check: check the method files without building
check: $(STAMP)
	$(BIN)/python scripts/check.py

## hooks: install the git pre-commit hook (.pre-commit-config.yaml): every commit then checks the method and collection files it changes
hooks: $(STAMP)
	@git rev-parse --git-dir >/dev/null 2>&1 || { echo "这里不是 git 仓库：请在克隆下来的仓库中运行 make hooks。"; exit 1; }
	@out=$$($(BIN)/pre-commit install 2>&1) || { echo "$$out"; echo "没有装上提交前检查，原因见上面的英文说明（常见的是 git 设置了 core.hooksPath）。"; exit 1; }
	@echo "已装好提交前检查：之后每次提交都先检查改动的方法文件和选编文件，有错误时不提交。"

## compare: what a user sees, BASE (default HEAD) against the working tree: every page's visible text and links, data/, the search index
compare: $(STAMP)
	$(BIN)/python bench/compare_sites.py --base $(or $(BASE),HEAD)

## test: every test, browser tests included
test: $(STAMP) system-deps
	$(BIN)/python -m pytest

## system-deps: install the Debian packages above when missing
system-deps:
	@missing=""; \
	for package in $(SYSTEM_PACKAGES); do \
		dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "安装系统软件包：$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

## bench-search: this project's search against Material's and Pagefind's, and at 5,000 methods
bench-search: $(STAMP) system-deps
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/search_bench.py

## bench-pdf: time to print a 30-method collection (synthetic methods from bench/generate.py)
bench-pdf: $(STAMP) system-deps
	$(BIN)/python bench/pdf_bench.py

## bench-filter: the 筛选 page's time per change at 5,000 methods
bench-filter: $(STAMP) system-deps
	$(BIN)/python bench/filter_bench.py

## bench-weight: bytes downloaded for a first and a repeat visit (home, method page, search index)
bench-weight: build system-deps
	$(BIN)/python bench/page_weight.py

## bench-build: build time, peak memory and index size with the hooks (first and repeated) against Material with its own zh search, and without, on the same pages (100 / 1,000 / 5,000 methods, two kinds of text), the build's steps, check.py, rebuild under serve
bench-build: $(STAMP)
	$(BIN)/python bench/build_bench.py

## bench-screens: screenshots of every page type at 390 and 1280 px in bench/out/, with overflow figures
bench-screens: build system-deps
	$(BIN)/python bench/screenshots.py --all

clean:
	rm -rf site dist .cache $(VENV) *.egg-info
