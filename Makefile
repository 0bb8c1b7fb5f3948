# Two commands: `make run` and `make test`. Both create .venv and install the pinned
# dependencies (constraints.txt) plus this project, then do their job.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install run test bench schema eval clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/news-pipeline run

test: install
	$(BIN)/python -m pytest -q

schema: install
	$(BIN)/news-pipeline schema > models/record.schema.json

eval: install
	$(BIN)/python eval/evaluate.py

clean:
	rm -rf $(VENV) .prefect .pytest_cache .hypothesis
