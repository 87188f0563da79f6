# The two commands a newcomer needs: `make run` and `make test`. Everything else is a step of theirs.
SHELL := /bin/sh
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-dev

.PHONY: run test htmlcheck install migrate demo lint format lock clean

run: install migrate demo ## set up everything, then serve on http://127.0.0.1:8000
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py runserver 127.0.0.1:8000

# One worker per core (pytest-xdist), each with its own test database; a file runs on one worker,
# so the reminder end-to-end tests (one Redis database, real Celery processes) never overlap.
# `make test JOBS=0` runs in one process. Coverage of the app's code is reported at the end
# (pyproject.toml, [tool.coverage.*]); CI fails under its floor (.ci/run).
JOBS ?= auto

# The pages the browser tests load are kept in $(HTML_DIR) for `make htmlcheck`.
HTML_DIR := test-artifacts/html

test: install ## the whole test suite, with its coverage
	rm -rf $(HTML_DIR)
	HTML_CAPTURE_DIR=$(CURDIR)/$(HTML_DIR) $(BIN)/pytest -n $(JOBS) --dist loadfile --cov --cov-report=term-missing:skip-covered $(PYTEST_ARGS)

install: $(STAMP)

# The W3C Nu HTML checker (npm package vnu-jar, run by Java) over every page the last
# `make test` loaded in the browser: any error fails.
htmlcheck: node_modules/.installed
	@test -n "$$(ls $(HTML_DIR) 2>/dev/null)" || { echo "No pages in $(HTML_DIR): run make test (with Chromium) first." >&2; exit 1; }
	@command -v java >/dev/null || { echo "The HTML checker needs Java (apt-get install default-jre-headless)." >&2; exit 1; }
	java -jar node_modules/vnu-jar/build/dist/vnu.jar --errors-only --skip-non-html $(HTML_DIR)
	@echo "HTML check: $$(ls $(HTML_DIR) | wc -l) pages, no errors."

node_modules/.installed: package-lock.json
	npm ci --silent --no-audit --no-fund
	@touch $@

# Re-installs only when the pinned requirements change, so a second `make run` is fast.
$(STAMP): requirements/dev.txt
	@test -x $(PY) || $$(scripts/find-python) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.txt
	@touch $(STAMP)

migrate: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py migrate --no-input

demo: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py seed_demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: install ## re-pin requirements/*.txt after editing pyproject.toml
	$(BIN)/uv pip compile pyproject.toml --python-version 3.12 --generate-hashes --quiet -o requirements/base.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.12 --generate-hashes --quiet -o requirements/dev.txt

clean:
	rm -rf $(VENV) staticfiles
