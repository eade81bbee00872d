# Taro: `make run` serves the site with demo content; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt 2>/dev/null | cksum | cut -d' ' -f1)
DEVDB := $(PY) -m taro.devdb

.PHONY: run test e2e bench audit setup migrate clean-db

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

setup: $(STAMP)

# Development server on http://127.0.0.1:8000 with demo content. Uses DATABASE_URL when set,
# otherwise an embedded PostgreSQL (pgserver) with its data under .data/.
run: $(STAMP)
	DEBUG=1 $(DEVDB) -- sh -c '$(PY) manage.py migrate --noinput && $(PY) manage.py sync_guides && $(PY) manage.py load_demo && $(PY) manage.py runserver 127.0.0.1:8000'

# The whole suite on PostgreSQL: the server at 127.0.0.1:5432 when it answers, else the embedded one.
test: $(STAMP)
	$(DEVDB) --prefer-server -- sh -c 'DJANGO_SETTINGS_MODULE=taro.settings_test $(PY) manage.py makemigrations --check --dry-run && $(PY) -m pytest'

clean-db:
	rm -rf .data
