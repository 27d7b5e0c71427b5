# Quarry: `make run` starts the embedded stack; `make test` runs the checks and the test suite.
# Both set up what they need first (virtualenv, Python and npm packages), and only once.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
SQLITE_BINDING := cube/node_modules/sqlite3/build/Release/node_sqlite3.node
CONSOLE_STAMP := console/node_modules/.installed
CHROMIUM := /usr/bin/chromium
# Debian's Node ships its headers here; node-gyp would otherwise try to download them.
NODEDIR := $(shell [ -d /usr/include/node ] && echo --nodedir=/usr)

.PHONY: setup run test test-unit lint

setup: $(PY_STAMP) $(SQLITE_BINDING) $(CONSOLE_STAMP)

$(PY_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Cube's post-install scripts download from GitHub, so they are skipped and sqlite3 is built here.
$(SQLITE_BINDING): cube/package-lock.json
	cd cube && npm ci --ignore-scripts --no-audit --no-fund
	cd cube/node_modules/sqlite3 && ../.bin/node-gyp rebuild $(NODEDIR) > /dev/null
	touch $@

# The console's chart libraries, served by the API itself (no CDN).
$(CONSOLE_STAMP): console/package-lock.json
	cd console && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The browser tests drive Debian's Chromium (Playwright is pointed at it; it downloads nothing).
$(CHROMIUM):
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -qq chromium > /dev/null

run: setup
	$(BIN)/quarry up

lint: $(PY_STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

test: setup $(CHROMIUM) lint
	$(BIN)/pytest

test-unit: $(PY_STAMP)
	$(BIN)/pytest -m "not integration"
