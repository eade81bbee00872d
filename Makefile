# Taro: `make run` serves the site with demo content; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt 2>/dev/null | cksum | cut -d' ' -f1)
DEVDB := $(PY) -m taro.devdb

.PHONY: run stop test e2e bench audit setup clean-db browser-deps systemd-tools redis mutation
.PHONY: media-deps

$(STAMP): requirements.txt requirements-dev.txt
	@ops/venv $(PYTHON) $(VENV)
	@echo "Installing Python packages into $(VENV) (requirements.txt, requirements-dev.txt): a minute the first time..."
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

setup: $(STAMP)

# Development server on http://127.0.0.1:8000 with demo content. Uses DATABASE_URL when set,
# otherwise an embedded PostgreSQL (pgserver) with its data under .data/.
run: $(STAMP) media-deps
	DEBUG=1 $(DEVDB) -- sh -c '$(PY) manage.py migrate --noinput && $(PY) manage.py sync_guides && $(PY) manage.py load_demo && $(PY) manage.py runserver 127.0.0.1:8000'

# The browser tests need Debian's Chromium and Java (for the Nu HTML checker); as root we install
# them, otherwise the tests say what is missing.
browser-deps:
	@command -v chromium >/dev/null && command -v java >/dev/null || { [ "$$(id -u)" = 0 ] && echo "Installing Debian's chromium and default-jre-headless with apt-get, for the browser tests and the HTML checker (a minute or two)..." && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium default-jre-headless >/dev/null; } || echo "Install chromium and a Java runtime for the browser tests."

# tests/taro/test_systemd_units.py checks the shipped units (ops/systemd/) with systemd-analyze,
# from Debian's systemd package: as root we install it, otherwise the message names it.
systemd-tools:
	@command -v systemd-analyze >/dev/null || { [ "$$(id -u)" = 0 ] && echo "Installing Debian's systemd package (systemd-analyze), to verify the shipped units..." && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq systemd >/dev/null; } || echo "Install Debian's systemd package (systemd-analyze) for the unit tests."

# Career videos: Debian's ffmpeg (transcoding, ffprobe) and espeak-ng (the demo lessons' narration);
# as root we install them, otherwise the message names them.
media-deps:
	@command -v ffmpeg >/dev/null && command -v espeak-ng >/dev/null || { [ "$$(id -u)" = 0 ] && echo "Installing Debian's ffmpeg and espeak-ng with apt-get, for the career videos..." && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg espeak-ng >/dev/null; } || echo "Install ffmpeg and espeak-ng (apt-get install ffmpeg espeak-ng) for the career videos."

# The suite uses the real cache, as production does: Redis at 127.0.0.1:6379 (database 15), or
# REDIS_URL. When nothing answers there we start Debian's redis-server (installing it as root).
redis:
	@[ -n "$$REDIS_URL" ] || $(PYTHON) -c "import socket; socket.create_connection(('127.0.0.1', 6379), 1)" 2>/dev/null || { \
	  command -v redis-server >/dev/null || { [ "$$(id -u)" = 0 ] && echo "Installing redis-server (the cache the tests use)" && \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; } ; \
	  command -v redis-server >/dev/null && redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null ; \
	} || echo "Start Redis on 127.0.0.1:6379 (apt-get install redis-server) or set REDIS_URL for the tests."

# The whole suite on PostgreSQL (browser journeys and accessibility checks included): the server
# at 127.0.0.1:5432 when it answers, else the embedded one. First ruff (lint and format, settings
# in pyproject.toml), the layering (.importlinter) and mypy (pyproject.toml; it imports the test
# settings but needs neither database nor Redis): any of them fails the build before a test runs.
test: $(STAMP) browser-deps audit-test-deps systemd-tools media-deps redis redis-binary
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=taro.settings_test $(VENV)/bin/mypy
	$(DEVDB) --prefer-server -- sh -c 'DJANGO_SETTINGS_MODULE=taro.settings_test $(PY) manage.py makemigrations --check --dry-run && $(PY) -m pytest'

# Stop the embedded PostgreSQL that `make run` (and `make test` without a local server) leaves
# running; its data stays under .data/pg for the next `make run`.
stop:
	@if [ -x $(PY) ]; then $(PY) -m taro.devdb stop; else echo "No $(VENV): no embedded PostgreSQL was started from here."; fi

