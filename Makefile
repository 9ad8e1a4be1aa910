# serviq — every target creates .venv and installs what it needs when missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: demo test test-pg lint format bench serve clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "serviq needs Python >= 3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,pg,spark]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/serviq demo $(DEMO_ARGS)

# --dist loadgroup: the Spark cases share one worker, so one local Spark starts, not two.
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

# The suite again against the PostgreSQL server named by DATABASE_URL. Left out: the browser
# tests and the folders whose tests never open a database (pure functions on files and
# values), which would only run twice the same way; and the Spark cases, which open none.
PG_SKIP := --ignore=tests/reference --ignore=tests/reports --ignore=tests/actions \
  --ignore=tests/delphi --ignore=tests/training --ignore=tests/cli
test-pg: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres} \
	  $(BIN)/python -m pytest -n 2 -m "not browser and not spark" $(PG_SKIP) $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

bench: $(STAMP)
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

serve: $(STAMP)
	$(BIN)/serviq serve

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
