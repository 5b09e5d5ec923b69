# Two commands on a fresh machine with Python 3.11: `make serve` and `make test`.
# Each creates .venv and installs what it needs; `make test` also installs the
# system packages the browser tests use (Debian's chromium and fonts-noto-cjk).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTEM_PACKAGES := chromium fonts-noto-cjk
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test check system-deps bench-search bench-filter clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

## serve: build the site and serve it at http://127.0.0.1:8000 (rebuilds on every change)
serve: build
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

## build: write the site to site/ (fails on any invalid method file)
build: $(STAMP)
	$(BIN)/mkdocs build --strict

## check: check the method files without building
check: $(STAMP)
	$(BIN)/python scripts/check.py

## test: every test, browser tests included
test: $(STAMP) system-deps
	$(BIN)/python -m pytest

## system-deps: install Debian's chromium and CJK fonts when missing
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then \
		echo "安装系统软件包：$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

## bench-search: this project's search against Material's and Pagefind's, and at 5,000 methods
bench-search: $(STAMP) system-deps
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/search_bench.py

## bench-filter: the 筛选 page's time per change at 5,000 methods
bench-filter: $(STAMP) system-deps
	$(BIN)/python bench/filter_bench.py

clean:
	rm -rf site $(VENV) *.egg-info
