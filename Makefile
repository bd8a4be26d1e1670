# Two commands do everything: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip
# Links printed and emailed point at the address served (unless LMS_BASE_URL says otherwise).
FLASK = FLASK_APP=lms LMS_BASE_URL=$${LMS_BASE_URL:-http://$(HOST):$(PORT)} $(BIN)/flask
HOST ?= 127.0.0.1
PORT ?= 5000
# The suite runs on every core (pytest-xdist; each test file stays on one worker).
PYTEST_ARGS ?= -n auto --dist loadfile

# Quiet steps: one line each on the screen; the output of the step (pip's and
# setuptools' chatter, migrations, the import) goes to $(LOG), shown only when it fails.
LOG := $(VENV)/install.log
LOGGED = >$(LOG) 2>&1 || { tail -n 60 $(LOG); echo "Failed; the whole output is in $(LOG)"; exit 1; }
PIP_QUIET := PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_WARN_SCRIPT_LOCATION=1 PIP_PROGRESS_BAR=off \
	PYTHONWARNINGS=ignore $(PIP) install --quiet

.PHONY: run test lint install install-test db courses demo serve bench clean messages

$(BIN)/python:
	@echo "Creating the virtual environment in $(VENV)/…"
	@$(PYTHON) -m venv $(VENV)
	@$(PIP_QUIET) --upgrade pip $(LOGGED)

# Reinstall only when the dependencies change.
$(VENV)/.installed: setup.cfg constraints.txt | $(BIN)/python
	@echo "Installing the dependencies (log: $(LOG))…"
	@$(PIP_QUIET) -c constraints.txt -e . $(LOGGED)
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	@echo "Installing the test dependencies (log: $(LOG))…"
	@$(PIP_QUIET) -c constraints.txt -e '.[test]' $(LOGGED)
	@touch $@

# axe-core for the accessibility tests (skipped with a message when npm is missing).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --silent --no-audit --no-fund && touch $@; \
	else echo "npm not found: the accessibility checks will be skipped"; fi

# The translations, compiled from lms/translations/*/LC_MESSAGES/messages.po (the .mo files
# are not committed); again whenever a catalog changes.
CATALOGS := $(wildcard lms/translations/*/LC_MESSAGES/messages.po)
$(VENV)/.translations: $(CATALOGS) | $(VENV)/.installed
	@$(BIN)/pybabel compile -d lms/translations $(LOGGED)
	@touch $@

install: $(VENV)/.installed $(VENV)/.translations
install-test: $(VENV)/.installed-test $(VENV)/.translations

# For developers: extract the marked words and merge them into every catalog (docs/translating.md).
KEYWORDS := -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k lazy_pgettext:1c,2
messages: $(VENV)/.installed
	@$(BIN)/pybabel extract -F lms/translations/babel.cfg $(KEYWORDS) --no-location --sort-output \
		--project "Skill Tracks" -o lms/translations/messages.pot lms
	@for language in es pt_BR ar; do \
		if [ -f lms/translations/$$language/LC_MESSAGES/messages.po ]; then \
			$(BIN)/pybabel update -i lms/translations/messages.pot -d lms/translations -l $$language --no-fuzzy-matching --ignore-obsolete; \
		else $(BIN)/pybabel init -i lms/translations/messages.pot -d lms/translations -l $$language; fi; \
	done

db: install
	@echo "Migrating the database…"
	@$(FLASK) db upgrade $(LOGGED)

courses: db
	@echo "Importing courses/…"
	@$(FLASK) tracks import courses/ $(LOGGED)

demo: courses
	@echo "Demo accounts:"
	@$(FLASK) demo

serve: install
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	@$(FLASK) run --host $(HOST) --port $(PORT)

run: demo serve

# Style and the order of the features (pyproject.toml [tool.ruff], setup.cfg [importlinter]).
lint: install-test
	@echo "Checking the style and the order of the features…"
	@$(BIN)/ruff check --quiet lms tests bench migrations
	@$(BIN)/lint-imports $(LOGGED)

test: lint node_modules/.installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install-test
	$(BIN)/python bench/import_tracks.py
	$(BIN)/python bench/certificates.py
	$(BIN)/python bench/render.py
	$(BIN)/python bench/matching.py
	$(BIN)/python bench/health.py
	$(BIN)/python bench/meeting_slots.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .ruff_cache .import_linter_cache build *.egg-info
