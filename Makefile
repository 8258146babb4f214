# The README's two commands: `make run` (the whole backend on embedded services) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint schema clean browser

$(BIN)/ifarm: pyproject.toml
	@# pgmigrate needs psycopg2, which builds from source against libpq (pg_config).
	@command -v pg_config >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
	  (apt-get update -qq && apt-get install -y -qq libpq-dev >/dev/null); } || \
	  { echo "libpq-dev (pg_config) is required: apt-get install libpq-dev"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

run: $(BIN)/ifarm
	$(BIN)/ifarm up

test: $(BIN)/ifarm browser
	$(BIN)/ruff check app scheduler tests bench
	$(BIN)/pytest -n 2 --dist loadgroup tests

# The docs page is tested in a real headless browser: Debian's chromium (installed when run as root).
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
	  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null); } || \
	  { echo "chromium is required by the tests (/docs in a headless browser): apt-get install chromium"; exit 1; }

lint: $(BIN)/ifarm
	$(BIN)/ruff check app scheduler tests bench

# Regenerate the committed schema snapshot after an intended schema change.
schema: $(BIN)/ifarm
	$(BIN)/python -m tests.schema_snapshot > db/schema.sql.tmp && mv db/schema.sql.tmp db/schema.sql

clean:
	rm -rf $(VENV) .ifarm
