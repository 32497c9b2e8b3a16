# Maillage — the README's commands. `make run` and `make test` install what they need.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
DATA_SPEC := @etalab/decoupage-administratif@6.0.0
DATA := .cache/decoupage-administratif/package/data/communes.json
AXE := .cache/axe-core/package/axe.min.js
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install data lint check test-sqlite test-postgres test-browser bench clean

run: ## Install, migrate, import France's territories and a demo space, serve on :8000
	@scripts/system-deps.sh run
	@$(MAKE) --no-print-directory install data
	$(MANAGE) migrate --noinput
	$(MANAGE) import_territories
	SITE_URL=http://$(HOST):$(PORT) $(MANAGE) create_demo_space
	@echo "Maillage : http://$(HOST):$(PORT)/ (tâches de fond : var/worker.log)"
	@$(MANAGE) db_worker --queue-name '*' > $${MAILLAGE_DATA_DIR:-var}/worker.log 2>&1 & \
	  worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  SITE_URL=http://$(HOST):$(PORT) $(MANAGE) runserver $(HOST):$(PORT)

test: ## Install what the tests need and run every check
	@scripts/system-deps.sh test
	@$(MAKE) --no-print-directory install data $(AXE)
	@$(MAKE) --no-print-directory check test-sqlite test-postgres test-browser

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

data: $(DATA)

$(DATA):
	scripts/fetch-npm.sh $(DATA_SPEC) .cache/decoupage-administratif
	touch $@

$(AXE):
	scripts/fetch-npm.sh axe-core@4 .cache/axe-core
	touch $@

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: lint
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

test-sqlite: install data
	$(VENV)/bin/pytest -q

test-postgres: install data
	scripts/with-postgres.sh $(VENV)/bin/pytest -q

test-browser: install $(AXE)
	$(VENV)/bin/pytest -q -m browser

bench: install data ## Import and page timings on the full national data
	$(PY) bench/run.py $(if $(ONLY),--only $(ONLY)) $(if $(TERRITORIES),--territories)

clean:
	rm -rf $(VENV) .cache
