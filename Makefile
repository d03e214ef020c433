# Two commands on a fresh clone: `make site` builds the site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: site test check serve fields lint typecheck browser bench clean pre-commit

$(VENV)/.site-installed: requirements/site.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements/site.txt
	touch $@

$(VENV)/.pre-commit-installed: requirements/precommit.txt $(VENV)/.site-installed
	$(PIP) -r requirements/precommit.txt
	touch $@

$(VENV)/.test-installed: requirements/test.txt $(VENV)/.site-installed
	$(PIP) -r requirements/test.txt
	touch $@

## Build the site into site/ (creates .venv with the pinned dependencies first).
site: $(VENV)/.site-installed
	$(BIN)/python build_site.py build

## Validate content and references without building (fast). ARGS="--changed" shows only your files' warnings.
check: $(VENV)/.site-installed
	$(BIN)/python build_site.py check $(ARGS)

## Live preview on http://127.0.0.1:8000, regenerated when content/, templates/ or references.bib change.
serve: $(VENV)/.site-installed
	$(BIN)/python build_site.py serve

## Print the field reference generated from the schemas (pasted into CONTRIBUTING.md).
fields: $(VENV)/.site-installed
	$(BIN)/python build_site.py fields

## Git hooks: check, fmt --check, ruff and whitespace on every commit (offline; tools pinned in requirements/precommit.txt).
pre-commit: $(VENV)/.pre-commit-installed
	$(BIN)/pre-commit install

## Debian's chromium for the browser tests, when missing and the machine allows installing it.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "could not install chromium: browser tests will be skipped"; \
	  else echo "chromium missing and not installable here: browser tests will be skipped"; fi; }

lint: $(VENV)/.test-installed
	$(BIN)/ruff check livingreview tests bench build_site.py
	$(BIN)/ruff format --check livingreview tests bench build_site.py

typecheck: $(VENV)/.test-installed
	$(BIN)/mypy

## Lint, type-check and run every test (real mkdocs builds, a headless browser, no network).
test: $(VENV)/.test-installed browser lint typecheck
	$(BIN)/python -m pytest -n 2

clean:
	rm -rf build site .cache .pytest_cache .mypy_cache .ruff_cache

## Benchmark table for N = 100, 1,000, 5,000 studies (not a test; takes several minutes).
bench: $(VENV)/.site-installed
	$(BIN)/python bench/run.py
