# Two commands matter: `make run` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/rashinban
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint format bench messages clean check-python e2e-deps

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s)" % sys.version.split()[0])'

$(STAMP): pyproject.toml | check-python
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/rashinban migrate
	$(BIN)/rashinban demo
	$(BIN)/rashinban serve --host 127.0.0.1 --port 8000 --with-worker

# axe-core for the browser tests (tests/e2e/accessibility.py), pinned in tests/e2e/package-lock.json.
E2E_AXE := tests/e2e/node_modules/axe-core/axe.min.js
$(E2E_AXE): tests/e2e/package-lock.json
	npm ci --prefix tests/e2e --no-audit --no-fund
	@touch $(E2E_AXE)
e2e-deps: $(E2E_AXE)

# The suite runs on SQLite; then again on PostgreSQL when it is reachable (required when CI=true).
test: $(STAMP)
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory e2e-deps; \
	else echo "npm not found: axe-core is not installed, so the browser tests skip (.ci/run installs npm)"; fi
	$(BIN)/ruff check src tests bench
	$(BIN)/python tests/services.py check
	$(BIN)/pytest
	@if $(BIN)/python tests/services.py postgres; then \
		echo "== the same suite on PostgreSQL =="; \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not browser"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

# `make bench` serves the product as docs/deploy.md installs it: from the distribution's Python (/usr/bin/python3,
# built with profile-guided and link-time optimisation), in an environment of its own. A python3 built from source
# without --enable-optimizations (pyenv's default) served a tenth to a fifth less here (bench/README.md);
# `make bench BENCH_PYTHON=python3` measures with it.
BENCH_PYTHON ?= $(shell /usr/bin/python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo /usr/bin/python3 || echo $(PYTHON))
BENCH_VENV := .venv-bench
$(BENCH_VENV)/.installed: pyproject.toml
	@test -x $(BENCH_VENV)/bin/python || $(BENCH_PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -e ".[dev]"
	@touch $@

bench: $(STAMP) $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python bench/run.py

# Needs GNU gettext (apt-get install gettext); the compiled .mo files are committed.
messages: $(STAMP)
	cd src/rashinban && RASHINBAN_DATA_DIR=$(CURDIR)/var ../../$(BIN)/django-admin makemessages -l ja --no-obsolete -i "locale-drafts/*" --settings=rashinban.config.settings
	cd src/rashinban && RASHINBAN_DATA_DIR=$(CURDIR)/var ../../$(BIN)/django-admin compilemessages --settings=rashinban.config.settings

clean:
	rm -rf $(VENV) $(BENCH_VENV) var .pytest_cache .ruff_cache .hypothesis tests/e2e/node_modules
