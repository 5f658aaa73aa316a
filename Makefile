# The two commands: `make demo` (set up, load the demo, serve on http://127.0.0.1:8000)
# and `make test` (set up, run the whole test suite). Everything else here serves them.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
JS_STAMP := node_modules/.installed

.PHONY: setup demo test bench lint clean

# setup.py compiles saferplaces/evidence/_kernels.c: a change to the C file reinstalls (and recompiles).
$(PY_STAMP): pyproject.toml setup.py saferplaces/evidence/_kernels.c
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(JS_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(PY_STAMP) $(JS_STAMP)

demo: setup
	DEBUG=1 $(BIN)/python manage.py demo

test: setup
	scripts/ensure-chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# ruff (style and common bugs), mypy (types of the evidence engine), import-linter (the layers);
# configured in pyproject.toml. .ci/run runs it before the tests.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: setup
	for script in bench/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) node_modules var staticfiles
