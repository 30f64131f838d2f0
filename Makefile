# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Two stamps: `make run` installs the runtime only (SQLite needs no driver);
# `make test` adds the test tools and PostgreSQL's driver, also after a `make run`.
RUNTIME := $(VENV)/.installed-runtime
TESTING := $(VENV)/.installed-test

.PHONY: run test install install-test migrate score clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(RUNTIME): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

# .[test,postgres] holds the runtime too, so it stamps both.
$(TESTING): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,postgres]'
	touch $(RUNTIME) $@

install: $(RUNTIME)

install-test: $(TESTING)

migrate: install
	$(BIN)/timeline migrate

## Create the virtualenv, install, migrate, ingest seeds/ when the database is empty, serve.
run: migrate
	$(BIN)/timeline ingest --if-empty seeds/
	$(BIN)/timeline serve

# Tests that touch the database run a second time on PostgreSQL when
# TIMELINE_TEST_POSTGRES names an admin URL (.ci/postgres starts one).
POSTGRES_TESTS := tests/test_cli.py tests/test_web.py tests/test_pages.py tests/test_seeds.py \
                  tests/test_hostile.py tests/test_hardening.py tests/test_fuzz.py tests/test_parallel.py \
                  tests/test_evaluate.py tests/test_store.py tests/test_migrations.py tests/test_search.py \
                  tests/test_reextract.py tests/test_undated.py tests/test_map.py

test: install-test
	env -u TIMELINE_TEST_POSTGRES $(BIN)/python -m pytest
	@if [ -n "$$TIMELINE_TEST_POSTGRES" ]; then \
	  echo "== the same storage, ingest and web tests on PostgreSQL"; \
	  $(BIN)/python -m pytest $(POSTGRES_TESTS); \
	fi

## Score the seeds and the development set against the shared gold files.
score: install
	@printf 'seeds  '; $(BIN)/timeline eval --quiet ../shared/gold/seeds.jsonl
	@printf 'dev    '; $(BIN)/timeline eval --quiet ../shared/gold/dev*.jsonl


clean:
	rm -rf $(VENV) data/*.db