# docs/deploying.md, rehearsed on a blank database (taro_deploy_check) with production settings:
# migrate, collectstatic (into a temporary folder), sync_guides, createsuperuser, check --deploy,
# the shipped systemd units (ops/systemd/, checked by systemd-analyze) run behind a simulated
# Caddy (TRUSTED_PROXY_COUNT=1), the superuser's login. backup-check: pg_dump, drop, pg_restore,
# and the data found again, with Redis left running through the restore (both use a
# redis-server of their own, on a free port). Both run in `make test` (tests/taro/test_deploy.py).
deploy-check: $(STAMP) systemd-tools
	$(PY) ops/deploy_check.py deploy

backup-check: $(STAMP)
	$(PY) ops/deploy_check.py backup

# The rehearsals and tests/taro/test_redis_faults.py start redis-servers of their own: the binary
# must be there even when a Redis already answers on 6379 (as root we install it).
deploy-check backup-check: redis-binary
redis-binary:
	@command -v redis-server >/dev/null || { [ "$$(id -u)" = 0 ] && echo "Installing redis-server (the rehearsals start one of their own)" && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; } || echo "Install redis-server (apt-get install redis-server) for the rehearsals."

.PHONY: deploy-check backup-check redis-binary

clean-db: stop
	rm -rf .data

# Mutation testing (mutmut 2), not part of `make test`: each module's mutants against its own
# tests (mutation/run.py), then a score per module; `make mutation MODULES="limits pagecache"`
# runs some. mutmut edits the modules in place while it runs: leave the tree alone meanwhile.
mutation: $(STAMP) redis
	$(DEVDB) --prefer-server -- sh -c 'DJANGO_SETTINGS_MODULE=taro.settings_test $(PY) -m mutation.run $(MODULES)'

# Browser journeys in headless Chromium (Playwright with the system /usr/bin/chromium); also part of `make test`.
e2e: $(STAMP) browser-deps audit-test-deps
	$(DEVDB) --prefer-server -- $(PY) -m pytest tests/e2e -q

# Load test: gunicorn with production settings on the reference data set, driven by wrk; writes
# bench-results.txt. `make bench SCALE=10` runs it on ten times the data (its own database).
bench: $(STAMP)
	command -v wrk >/dev/null || apt-get install -y wrk || (apt-get update && apt-get install -y wrk)
	$(PY) bench/run.py $(if $(SCALE),--scale $(SCALE))
	$(PY) bench/markdown_timings.py

# Build (or confirm) the reference data set in the bench database without running the load test.
seed-bench: $(STAMP)
	$(PY) bench/run.py --seed-only

.PHONY: seed-bench

# Accessibility and validity tools pinned in audit/package-lock.json: axe-core, vnu-jar, Lighthouse.
# --ignore-scripts: vnu-jar's postinstall would download a Java runtime; we use the system Java (17).
AUDIT_STAMP := audit/node_modules/.installed
$(AUDIT_STAMP): audit/package.json audit/package-lock.json
	@ops/need npm "the audit (axe-core, vnu-jar, Lighthouse)" npm
	npm ci --prefix audit --ignore-scripts --no-audit --no-fund
	touch $@

audit-setup: $(AUDIT_STAMP)

# What the tests need of it: axe-core and vnu-jar, without Lighthouse. Needs npm: as root we
# install Debian's package when it is missing, otherwise the message names it.
audit-test-deps:
	@test -f audit/node_modules/vnu-jar/build/dist/vnu.jar -a -f audit/node_modules/axe-core/axe.min.js || { \
	  ops/need npm "the accessibility tests (axe-core, vnu-jar from audit/package-lock.json)" npm && \
	  echo "Installing axe-core and vnu-jar (audit/package-lock.json) with npm, for the accessibility tests..." && \
	  npm ci --prefix audit --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error ; }

# axe-core + Nu HTML checker (+ keyboard tests) on the key pages, Lighthouse on home/guide/question:
# one table. Database taro_audit (AUDIT_DATABASE_URL to override); not part of CI (Lighthouse is slow).
audit: $(STAMP) audit-setup
	$(PY) audit/run_audit.py

.PHONY: audit-setup audit-test-deps
