# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Development defaults; production sets its own environment (see README).
DEV_ENV := DEBUG=1 ZHUBAN_DEMO=1

.PHONY: run test setup messages messages-en lint clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

setup: $(STAMP) messages

messages: $(STAMP)
	cd zhuban && DEBUG=1 ../$(PY) ../manage.py compilemessages --verbosity 0

run: setup
	$(DEV_ENV) $(PY) manage.py migrate --verbosity 0
	$(DEV_ENV) $(PY) manage.py load_demo
	@echo "Serving http://127.0.0.1:8000  (Ctrl-C to stop)"
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test: setup
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run --verbosity 0
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) var db.sqlite3*

# Refresh the English catalogue after adding strings; then translate the empty entries.
messages-en: $(STAMP)
	cd zhuban && DEBUG=1 ../$(PY) ../manage.py makemessages -l en --no-obsolete --ignore settings_test.py --ignore "tests/*" --ignore "*/tests/*"
