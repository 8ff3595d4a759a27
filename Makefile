# backtimer — two commands for a newcomer: `make run` and `make test`.
# Everything is installed into .venv from this project's own files.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ROUTINE ?= demo

# Stamp files: reinstall only when pyproject.toml changes, so a second
# `make run` / `make test` starts at once.
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint format bench snapshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[remote]'
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/backtimer run $(ROUTINE)

test: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n 4 --dist worksteal

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(TEST_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the SVG snapshots after an intended change to a screen.
snapshots: $(TEST_STAMP)
	$(BIN)/python -m pytest -q tests/tui --snapshot-update

bench: $(TEST_STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build *.egg-info
