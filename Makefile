# The two commands a newcomer needs: `make run` and `make test`. Everything else is a step of theirs.
SHELL := /bin/sh
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-dev

.PHONY: run test install migrate demo lint format lock clean

run: install migrate demo ## set up everything, then serve on http://127.0.0.1:8000
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py runserver 127.0.0.1:8000

# One worker per core (pytest-xdist), each with its own test database; a file runs on one worker,
# so the reminder end-to-end tests (one Redis database, real Celery processes) never overlap.
# `make test JOBS=0` runs in one process. Coverage of the app's code is reported at the end
# (pyproject.toml, [tool.coverage.*]); CI fails under its floor (.ci/run).
JOBS ?= auto

test: install ## the whole test suite, with its coverage
	$(BIN)/pytest -n $(JOBS) --dist loadfile --cov --cov-report=term-missing:skip-covered $(PYTEST_ARGS)

install: $(STAMP)

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

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: install ## re-pin requirements/*.txt after editing pyproject.toml
	$(BIN)/uv pip compile pyproject.toml --python-version 3.12 --generate-hashes --quiet -o requirements/base.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.12 --generate-hashes --quiet -o requirements/dev.txt

clean:
	rm -rf $(VENV) staticfiles
