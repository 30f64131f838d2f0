# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test install migrate score clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

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
                  tests/test_reextract.py tests/test_undated.py

test: install
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
