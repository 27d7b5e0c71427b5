# Quarry: `make run` starts the embedded stack; `make test` runs the checks and the test suite.
# Both set up what they need first (virtualenv, Python and npm packages), and only once.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
SQLITE_BINDING := cube/node_modules/sqlite3/build/Release/node_sqlite3.node
# Debian's Node ships its headers here; node-gyp would otherwise try to download them.
NODEDIR := $(shell [ -d /usr/include/node ] && echo --nodedir=/usr)

.PHONY: setup run test test-unit lint

setup: $(PY_STAMP) $(SQLITE_BINDING)

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

run: setup
	$(BIN)/quarry up

lint: $(PY_STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

test: setup lint
	$(BIN)/pytest

test-unit: $(PY_STAMP)
	$(BIN)/pytest -m "not integration"
