# Glazen Stad — developer entry points.
#
#   make run     install (when needed), load demo data into an empty database, serve on :8000
#   make test    install (when needed), axe-core, ruff, pytest  (PYTEST_ARGS="-k foo -x")
#   make lint    ruff only
#   make clean   remove the venv and caches (make distclean: also ./var with the local data)
#
# Variables (override on the command line or in the environment):
#   PYTHON                interpreter used to create .venv (default: first python3.1x >= 3.11)
#   VENV                  virtualenv directory (.venv)
#   HOST, PORT            address for `make run` (127.0.0.1, 8000)
#   GLAZENSTAD_DATA_DIR   data directory, embedded SQLite lives here (./var)
#   PYTEST_ARGS           extra arguments for pytest
#   AXE_VERSION           pinned npm axe-core version
#   NPM                   npm client (npm)

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.glazenstad-installed
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	2>/dev/null && { echo $$p; break; }; done)

HOST ?= 127.0.0.1
PORT ?= 8000
GLAZENSTAD_DATA_DIR ?= $(CURDIR)/var

PYTEST_ARGS ?=

NPM ?= npm
AXE_VERSION ?= 4.14.1
AXE_DIR := .cache/axe
AXE_JS := $(AXE_DIR)/node_modules/axe-core/axe.min.js
AXE_STAMP := $(AXE_DIR)/.installed-$(AXE_VERSION)
export GLAZENSTAD_AXE_JS := $(CURDIR)/$(AXE_JS)

.PHONY: help install run test lint axe clean distclean

help:
	@echo "make run    - install if needed, load demo data (if empty), serve on http://$(HOST):$(PORT)"
	@echo "make test   - install if needed, fetch axe-core, ruff check, pytest (PYTEST_ARGS=...)"
	@echo "make lint   - ruff check"
	@echo "make clean  - remove $(VENV) and caches (distclean: also ./var)"

$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then echo "error: Python >= 3.11 not found (set PYTHON=...)" >&2; exit 1; fi
	@echo "==> creating $(VENV) with $(PYTHON) ($$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)

# Reinstall only when pyproject.toml changed since the last successful install.
$(STAMP): pyproject.toml | $(BIN)/python
	@echo "==> installing glazenstad[test] into $(VENV)"
	$(BIN)/python -m pip install --progress-bar off -e '.[test]'
	@touch $@

install: $(STAMP)

$(AXE_STAMP):
	@command -v $(NPM) >/dev/null 2>&1 || { \
		echo "error: npm not found; install Node.js/npm (apt-get install npm) to fetch axe-core" >&2; \
		exit 1; }
	@echo "==> installing axe-core@$(AXE_VERSION) into $(AXE_DIR)"
	@rm -rf $(AXE_DIR) && mkdir -p $(AXE_DIR)
	$(NPM) install --prefix $(AXE_DIR) --no-save --no-package-lock --no-audit --no-fund \
		--loglevel=error axe-core@$(AXE_VERSION)
	@test -s $(AXE_JS)
	@touch $@

axe: $(AXE_STAMP)

run: $(STAMP)
	@mkdir -p "$(GLAZENSTAD_DATA_DIR)"
	GLAZENSTAD_DATA_DIR="$(GLAZENSTAD_DATA_DIR)" $(BIN)/glazenstad demo --if-empty
	GLAZENSTAD_DATA_DIR="$(GLAZENSTAD_DATA_DIR)" exec $(BIN)/glazenstad serve --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check --no-cache .

# ruff and pytest both run (so a lint error does not hide test results); either fails the target.
# `python -m pytest` puts the repo root on sys.path, so `tests.support` imports work.
test: $(STAMP)
	@if command -v $(NPM) >/dev/null 2>&1; then $(MAKE) --no-print-directory axe; \
	else echo "note: npm not found, so axe-core is missing and the accessibility tests are skipped"; fi
	@rc=0; \
	echo "==> ruff check ."; \
	$(BIN)/ruff check --no-cache . || rc=$$?; \
	echo "==> pytest $(PYTEST_ARGS)"; \
	$(BIN)/python -m pytest $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -ne 0 ]; then echo "==> make test: FAILED (ruff or pytest)" >&2; fi; \
	exit $$rc

clean:
	rm -rf $(VENV) .cache .pytest_cache .ruff_cache build dist *.egg-info
	find . -name __pycache__ -type d -prune -not -path './.git/*' -exec rm -rf {} +

distclean: clean
	rm -rf var
