# Two commands do all set-up on a fresh Debian machine with Python 3.11:
#   make build   creates .venv, installs the project, builds every community into output/
#   make test    the same set-up, then runs the tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Pango shapes text; libharfbuzz-subset0 lets WeasyPrint subset fonts about five times
# faster than its fallback; the Noto fonts cover every script the profiles use.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
	fonts-dejavu-core fonts-noto-core fonts-noto-cjk
# Only the tests need a browser: they open the built sites in Debian's chromium, driven by
# Playwright (whose own browser download is not used). They check every page's HTML with the Nu Html
# Checker: npm's vnu-jar package (pinned), run with Debian's Java; npm from Debian where there is none.
TEST_PACKAGES := chromium default-jre-headless
VNU_VERSION := 26.9.27
VNU_STAMP := $(VENV)/vnu/.vnu-jar-$(VNU_VERSION)

.PHONY: setup system-deps test-deps build lint test check clean gallery
.DEFAULT_GOAL := build

setup: $(BIN)/toolkit

system-deps:
	@$(SHELL) .ci/system-deps $(SYSTEM_PACKAGES)

test-deps: $(VNU_STAMP)
	@$(SHELL) .ci/system-deps $(TEST_PACKAGES)

# tests/test_valid_html.py runs $(VENV)/vnu/node_modules/vnu-jar/build/dist/vnu.jar.
$(VNU_STAMP):
	@command -v npm >/dev/null 2>&1 || $(SHELL) .ci/system-deps npm
	npm install --prefix $(VENV)/vnu --no-audit --no-fund --loglevel=error vnu-jar@$(VNU_VERSION)
	@touch $@

$(BIN)/toolkit: pyproject.toml | system-deps
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "error: Python 3.11 or newer is needed as '$(PYTHON)'; set PYTHON=python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

build: setup
	$(BIN)/toolkit build

check: setup
	$(BIN)/toolkit check

# The gates: lint and formatting (ruff), then types (mypy); `make test` runs them first, so CI fails on either.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint test-deps
	$(BIN)/python -m pytest

# The README's pictures of the pieces (docs/gallery/, committed): Oakland built afresh and drawn small.
gallery: setup test-deps
	$(BIN)/python docs/gallery/make_gallery.py

clean:
	rm -rf output .pytest_cache
