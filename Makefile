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

.PHONY: run test lint format bench snapshots clean dist dist-check

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
	$(MAKE) --no-print-directory dist-check

# The sdist and the wheel, in dist/ (pipx install dist/backtimer-*.whl).
dist: $(TEST_STAMP)
	rm -rf dist
	$(BIN)/python -m build --outdir dist . > build.log 2>&1 || (cat build.log; exit 1)
	@rm -f build.log
	@ls dist

# What a user gets: the wheel in a fresh venv, its command and completion working.
CHECK := build/dist-check
dist-check: dist
	rm -rf $(CHECK)
	$(PYTHON) -m venv $(CHECK)/venv
	$(CHECK)/venv/bin/python -m pip install --quiet dist/backtimer-*.whl
	BACKTIMER_HOME=$(CHECK)/home $(CHECK)/venv/bin/backtimer --version
	BACKTIMER_HOME=$(CHECK)/home $(CHECK)/venv/bin/backtimer list > /dev/null
	$(CHECK)/venv/bin/backtimer completion bash | grep -q backtimer
	$(CHECK)/venv/bin/python -c "from importlib.resources import files as f; \
	  assert (f('backtimer.tui.screens') / 'session.tcss').is_file(); \
	  assert (f('backtimer') / 'routine.schema.json').is_file()"
	@echo "dist-check: the wheel installs into a fresh venv and runs"

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
	rm -rf $(VENV) build dist *.egg-info
