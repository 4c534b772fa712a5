# Tambon: `make demo` to try it, `make test` to test it. Everything else is set up on the way.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TAMBON := $(BIN)/tambon
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= small
SEED ?= 1
PYTEST_ARGS ?=
# Debian packages: gettext compiles translations, pango lays out PDFs (WeasyPrint);
# chromium and Thai fonts run the browser tests.
APT_RUNTIME := gettext libpango-1.0-0 libpangoft2-1.0-0
APT_TEST := chromium fonts-thai-tlwg

.PHONY: setup demo serve worker test test-fast check bench messages makemessages clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

src/tambon/core/static/vendor/.installed: node_modules/.installed scripts/vendor-static.sh
	./scripts/vendor-static.sh
	touch $@

setup: $(BIN)/.installed src/tambon/core/static/vendor/.installed
	./scripts/ensure-apt.sh $(APT_RUNTIME)
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
	mkdir -p var

demo: export SITE_URL ?= http://$(HOST):$(PORT)
demo: setup
	$(TAMBON) migrate --no-input -v 0
	$(TAMBON) geo load
	$(TAMBON) demo --scale $(SCALE) --seed $(SEED)
	$(TAMBON) dedupe
	@echo "Serving Tambon at http://$(HOST):$(PORT)/ with a task worker and the scheduler beside it (Ctrl-C stops all)."
	@trap 'kill 0' EXIT INT TERM; \
	  $(TAMBON) worker --interval 1 --no-reload & \
	  $(TAMBON) scheduler & \
	  $(TAMBON) serve $(HOST):$(PORT) --noreload

serve: setup
	$(TAMBON) serve $(HOST):$(PORT)

worker: setup
	$(TAMBON) worker

test: setup
	./scripts/ensure-apt.sh $(APT_TEST)
	$(BIN)/pytest -n auto --dist loadgroup $(PYTEST_ARGS)

test-fast: setup
	$(BIN)/pytest -n auto -m "not e2e and not slow" $(PYTEST_ARGS)

check: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run

makemessages: setup
	./scripts/makemessages.sh

bench: setup
	@for b in benchmarks/*.py; do [ -e "$$b" ] || continue; echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf var src/tambon/core/static/vendor node_modules/.installed
