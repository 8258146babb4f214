# The README's two commands: `make run` (the whole backend on embedded services) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint schema clean browser audit lock

$(BIN)/ifarm: pyproject.toml constraints.txt
	@# pgmigrate needs psycopg2, which builds from source against libpq (pg_config).
	@command -v pg_config >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
	  (apt-get update -qq && apt-get install -y -qq libpq-dev >/dev/null); } || \
	  { echo "libpq-dev (pg_config) is required: apt-get install libpq-dev"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	@# constraints.txt is the lock: every package at the version CI and the Docker image get.
	$(BIN)/pip install -q -c constraints.txt --upgrade pip setuptools
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	@touch $@

run: $(BIN)/ifarm
	$(BIN)/ifarm up

test: $(BIN)/ifarm browser
	$(BIN)/ruff check app scheduler tests bench
	$(BIN)/pytest -n 2 --dist loadgroup --durations=30 tests

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

# Known vulnerabilities in the locked set, from PyPI's advisory data for each pinned release. --strict:
# a package the service cannot answer for fails the audit instead of passing unchecked. .ci/run runs it
# where pypi.org's per-release JSON API answers.
audit: $(BIN)/ifarm
	$(BIN)/pip-audit --strict --vulnerability-service pypi --progress-spinner off --no-deps --disable-pip \
	  -r constraints.txt

# Re-lock after changing pyproject.toml: resolve it afresh in a scratch venv and freeze every package.
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install -q --upgrade pip setuptools
	.venv-lock/bin/pip install -q -e '.[dev]'
	{ grep '^#' constraints.txt; .venv-lock/bin/pip freeze --all --exclude-editable; } > constraints.txt.tmp
	mv constraints.txt.tmp constraints.txt
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) .ifarm
