# The two commands of the README's quick start: `make up` and `make test`.
# Both create .venv and install the project first, so a fresh clone needs nothing else.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# pythainlp must never try to download a model or corpus at run time.
export PYTHAINLP_OFFLINE := 1

.PHONY: install up test

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

up: install
	$(BIN)/tipgraph up

test: install
	$(BIN)/pytest
