# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test mutation-check bench loadtest compare init clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,postgres,loadtest]'
	touch $@

init: $(VENV)/.installed
	$(BIN)/questionnaire init --demo

# The mail worker runs beside the web server (the demo's mail goes to instance/mail/ as .eml files) and
# stops with it.
run: init
	$(BIN)/questionnaire worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers 2 --preload --access-logfile - 'questionnaire:create_app()'

AXE := .cache/axe/node_modules/axe-core/axe.min.js

test: $(VENV)/.installed
	@if [ ! -f $(AXE) ] && command -v npm >/dev/null 2>&1; then \
	  npm install --no-save --no-audit --no-fund --silent --prefix .cache/axe axe-core@4 >/dev/null 2>&1 \
	  || echo "axe-core could not be installed: the accessibility checks will be skipped"; fi
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The app under gunicorn on a temporary PostgreSQL database (SQLite when none is reachable), 150 focal points
# saving, one worker killed; prints a RESULT line (see loadtest/run.py). A few minutes; all traffic on 127.0.0.1.
loadtest: $(VENV)/.installed
	$(BIN)/python -m loadtest

# Page throughput of this checkout against another one, served in turn on one temporary database:
# make compare OTHER=../before (a `git worktree add ../before COMMIT`); prints a RESULT line (loadtest/compare.py).
compare: $(VENV)/.installed
	$(BIN)/python -m loadtest.compare $(OTHER) $(COMPARE_ARGS)

# Removes the commit of each view that changes data, one at a time in a scratch copy, and expects a test to
# fail for each (tests/mutation_check.py); ends with a RESULT line and fails if a mutation survived.
mutation-check: $(VENV)/.installed
	$(BIN)/python tests/mutation_check.py $(MUTATION_ARGS)

bench: $(VENV)/.installed
	$(BIN)/python -m exports.bench

clean:
	rm -rf $(VENV) build *.egg-info

# Translations: extract every marked string, update the catalogues in questionnaire/translations and compile
# them (the compiled .mo files are committed, so an installation needs no build step). A new language:
# `.venv/bin/pybabel init -i questionnaire/translations/messages.pot -d questionnaire/translations -l CODE`.
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 -o questionnaire/translations/messages.pot questionnaire forms exports
	$(BIN)/pybabel update -i questionnaire/translations/messages.pot -d questionnaire/translations
	$(BIN)/pybabel compile -d questionnaire/translations --statistics
