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

# The sdist and the wheel, in dist/ (pipx install dist/backtimer-*.whl). The wheel is
# built from the sdist, so the sdist is checked too.
dist: $(TEST_STAMP)
	rm -rf dist
	@mkdir -p build
	$(BIN)/python -m build --outdir dist . > build/dist.log 2>&1 || (cat build/dist.log; exit 1)
	@ls dist

# What a user gets: the wheel in a fresh venv (in a temporary folder, so runs never
# meet), outside the source tree: the command, every module, the data files and bash
# completion must work there. The venv has no pip of its own; .venv's pip installs
# into it (as pipx does), which saves seconds.
MODULES = $(patsubst %.__init__,%,$(subst /,.,$(basename $(filter-out %/__main__.py,\
	$(shell find backtimer -name '*.py' -not -path '*/__pycache__/*')))))
COMPLETE = eval "$$(backtimer completion bash)"; COMP_LINE="backtimer run de"; \
	COMP_POINT=16; COMP_WORDS=(backtimer run de); COMP_CWORD=2; \
	_python_argcomplete backtimer de run; echo "$${COMPREPLY[*]}"

dist-check: $(TEST_STAMP)
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(BIN)/python -m build --outdir "$$tmp/dist" . > "$$tmp/build.log" 2>&1 \
	  || { cat "$$tmp/build.log"; exit 1; }; \
	$(PYTHON) -m venv --without-pip "$$tmp/venv"; \
	$(BIN)/python -m pip --python "$$tmp/venv/bin/python" install -qq "$$tmp"/dist/*.whl; \
	cd "$$tmp"; export BACKTIMER_HOME="$$tmp/home" PATH="$$tmp/venv/bin:$$PATH"; \
	echo $(MODULES) > modules; set -x; \
	backtimer --version; \
	backtimer list > /dev/null; \
	backtimer plan demo > /dev/null; \
	backtimer import --list > /dev/null; \
	python -c 'import importlib, sys; from importlib.resources import files as f; \
	  [importlib.import_module(m) for m in open("modules").read().split()]; \
	  import backtimer; assert backtimer.__file__.startswith(sys.prefix), backtimer.__file__; \
	  assert (f("backtimer.tui.screens") / "session.tcss").is_file(); \
	  assert (f("backtimer") / "routine.schema.json").is_file(); \
	  assert (f("backtimer.routines") / "demo.toml").is_file()'; \
	test "$$(bash --norc --noprofile -c '$(COMPLETE)')" = "demo desk-posture"; \
	set +x; echo "dist-check: the wheel installs into a fresh venv, runs and completes"

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
