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

test: install
	$(BIN)/python -m pytest

## Score the seeds against the shared gold file.
score: install
	$(BIN)/timeline eval ../shared/gold/seeds.jsonl


clean:
	rm -rf $(VENV) data/*.db
