# The two quick-start commands (README): `make run` and `make test`.
# Development targets set DJANGO_DEBUG=1: production settings refuse to start without a real SECRET_KEY.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: run test install system-deps test-deps migrate seed lint worker beat benchmark

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## Debian packages the portal needs (python3-venv, WeasyPrint's Pango/HarfBuzz, fonts); for the tests also
## Chromium and pdftotext. Installed only when missing (apt-get: root or sudo).
system-deps:
	@bash .ci/system-deps

test-deps:
	@bash .ci/system-deps test

migrate: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput

seed: migrate
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo

## Set everything up on the embedded SQLite database, load the demo data and serve on :8000.
run: system-deps seed
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

## The whole test suite (SQLite + in-process Celery unless DATABASE_URL / REDIS_URL are set),
## spread over TEST_WORKERS processes (pytest-xdist; each has its own test database, Redis and browser).
TEST_WORKERS ?= 2
test: test-deps install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -p no:cacheprovider -q --durations=25 -n $(TEST_WORKERS)

lint: install
	$(PY) -m ruff check . && $(PY) -m ruff format --check .

worker: install
	DJANGO_DEBUG=1 $(VENV)/bin/celery -A config worker -l info

beat: install
	DJANGO_DEBUG=1 $(VENV)/bin/celery -A config beat -l info
