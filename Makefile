# Two commands for a newcomer: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
REDIS_URL ?= redis://127.0.0.1:6379/0
export REDIS_URL
HOST ?= 127.0.0.1
PORT ?= 8000
APT_PACKAGES := redis-server gettext
APT_TEST_PACKAGES := $(APT_PACKAGES) chromium chromium-driver

# `make serve`: like `make run`, but gunicorn with the production settings (see docs/deployment.md).
.PHONY: run serve test test-sqlite install install-test system-deps system-test-deps bench-deps bench-http bench-http-postgres migrate seed lint messages clean

$(VENV)/.installed: requirements.txt requirements-test.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements-test.txt
	touch $@

install: $(VENV)/.installed

# Installs OS packages when they are missing and we may (root or passwordless sudo);
# otherwise stops with the command to run.
define ensure_apt
	@missing=""; for cmd in $(2); do command -v $$cmd >/dev/null 2>&1 || missing="$$missing $$cmd"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Missing:$$missing — installing $(1)"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else \
	    echo "Please install them first: sudo apt-get install $(1)"; exit 1; fi; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $(1); \
	fi
endef

system-deps:
	$(call ensure_apt,$(APT_PACKAGES),redis-server msgfmt)

system-test-deps:
	$(call ensure_apt,$(APT_TEST_PACKAGES),redis-server msgfmt chromium chromedriver)

# wrk drives benchmarks/http_votes.py; py-spy samples it in benchmarks/profile_votes.py.
bench-deps: install system-test-deps
	$(call ensure_apt,wrk,wrk)
	$(PIP) install -q -r benchmarks/requirements.txt

bench-http: bench-deps
	$(PY) benchmarks/http_votes.py

# The same on a throw-away PostgreSQL cluster (installed when missing).
bench-http-postgres: bench-deps
	scripts/with-postgres.sh sh -c '$(PY) benchmarks/http_votes.py --database-url "$$DATABASE_URL"'

migrate: install system-deps
	$(PY) manage.py compilemessages -v0 --ignore=.venv
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	@bash scripts/run.sh

# Production settings on plain http://HOST:PORT: no HTTPS redirect or secure-only
# cookies, a throw-away SECRET_KEY unless one is set, static files collected.
serve: seed
	@export SECRET_KEY="$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	  DJANGO_SETTINGS_MODULE=feedbacksite.settings.production SECURE_SSL_REDIRECT=false COOKIES_SECURE=false; \
	  $(PY) manage.py collectstatic --noinput -v0 && SERVER=production bash scripts/run.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

test: install system-test-deps
	$(PY) manage.py compilemessages -v0 --ignore=.venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	DJANGO_SETTINGS_MODULE=feedbacksite.settings.test $(PY) manage.py makemigrations --check --dry-run
	# Also the package tests (marker `package`): the wheel, and its clean-room install into a
	# project new from `wagtail start` (tests/test_clean_room_install.py).
	$(VENV)/bin/pytest -p no:cacheprovider
	# The same suite again on a throw-away PostgreSQL cluster: every query must be portable
	# (not the package tests: their projects have their own SQLite databases).
	bash scripts/test-postgres.sh -m "not package"

test-sqlite: install system-test-deps
	$(VENV)/bin/pytest -p no:cacheprovider

messages: install
	cd feedback && ../$(PY) ../manage.py makemessages -l sv -l nb -l da -l en --no-obsolete
	$(PY) manage.py makemessages -l sv -l nb -l da -l en --no-obsolete --ignore=.venv --ignore=feedback --ignore=tests --ignore=benchmarks

clean:
	rm -rf $(VENV) db.sqlite3 private media static
