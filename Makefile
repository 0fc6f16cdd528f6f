# One command to run the site with demo content, one to run the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: setup run test test-postgres lint bench clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(BIN)/.installed

run: setup
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo --url http://127.0.0.1:$(PORT)
	@# The go-live scheduler runs beside the server and stops with it (production: see docs/workflow.md).
	DEBUG=1 $(BIN)/python manage.py publish_scheduled --every 30 & scheduler=$$!; \
	trap 'kill $$scheduler' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

node_modules/.installed: package.json package-lock.json
	scripts/install-test-tools
	npm ci --no-audit --no-fund --silent
	touch $@

test: setup node_modules/.installed
	@scripts/install-test-tools
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres: setup node_modules/.installed
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/newsroom} $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup
	$(BIN)/python bench/import_export.py

clean:
	rm -rf $(VENV) node_modules db.sqlite3* staticfiles media cache
