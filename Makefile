# Two commands do everything: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip
FLASK := FLASK_APP=lms $(BIN)/flask
HOST ?= 127.0.0.1
PORT ?= 5000
# The suite runs on every core (pytest-xdist; each test file stays on one worker).
PYTEST_ARGS ?= -n auto --dist loadfile

.PHONY: run test lint install install-test db courses demo serve bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Reinstall only when the dependencies change.
$(VENV)/.installed: setup.cfg constraints.txt | $(BIN)/python
	$(PIP) install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install --quiet -c constraints.txt -e '.[test]'
	touch $@

# axe-core for the accessibility tests (skipped with a message when npm is missing).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --silent --no-audit --no-fund && touch $@; \
	else echo "npm not found: the accessibility checks will be skipped"; fi

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

db: install
	$(FLASK) db upgrade

courses: db
	$(FLASK) tracks import courses/

demo: courses
	$(FLASK) demo

serve: install
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(FLASK) run --host $(HOST) --port $(PORT)

run: demo serve

# Style and the order of the features (pyproject.toml [tool.ruff], setup.cfg [importlinter]).
lint: install-test
	$(BIN)/ruff check lms tests bench migrations
	$(BIN)/lint-imports

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
