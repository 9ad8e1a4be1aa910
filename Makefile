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

# xdist's default distribution: --dist loadgroup (one worker for a module's shared set-up,
# one local Spark) reported fewer tests than it collected here (2,803 of 2,848), so it is not
# used until that is understood; each worker may start its own local Spark.
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# The tests that open a database (marked ``db`` by tests/conftest.py: a Django database or
# the PostgreSQL engine of the KPIs) again, on the PostgreSQL server named by DATABASE_URL;
# the others (pure functions on files and values) would only run twice the same way, and
# the browser tests see the same pages as on SQLite; the Spark cases open none.
test-pg: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres} \
	  $(BIN)/python -m pytest -n 2 -m "db and not browser and not spark" $(PYTEST_ARGS)

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
